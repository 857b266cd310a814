package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {
  static List<String> problemsOf(CouponSourceConfig.Builder b) {
    CouponFetchException e = catchThrowableOfType(CouponFetchException.class, b::build);
    assertThat(e).as("expected an invalid config").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e.problems();
  }

  static CouponSourceConfig.Builder valid() {
    return CouponSourceConfig.builder("https://coupons.example/api?campaign=spring");
  }

  @Test
  void build_fiveProblems_fiveMessagesEachNamingItsField() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.builder("ftp://x")
                    .name(" ")
                    .payloadJson("{\"a\": 1}")
                    .auth(AuthConfig.builder(AuthType.QUERY_STRING).build())
                    .timeouts(Timeouts.ofMillis(5000, 600_001))
                    .build());

    assertThat(e.problems())
        .containsExactly(
            "name: must not be blank",
            "endpoint: must be an absolute http or https URL, got 'ftp://x'",
            "payload: not allowed for GET; choose POST_JSON or POST_FORM to send it",
            "auth.params: QUERY_STRING needs at least one parameter",
            "timeouts.responseMs: must be between 1 and 600000 (10 minutes), got 600001");
    assertThat(e.getMessage())
        .startsWith("Invalid configuration (5 problems): name: must not be blank;");
  }

  @Test
  void build_endpoint_mustBeAbsoluteHttpWithHost() {
    assertThat(problemsOf(CouponSourceConfig.builder("/relative/path")))
        .containsExactly("endpoint: must be an absolute http or https URL, got '/relative/path'");
    assertThat(problemsOf(CouponSourceConfig.builder("https:///nohost")))
        .containsExactly("endpoint: must be an absolute http or https URL, got 'https:///nohost'");
    assertThat(problemsOf(CouponSourceConfig.builder("https://a b.example/")))
        .singleElement()
        .asString()
        .startsWith(
            "endpoint: must be an absolute http or https URL, got 'https://a b.example/' (");
    assertThat(problemsOf(CouponSourceConfig.builder("https://a.example/x#top")))
        .containsExactly(
            "endpoint: must not contain a '#' fragment, which is never sent to the server");
    assertThat(problemsOf(CouponSourceConfig.builder("")).get(0))
        .isEqualTo("endpoint: is required");
  }

  @Test
  void build_endpointWithVariables_accepted() {
    assertThatCode(
            () ->
                CouponSourceConfig.builder(
                        "HTTPS://{{tenant}}.shop.example:8443/p/{{promo}}?e={{email}}")
                    .build())
        .doesNotThrowAnyException();
  }

  @Test
  void build_noName_defaultsToHostUnlessHostIsAVariable() {
    assertThat(CouponSourceConfig.builder("https://Shop.example:8443/x").build().name())
        .isEqualTo("Shop.example");
    assertThat(CouponSourceConfig.builder("https://{{tenant}}.shop.example/").build().name())
        .isEqualTo("coupon-source");
  }

  @Test
  void build_endpointWithUserInfo_rejectedWithoutEchoingIt() {
    List<String> problems = problemsOf(CouponSourceConfig.builder("https://u:hunter2@a.example/"));

    assertThat(problems)
        .containsExactly(
            "endpoint: must not contain a user name or password; use auth BASIC instead");
  }

  @Test
  void build_payloadShapes_checkedPerMethod() {
    assertThat(
            problemsOf(
                valid()
                    .method(RequestMethod.POST_FORM)
                    .payloadJson("{\"a\": \"x\", \"items\": [1], \"o\": {}, \"n\": null}")))
        .containsExactly(
            "payload.items: POST_FORM needs a flat object of scalars (strings, numbers, booleans),"
                + " got an array",
            "payload.o: POST_FORM needs a flat object of scalars (strings, numbers, booleans), got"
                + " an object",
            "payload.n: POST_FORM needs a flat object of scalars (strings, numbers, booleans), got"
                + " null");
    assertThat(problemsOf(valid().method(RequestMethod.POST_FORM).payloadJson("[1]")))
        .containsExactly("payload: POST_FORM needs a flat object of scalars, got [1]");
    assertThat(problemsOf(valid().method(RequestMethod.POST_JSON).payloadJson("\"text\"")))
        .containsExactly("payload: POST_JSON needs a JSON object or array, got \"text\"");
    assertThatCode(() -> valid().method(RequestMethod.POST_JSON).payloadJson("[]").build())
        .doesNotThrowAnyException();
  }

  @Test
  void build_headers_validTokensWithoutLineBreaks() {
    assertThat(
            problemsOf(
                valid()
                    .header("Bad Name", "x")
                    .header("X-Ok", "a\r\nX-Evil: 1")
                    .header("Content-Length", "5")
                    .header("x-ok", "again")))
        .containsExactly(
            "headers[\"Bad Name\"]: not a valid header name (letters, digits and"
                + " !#$%&'*+-.^_`|~ only)",
            "headers.X-Ok: value must not contain a control character (such as a line break)",
            "headers.Content-Length: is set by the HTTP client and cannot be configured",
            "headers.x-ok: repeats header 'X-Ok' (header names ignore case)");
  }

  @Test
  void build_authFields_mustFitTheType() {
    assertThat(problemsOf(valid().auth(AuthConfig.builder(AuthType.DIGEST).build())))
        .containsExactly(
            "auth.username: is required for DIGEST", "auth.password: is required for DIGEST");
    assertThat(
            problemsOf(
                valid()
                    .auth(
                        AuthConfig.builder(AuthType.NONE)
                            .username("u")
                            .password("p")
                            .header("X-Key", "k")
                            .build())))
        .containsExactly(
            "auth.username: not used by NONE",
            "auth.password: not used by NONE",
            "auth.headers: not used by NONE");
    assertThat(problemsOf(valid().auth(AuthConfig.builder(AuthType.HEADERS).build())))
        .containsExactly("auth.headers: HEADERS needs at least one header");
    assertThat(problemsOf(valid().auth(AuthConfig.basic("a:b", "p"))))
        .containsExactly("auth.username: must not contain ':' for BASIC (RFC 7617)");
    assertThat(problemsOf(valid().auth(AuthConfig.builder(AuthType.OAUTH2).build())))
        .containsExactly(
            "auth.clientId: is required for OAUTH2",
            "auth.tokenUrl: is required for OAUTH2",
            "auth.authorizationUrl: is required for the AUTHORIZATION_CODE grant");
  }

  @Test
  void build_basicWithEmptyPassword_accepted() {
    // API-key-as-username endpoints send an empty password.
    assertThatCode(() -> valid().auth(AuthConfig.basic("sk_test_key", "")).build())
        .doesNotThrowAnyException();
  }

  @Test
  void build_nameAndTimeouts_limited() {
    assertThat(problemsOf(valid().name("n".repeat(101))))
        .containsExactly("name: must be at most 100 characters, has 101");
    assertThat(problemsOf(valid().name("a\nb")))
        .containsExactly("name: must not contain control characters (line breaks, tabs)");
    assertThat(problemsOf(valid().timeouts(Timeouts.ofMillis(-1, 10))))
        .containsExactly("timeouts.connectMs: must be between 1 and 600000 (10 minutes), got -1");
    assertThatCode(
            () -> valid().name("n".repeat(100)).timeouts(Timeouts.ofMillis(1, 600_000)).build())
        .doesNotThrowAnyException();
  }

  @Test
  void build_templateSyntax_reportedWithField() {
    assertThat(
            problemsOf(
                valid()
                    .method(RequestMethod.POST_JSON)
                    .payloadJson("{\"a\": [\"{{email\"]}")
                    .header("X-Id", "{{ bad name }}")
                    .auth(AuthConfig.queryString(Map.of("key", "{{!!}}")))))
        .containsExactlyInAnyOrder(
            "payload.a[0]: '{{' at position 1 is not closed by '}}'",
            "headers.X-Id: '{{bad name}}' is not a valid variable name (use letters, digits, '_',"
                + " '.' and '-')",
            "auth.params.key: the placeholder at position 1 is not a valid variable name (use"
                + " letters, digits, '_', '.' and '-')");
  }
}
