package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java.net.URI} takes any digits as a port, and HttpClient then refused the request with an
 * IllegalArgumentException (exit 1 on the command line, 500 in serve): a port outside 1–65535 is a
 * problem of the field that holds it.
 */
class ConfigUrlPortTest {
  private static List<String> problems(CouponSourceConfig.Builder builder) {
    CouponFetchException e = catchThrowableOfType(CouponFetchException.class, builder::build);
    assertThat(e).as("expected an invalid config").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e.problems();
  }

  private static List<String> endpointProblems(String endpoint) {
    return problems(CouponSourceConfig.builder(endpoint));
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:99999/,        99999",
    "http://127.0.0.1:65536/,        65536",
    "https://coupons.example:0/x,    0",
    "http://[::1]:99999/,            99999",
    "http://127.0.0.1:99999999999/,  99999999999",
    "http://{{host}}.example:70000/, 70000",
  })
  void build_endpointPortOutOfRange_problemNamingThePort(String endpoint, String port) {
    assertThat(endpointProblems(endpoint))
        .containsExactly("endpoint: port " + port + " is out of range (1–65535)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:1/",
        "http://127.0.0.1:65535/",
        "http://[::1]:8080/x",
        "http://h/"
      })
  void build_endpointPortInRange_accepted(String endpoint) {
    assertThat(CouponSourceConfig.builder(endpoint).build().endpoint()).isEqualTo(endpoint);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://user@/x", "http://@/x", "http://:8080/x", "https://user:pw@:1/"})
  void build_endpointWithoutHost_problemWithoutEchoingUserInfo(String endpoint) {
    assertThat(endpointProblems(endpoint)).containsExactly("endpoint: has no host name");
  }

  @Test
  void fromJson_endpointPortOutOfRange_problem() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> CouponSourceConfig.fromJson("{\"endpoint\":\"http://127.0.0.1:99999/\"}"));
    assertThat(e.problems()).containsExactly("endpoint: port 99999 is out of range (1–65535)");
  }

  @Test
  void build_oauth2UrlPortsOutOfRange_problemPerField() {
    AuthConfig auth =
        AuthConfig.builder(AuthType.OAUTH2)
            .clientId("client")
            .authorizationUrl("https://auth.example:65536/authorize")
            .tokenUrl("https://auth.example:99999/token")
            .redirectUri("http://127.0.0.1:0/callback")
            .build();
    assertThat(problems(CouponSourceConfig.builder("https://api.example/").auth(auth)))
        .containsExactly(
            "auth.tokenUrl: port 99999 is out of range (1–65535)",
            "auth.authorizationUrl: port 65536 is out of range (1–65535)",
            "auth.redirectUri: port 0 is out of range (1–65535)");
  }

  @Test
  void build_oauth2UrlsWithoutHost_problem() {
    AuthConfig auth =
        AuthConfig.builder(AuthType.OAUTH2)
            .clientId("client")
            .authorizationUrl("https://@/authorize")
            .tokenUrl("https://:443/token")
            .redirectUri("http://127.0.0.1:99999999999/callback")
            .build();
    assertThat(problems(CouponSourceConfig.builder("https://api.example/").auth(auth)))
        .containsExactly(
            "auth.tokenUrl: has no host name",
            "auth.authorizationUrl: has no host name",
            "auth.redirectUri: port 99999999999 is out of range (1–65535)");
  }

  @Test
  void build_customSchemeRedirectUri_stillAccepted() {
    AuthConfig auth =
        AuthConfig.builder(AuthType.OAUTH2)
            .clientId("client")
            .authorizationUrl("https://auth.example/authorize")
            .tokenUrl("https://auth.example:8443/token")
            .redirectUri("com.example.app:/oauth/callback")
            .build();
    assertThat(CouponSourceConfig.builder("https://api.example/").auth(auth).build().auth())
        .isEqualTo(auth);
  }
}
