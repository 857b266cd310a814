package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  static PreparedRequest authenticate(CouponSourceConfig c, Map<String, String> vars) {
    return Authenticator.standard(c.auth().type()).authenticate(c.prepare(vars), c, vars);
  }

  @Test
  void basic_nonAsciiCredentials_utf8Base64Preemptive() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .auth(AuthConfig.basic("jürgen", "pässwörd€"))
            .build();

    PreparedRequest r = authenticate(c, Map.of());

    // Expected bytes computed outside Java: base64 of UTF-8 "jürgen:pässwörd€".
    assertThat(r.headers())
        .containsExactly(
            new PreparedRequest.Header(
                "Authorization", "Basic asO8cmdlbjpww6Rzc3fDtnJk4oKs", true));
    assertThat(r.toString()).doesNotContain("asO8cmdl").contains("Authorization: ****");
  }

  @Test
  void queryString_valuesFilledInSensitiveAndMergedIntoQuery() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("api_key", "k-{{tenant}}");
    params.put("campaign", "override");
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example/codes?campaign=spring&lang=en")
            .auth(AuthConfig.queryString(params))
            .build();

    PreparedRequest r = authenticate(c, Map.of("tenant", "a&b c"));

    assertThat(r.queryParams())
        .containsExactly(
            new PreparedRequest.QueryParam("api_key", "k-a&b c", true),
            new PreparedRequest.QueryParam("campaign", "override", true));
    assertThat(r.uri())
        .hasToString("https://a.example/codes?lang=en&api_key=k-a%26b%20c&campaign=override");
    assertThat(r.displayUri())
        .isEqualTo("https://a.example/codes?lang=en&api_key=****&campaign=****");
    assertThat(r.toString()).doesNotContain("k-a");
  }

  @Test
  void headers_valuesFilledInAndSensitive() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .header("Accept", "application/json")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", "key-{{tenant}}")))
            .build();

    PreparedRequest r = authenticate(c, Map.of("tenant", "t1"));

    assertThat(r.headers())
        .containsExactly(
            new PreparedRequest.Header("Accept", "application/json", false),
            new PreparedRequest.Header("X-Api-Key", "key-t1", true));
  }

  @Test
  void headers_injectionThroughVariable_refused() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", "{{tenant}}")))
            .build();
    Map<String, String> vars = Map.of("tenant", "t\r\nX-Admin: 1");
    PreparedRequest prepared = c.prepare(vars);

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> Authenticator.standard(AuthType.HEADERS).authenticate(prepared, c, vars));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("auth.headers.X-Api-Key").contains("'tenant'");
  }

  @Test
  void queryString_missingVariable_namesParam() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .auth(AuthConfig.queryString(Map.of("key", "{{tenant}}")))
            .build();
    PreparedRequest bare =
        CouponSourceConfig.builder("https://a.example").build().prepare(Map.of());

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> Authenticator.standard(AuthType.QUERY_STRING).authenticate(bare, c, Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(e.getMessage())
        .isEqualTo("variable 'tenant' is used in auth.params.key but was not supplied");
  }

  @Test
  void noneDigestOauth2_addNothing_andAuthenticatorsAreSingletons() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example").auth(AuthConfig.digest("u", "p")).build();
    PreparedRequest r = c.prepare(Map.of());

    for (AuthType type : new AuthType[] {AuthType.NONE, AuthType.DIGEST, AuthType.OAUTH2}) {
      assertThat(Authenticator.standard(type).authenticate(r, c, Map.of())).isSameAs(r);
    }
    for (AuthType type : AuthType.values()) {
      assertThat(Authenticator.standard(type)).isSameAs(Authenticator.standard(type));
    }
  }

  @Test
  void prepareAuthenticated_noVariables_madeOnceAndSameAsStandardAuthenticator() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example/codes?campaign=spring")
            .auth(AuthConfig.queryString(Map.of("api_key", "k 1")))
            .build();

    PreparedRequest first = c.prepareAuthenticated(Map.of());

    assertThat(c.prepareAuthenticated(Map.of("unused", "x"))).isSameAs(first);
    PreparedRequest expected = authenticate(c, Map.of());
    assertThat(first.uri()).isEqualTo(expected.uri());
    assertThat(first.queryParams()).isEqualTo(expected.queryParams());
    assertThat(first.headers()).isEqualTo(expected.headers());
  }

  @Test
  void prepareAuthenticated_variableInCredentials_filledInOnEveryCall() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example/codes")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", "key-{{tenant}}")))
            .build();

    PreparedRequest a = c.prepareAuthenticated(Map.of("tenant", "a"));
    PreparedRequest b = c.prepareAuthenticated(Map.of("tenant", "b"));

    assertThat(a.headers()).containsExactly(new PreparedRequest.Header("X-Api-Key", "key-a", true));
    assertThat(b.headers()).containsExactly(new PreparedRequest.Header("X-Api-Key", "key-b", true));
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> c.prepareAuthenticated(Map.of()));
    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
  }
}
