package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The config fields that steer the transport: {@code retryPost} and {@code tls}. */
class ConfigTransportFieldsTest {
  static final String TEST_CA =
      """
      -----BEGIN CERTIFICATE-----
      MIIBTTCB9KADAgECAghlAs3CeOeBFTAKBggqhkjOPQQDAjASMRAwDgYDVQQDEwdU
      ZXN0IENBMCAXDTI2MTEyNTIwNTgwOFoYDzIxMjYxMTAxMjA1ODA4WjASMRAwDgYD
      VQQDEwdUZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0k9CoLw0/ya7
      sfqZB8y412JjoNfnxh9StjYg0VmuM3VfpkyGNDXKQBWE/nFBiBQWXFQF3Vz1SfBG
      f29CBs3qpKMyMDAwHQYDVR0OBBYEFO6KDPld+WahA9K6wcRuMOPno8h7MA8GA1Ud
      EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAOWFssLdfLPNtjKPqsQQ17qN
      zs00ezH9P0+fLd1bGfctAiAitAcs6VaTBkEYKI0Bd+4Tc4CHqLHxMwnn8WZ/9jGT
      ZA==
      -----END CERTIFICATE-----
      """;

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
