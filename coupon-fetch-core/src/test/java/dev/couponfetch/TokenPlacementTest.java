package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenPlacementTest {
  private static final String OAUTH2 =
      """
      {"endpoint": "https://api.acme.example/coupons",
       "headers": %s,
       "auth": {"type": "OAUTH2", "grant": "CLIENT_CREDENTIALS", "clientId": "c",
                "clientSecret": "s", "tokenUrl": "https://auth.acme.example/token" %s}}
      """;

  private static CouponSourceConfig oauth2(String extraAuth) {
    return CouponSourceConfig.fromJson(OAUTH2.formatted("{}", extraAuth));
  }

  private static String problems(String headers, String extraAuth) {
    return catchThrowableOfType(
            CouponFetchException.class,
            () -> CouponSourceConfig.fromJson(OAUTH2.formatted(headers, extraAuth)))
        .getMessage();
  }

  private static PreparedRequest request() {
    return PreparedRequest.of(
        RequestMethod.GET,
        URI.create("https://api.acme.example/coupons?x=1"),
        List.of(),
        null,
        null);
  }

  @Test
  void default_isAuthorizationBearer_andNotWritten() {
    CouponSourceConfig config = oauth2("");
    assertThat(config.auth().tokenPlacement()).isEqualTo(TokenPlacement.BEARER);
    assertThat(config.toJson()).doesNotContain("tokenHeader");
    PreparedRequest sent = config.auth().tokenPlacement().applyTo(request(), "tok-1");
    assertThat(sent.headers())
        .containsExactly(new PreparedRequest.Header("Authorization", "Bearer tok-1", true));
  }

  @Test
  void fromJson_otherHeader_noPrefixUnlessGiven_andRoundTrips() {
    CouponSourceConfig plain = oauth2(", \"tokenHeader\": \"X-Auth-Token\"");
    CouponSourceConfig token =
        oauth2(", \"tokenHeader\": \"Authorization\", \"tokenPrefix\": \"Token \"");

    assertThat(plain.auth().tokenPlacement()).isEqualTo(TokenPlacement.header("X-Auth-Token", ""));
    assertThat(token.auth().tokenPlacement())
        .isEqualTo(TokenPlacement.header("Authorization", "Token "));
    assertThat(plain.auth().tokenPlacement().applyTo(request(), "t").headers())
        .containsExactly(new PreparedRequest.Header("X-Auth-Token", "t", true));
    assertThat(CouponSourceConfig.fromJson(plain.toJson())).isEqualTo(plain);
    assertThat(CouponSourceConfig.fromJson(token.toJson())).isEqualTo(token);
  }

  @Test
  void fromJson_queryAndCookie_sensitiveAndMasked() {
    CouponSourceConfig query = oauth2(", \"tokenQueryParam\": \"access_token\"");
    CouponSourceConfig cookie = oauth2(", \"tokenCookie\": \"session\"");

    PreparedRequest q = query.auth().tokenPlacement().applyTo(request(), "tok-Secret-99");
    assertThat(q.uri().toString()).endsWith("?x=1&access_token=tok-Secret-99");
    assertThat(q.displayUri() + q + query.auth()).doesNotContain("tok-Secret-99");
    PreparedRequest c = cookie.auth().tokenPlacement().applyTo(request(), "tok-Secret-99");
    assertThat(c.headers())
        .containsExactly(new PreparedRequest.Header("Cookie", "session=tok-Secret-99", true));
    assertThat(c.toString()).doesNotContain("tok-Secret-99");
    assertThat(CouponSourceConfig.fromJson(query.toJson())).isEqualTo(query);
    assertThat(CouponSourceConfig.fromJson(cookie.toJson())).isEqualTo(cookie);
  }

  @Test
  void fromJson_twoPlaces_aProblemNamingBoth() {
    assertThat(problems("{}", ", \"tokenHeader\": \"X-T\", \"tokenCookie\": \"s\""))
        .contains("auth.tokenCookie: the token goes in one place")
        .contains("auth.tokenHeader, auth.tokenCookie");
    assertThat(problems("{}", ", \"tokenPrefix\": \"Token \", \"tokenQueryParam\": \"t\""))
        .contains("auth.tokenPrefix is for a header");
  }

  @Test
  void fromJson_badNames_andConflictsWithConfigHeaders() {
    assertThat(problems("{}", ", \"tokenHeader\": \"X Auth\""))
        .contains("auth.tokenHeader: must be a header name, got 'X Auth'");
    assertThat(problems("{}", ", \"tokenHeader\": \"Host\"")).contains("auth.tokenHeader: 'Host'");
    assertThat(problems("{}", ", \"tokenCookie\": \"a;b\"")).contains("auth.tokenCookie:");
    assertThat(problems("{\"X-Auth-Token\": \"x\"}", ", \"tokenHeader\": \"X-Auth-Token\""))
        .contains(
            "headers.X-Auth-Token: conflicts with auth.type OAUTH2, which sends its own"
                + " X-Auth-Token header");
    assertThat(problems("{\"Cookie\": \"a=b\"}", ", \"tokenCookie\": \"s\""))
        .contains("headers.Cookie: conflicts with auth.type OAUTH2");
  }

  @Test
  void placementOnBasic_notUsed() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    """
                    {"endpoint": "https://api.acme.example/c",
                     "auth": {"type": "BASIC", "username": "u", "password": "p",
                              "tokenHeader": "X-T"}}
                    """));
    assertThat(e.getMessage()).contains("auth.tokenHeader: not used by BASIC");
    CouponFetchException built =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.builder("https://api.acme.example/c")
                    .auth(
                        AuthConfig.builder(AuthType.BASIC)
                            .username("u")
                            .password("p")
                            .tokenPlacement(TokenPlacement.query("t"))
                            .build())
                    .build());
    assertThat(built.getMessage()).contains("auth.tokenQueryParam: not used by BASIC");
  }
}
