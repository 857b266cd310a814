package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/** The config fields that steer the transport: {@code retryPost} and {@code tls}. */
class ConfigTransportFieldsTest {
  static final String TEST_CA = TestCertificates.CA_PEM;

  @Test
  void fromJson_retryPostAndTrustedCertificates_readAndRoundTrip() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://coupons.example/codes")
            .method(RequestMethod.POST_JSON)
            .retryPost(true)
            .trustedCertificates(TEST_CA)
            .build();

    CouponSourceConfig read = CouponSourceConfig.fromJson(config.toJson());

    assertThat(read).isEqualTo(config);
    assertThat(read.retryPost()).isTrue();
    assertThat(read.trustedCertificatesPem()).isEqualTo(TEST_CA);
    assertThat(CouponSourceConfig.builder("https://a.example/").build().retryPost()).isFalse();
  }

  @Test
  void build_badCertificateAndRetryPostOnGet_namedProblems() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    """
                    {"endpoint": "https://a.example/", "retryPost": true,
                     "tls": {"trustedCertificates": "not a certificate", "extra": 1}}
                    """));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "tls.extra: unknown field",
            "retryPost: only applies to POST_JSON and POST_FORM (GET is retried anyway)",
            "tls.trustedCertificates: must hold PEM certificates"
                + " (-----BEGIN CERTIFICATE----- blocks)");
  }

  @Test
  void fromJson_retryPostNotBoolean_named() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    "{\"endpoint\":\"https://a.example/\",\"retryPost\":1}"));

    assertThat(e.problems()).containsExactly("retryPost: must be true or false, got 1");
  }
}
