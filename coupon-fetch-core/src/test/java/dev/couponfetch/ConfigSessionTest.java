package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SESSION}: {@code auth.login} read, written, masked, checked by field, and its identity.
 */
class ConfigSessionTest {
  private static final String PASSWORD = "pw-LEAK-7781";
  private static final String HEADER_SECRET = "hdr-LEAK-5521";

  private static final String SESSION =
      """
      {"name": "acme", "endpoint": "https://api.acme.example/coupons",
       "auth": {"type": "SESSION", "login": %s %s}}
      """;

  private static String login(String extra) {
    return """
        {"url": "https://shop.acme.example/api/login",
         "payload": {"username": "acme", "password": "%s", "remember": true, "tenant": 7},
         "headers": {"X-Client": "%s"}%s}
        """
        .formatted(PASSWORD, HEADER_SECRET, extra);
  }

  private static CouponSourceConfig read(String login, String extraAuth) {
    return CouponSourceConfig.fromJson(SESSION.formatted(login, extraAuth));
  }

  private static List<String> problems(String login, String extraAuth) {
    return catchThrowableOfType(CouponFetchException.class, () -> read(login, extraAuth))
        .problems();
  }

  @Test
  void fromJson_fullLogin_readsEveryField_andRoundTrips() {
    CouponSourceConfig config =
        read(
            login(", \"method\": \"post_form\", \"tokenFrom\": \"cookie\", \"tokenName\": \"sid\""),
            ", \"tokenHeader\": \"X-Session\"");

    LoginConfig l = config.auth().login();
    assertThat(l.url()).isEqualTo("https://shop.acme.example/api/login");
    assertThat(l.method()).isEqualTo(RequestMethod.POST_FORM);
    assertThat(l.tokenFrom()).isEqualTo(LoginConfig.TokenFrom.COOKIE);
    assertThat(l.tokenName()).isEqualTo("sid");
    assertThat(l.payload().get("password").textValue()).isEqualTo(PASSWORD);
    assertThat(l.headers()).containsEntry("X-Client", Secret.of(HEADER_SECRET));
    assertThat(config.auth().tokenPlacement()).isEqualTo(TokenPlacement.header("X-Session", ""));
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
  }

  @Test
  void defaults_postJsonFromBody() {
    CouponSourceConfig config = read(login(", \"tokenName\": \"data.token\""), "");

    assertThat(config.auth().login().method()).isEqualTo(RequestMethod.POST_JSON);
    assertThat(config.auth().login().tokenFrom()).isEqualTo(LoginConfig.TokenFrom.BODY);
    assertThat(config.auth().tokenPlacement()).isEqualTo(TokenPlacement.BEARER);
  }

  @Test
  void secrets_maskedInToStringAndMaskedJson() throws Exception {
    CouponSourceConfig config = read(login(", \"tokenName\": \"token\""), "");

    assertThat(config.toString() + config.auth() + config.auth().login())
        .doesNotContain(PASSWORD, HEADER_SECRET, "acme\"")
        .contains("password=****");
    var masked = new ObjectMapper().readTree(config.toMaskedJson()).path("auth").path("login");
    assertThat(masked.path("payload").path("password").textValue()).isEqualTo(Secret.MASK);
    assertThat(masked.path("payload").path("username").textValue()).isEqualTo(Secret.MASK);
    assertThat(masked.path("payload").path("tenant").intValue()).isEqualTo(7);
    assertThat(masked.path("headers").path("X-Client").textValue()).isEqualTo(Secret.MASK);
    assertThat(config.toMaskedJson()).doesNotContain(PASSWORD, HEADER_SECRET);
  }

  @Test
  void builder_equalsJson() {
    CouponSourceConfig json = read(login(", \"tokenName\": \"data.token\""), "");
    LoginConfig login =
        LoginConfig.builder("https://shop.acme.example/api/login")
            .field("username", "acme")
            .field("password", PASSWORD)
            .field("remember", true)
            .field("tenant", 7)
            .header("X-Client", HEADER_SECRET)
            .tokenName("data.token")
            .build();
    CouponSourceConfig built =
        CouponSourceConfig.builder("https://api.acme.example/coupons")
            .name("acme")
            .auth(AuthConfig.builder(AuthType.SESSION).login(login).build())
            .build();

    assertThat(built).isEqualTo(json);
    assertThat(built.hashCode()).isEqualTo(json.hashCode());
    assertThat(login.toBuilder().build()).isEqualTo(login);
  }

  @Test
  void validation_namesEachLoginField() {
    List<String> p =
        problems(
            """
            {"url": "ftp://shop.acme.example/login", "method": "GET",
             "payload": {"user": {"nested": "x"}, "pin": null},
             "headers": {"Content-Type": "text/plain", "Bad Name": "v"},
             "tokenFrom": "HEADER", "tokenName": "not a header"}
            """,
            "");

    assertThat(p)
        .anyMatch(s -> s.startsWith("auth.login.url: must be an http or https URL"))
        .anyMatch(s -> s.startsWith("auth.login.method: must be POST_JSON or POST_FORM"))
        .anyMatch(s -> s.startsWith("auth.login.payload.user: GET login needs a flat object"))
        .anyMatch(s -> s.startsWith("auth.login.payload.pin:"))
        .anyMatch(s -> s.startsWith("auth.login.headers.Content-Type: is set by the HTTP client"))
        .anyMatch(s -> s.startsWith("auth.login.headers[\"Bad Name\"]: not a valid header name"))
        .anyMatch(s -> s.startsWith("auth.login.tokenName: must be a header name"));
  }

  @Test
  void validation_requiredFields() {
    assertThat(problems("{}", ""))
        .contains("auth.login.url: is required for SESSION")
        .anyMatch(s -> s.startsWith("auth.login.payload: is empty"))
        .anyMatch(s -> s.startsWith("auth.login.tokenName: is required for SESSION"));
    List<String> none =
        catchThrowableOfType(
                CouponFetchException.class,
                () ->
                    CouponSourceConfig.fromJson(
                        "{\"endpoint\": \"https://a.example/c\", \"auth\": {\"type\": \"SESSION\"}}"))
            .problems();
    assertThat(none).singleElement().asString().startsWith("auth.login: is required for SESSION");
  }

  @Test
  void validation_unknownFieldInsideLogin_namedWithItsPath() {
    assertThat(problems(login(", \"tokenName\": \"t\", \"tokenPath\": \"x\""), ""))
        .anyMatch(s -> s.startsWith("auth.login.tokenPath: unknown field"));
  }

  @Test
  void validation_badBodyPath_namedAsTokenName() {
    assertThat(problems(login(", \"tokenName\": \"$[\""), ""))
        .anyMatch(s -> s.startsWith("auth.login.tokenName:"));
  }

  @Test
  void validation_variablesInLogin_refused_saySessionIsTheMerchants() {
    List<String> p =
        problems(
            """
            {"url": "https://shop.acme.example/{{tenant}}/login",
             "payload": {"username": "{{email}}", "password": "x"},
             "headers": {"X-Visitor": "{{visitorId}}"}, "tokenName": "token"}
            """,
            "");

    assertThat(p)
        .anyMatch(s -> s.startsWith("auth.login.url: must not hold {{variables}}"))
        .anyMatch(s -> s.startsWith("auth.login.payload.username: must not hold {{variables}}"))
        .anyMatch(s -> s.startsWith("auth.login.headers.X-Visitor: must not hold {{variables}}"))
        .allMatch(s -> !s.contains("{{variables}}") || s.contains("belongs to the merchant"));
  }

  @Test
  void validation_endpointOriginWithVariables_refused() {
    List<String> p =
        catchThrowableOfType(
                CouponFetchException.class,
                () ->
                    CouponSourceConfig.fromJson(
                        """
                        {"endpoint": "https://{{shop}}.acme.example/coupons",
                         "auth": {"type": "SESSION", "login": %s}}
                        """
                            .formatted(login(", \"tokenName\": \"t\""))))
            .problems();
    assertThat(p).anyMatch(s -> s.startsWith("endpoint:") && s.contains("session token"));
  }

  @Test
  void loginOnOtherType_notUsed() {
    List<String> p =
        catchThrowableOfType(
                CouponFetchException.class,
                () ->
                    CouponSourceConfig.fromJson(
                        """
                        {"endpoint": "https://a.example/c",
                         "auth": {"type": "BASIC", "username": "u", "password": "p",
                                  "login": {"url": "https://a.example/login"}}}
                        """))
            .problems();
    assertThat(p).containsExactly("auth.login: not used by BASIC");

    LoginConfig login = LoginConfig.builder("https://a.example/login").tokenName("t").build();
    List<String> built =
        catchThrowableOfType(
                CouponFetchException.class,
                () ->
                    CouponSourceConfig.builder("https://a.example/c")
                        .auth(
                            AuthConfig.builder(AuthType.BASIC)
                                .username("u")
                                .password("p")
                                .login(login)
                                .build())
                        .build())
            .problems();
    assertThat(built).containsExactly("auth.login: not used by BASIC");
  }

  @Test
  void validation_problemsNeverQuoteSecrets() {
    String message =
        catchThrowableOfType(
                CouponFetchException.class,
                () ->
                    read(
                        """
                        {"url": "https://shop.acme.example/login",
                         "payload": {"password": ["%s"]}, "headers": {"X-Client": 5},
                         "tokenName": "t"}
                        """
                            .formatted(PASSWORD),
                        ""))
            .getMessage();
    assertThat(message).doesNotContain(PASSWORD).contains("auth.login.payload.password");
  }

  @Test
  void tokenKey_dependsOnCredentialsAndOrigin_notOnName() {
    CouponSourceConfig a = read(login(", \"tokenName\": \"t\""), "");
    CouponSourceConfig renamed = a.toBuilder().name("other name").build();
    CouponSourceConfig otherPassword =
        a.toBuilder()
            .auth(
                a.auth().toBuilder()
                    .login(a.auth().login().toBuilder().field("password", "other").build())
                    .build())
            .build();
    CouponSourceConfig otherHeader =
        a.toBuilder()
            .auth(
                a.auth().toBuilder()
                    .login(a.auth().login().toBuilder().header("X-Client", "other").build())
                    .build())
            .build();
    CouponSourceConfig otherOrigin =
        a.toBuilder().endpoint("https://api2.acme.example/coupons").build();

    assertThat(a.tokenKey()).startsWith("session-").doesNotContain(PASSWORD);
    assertThat(renamed.tokenKey()).isEqualTo(a.tokenKey());
    assertThat(List.of(otherPassword.tokenKey(), otherHeader.tokenKey(), otherOrigin.tokenKey()))
        .doesNotContain(a.tokenKey())
        .doesNotHaveDuplicates();
    assertThat(a.mayReceiveToken(java.net.URI.create("https://api.acme.example/x"))).isTrue();
    assertThat(a.mayReceiveToken(java.net.URI.create("https://shop.acme.example/x"))).isFalse();
  }
}
