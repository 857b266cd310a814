package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demo_everyConfigurationWorks_exit0() {
    CliRun run = CliRun.of("demo");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("== 1/11 ")
        .contains("== 11/11 ")
        .contains("11 of 11 configurations work");
    // The mutual TLS endpoint answered only with the demo client certificate.
    assertThat(run.out())
        .contains("GET https://127.0.0.1:")
        .containsPattern("(?m)^  MTLS-\\d+-\\w{4}$");
    assertThat(run.out())
        .doesNotContain(DemoCouponServer.PASSWORD)
        .doesNotContain(DemoCouponServer.API_KEY)
        .doesNotContain(DemoOAuthServer.CLIENT_SECRET)
        .doesNotContain("eyJ"); // no JWT: neither access nor ID token
    // Both OAuth2 endpoints answered only after checking the token; the second ran the code flow.
    assertThat(run.out()).containsPattern("(?m)^  OAUTH-\\d+-\\w{4}$");
    assertThat(run.out()).contains("code exchanged, tokens stored (refresh token: yes)");
    // The session endpoint answered only with the token of its own login (whose password is
    // DemoCouponServer.PASSWORD, not shown above).
    assertThat(run.out()).containsPattern("(?m)^  SESSION-\\d+-\\w{4}$");
    // The Basic/POST JSON endpoint derives its code from the {{email}} it received.
    assertThat(run.out()).containsPattern("(?m)^  ADA-\\d+-\\w{4}  expires 2027-03-01T12:00:00Z$");
    // The built-in HMAC type, checked by an endpoint that refuses stale and replayed requests.
    assertThat(run.out())
        .contains("request signed with HMAC_SHA256 (HEX) over \"POST\\n/hmac/coupon\\n")
        .containsPattern("(?m)^  HMAC-\\d+-\\w{4}$")
        .doesNotContain(DemoCouponServer.HMAC_SECRET);
  }

  @Test
  void demo_verbose_printsFullReportsWithoutSecrets() {
    CliRun run = CliRun.of("demo", "--verbose");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("Token request:")
        .contains("Login request:")
        .contains("11 of 11 configurations work");
    assertThat(run.out())
        .doesNotContain(DemoCertificates.client().keyPem().reveal().substring(40, 90));
    String clientBasic =
        Base64.getEncoder()
            .encodeToString(
                (DemoOAuthServer.CLIENT_ID + ":" + DemoOAuthServer.CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(run.all())
        .doesNotContain(DemoOAuthServer.CLIENT_SECRET)
        .doesNotContain(clientBasic)
        .doesNotContain(DemoCouponServer.HMAC_SECRET)
        .doesNotContain("eyJ");
  }
}
