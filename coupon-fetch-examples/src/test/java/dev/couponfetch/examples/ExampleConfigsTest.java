package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example files the README points at stay valid configurations. */
class ExampleConfigsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "none-get-single.json",
        "basic-post-json.json",
        "digest-get.json",
        "query-string-get.json",
        "headers-post-form.json",
        "bulk-jsonpath.json",
        "oauth2-authorization-code.json",
        "oauth2-client-credentials.json",
        "session-login.json",
        "hmac.json",
        "oauth2-private-key-jwt.json",
        "oauth2-nonstandard-provider.json",
        "mtls.json",
        "rate-limited.json"
      })
  void fromJson_exampleFile_isValidAndRoundTrips(String file) throws IOException {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/examples/" + file)) {
      assertThat(in).as(file).isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    CouponSourceConfig config = CouponSourceConfig.fromJson(json);

    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
  }

  @Test
  void fromJson_rateLimitedExample_readsItsLimits() throws IOException {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/examples/rate-limited.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(CouponSourceConfig.fromJson(json).limits())
        .isEqualTo(new Limits(4, 20, 2.5, Limits.WhenRateLimited.FAIL));
  }
}
