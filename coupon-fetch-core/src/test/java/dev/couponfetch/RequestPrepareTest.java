package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestPrepareTest {
  static final String NASTY = "a&b=c+d e/f#g?h\"i\\j é 日本 %20";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void prepare_get_endpointVariablesPercentEncodedAsComponent() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/p/{{promo}}?campaign=spring&e={{ email }}")
            .build();

    PreparedRequest r = c.prepare(Map.of("promo", "x/y", "email", NASTY));

    assertThat(r.method()).isEqualTo(RequestMethod.GET);
    assertThat(r.body()).isNull();
    assertThat(r.contentType()).isNull();
    URI uri = r.uri();
    assertThat(uri.getRawPath()).isEqualTo("/p/x%2Fy");
    assertThat(uri.getRawQuery())
        .isEqualTo(
            "campaign=spring&e=a%26b%3Dc%2Bd%20e%2Ff%23g%3Fh%22i%5Cj%20%C3%A9%20%E6%97%A5%E6%9C%AC%20%2520");
    assertThat(uri.getRawFragment()).isNull();
    assertThat(uri.getQuery()).isEqualTo("campaign=spring&e=" + NASTY);
  }

  @Test
  void prepare_nonAsciiLiteralInEndpoint_sentAsAscii() {
    CouponSourceConfig c = CouponSourceConfig.builder("https://shop.example/café").build();

    assertThat(c.prepare(Map.of()).uri().toString()).isEqualTo("https://shop.example/caf%C3%A9");
  }

  @Test
  void prepare_postJson_valuesEscapedByJsonAndTypesKept() throws Exception {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/codes")
            .method(RequestMethod.POST_JSON)
            .payloadJson(
                "{\"email\": \"{{email}}\", \"count\": \"{{n}}\", \"fixed\": 1, \"ok\": true,"
                    + " \"nested\": {\"list\": [\"<{{email}}>\", 2.5, null]}, \"{{key}}\": \"k\"}")
            .build();

    PreparedRequest r = c.prepare(Map.of("email", NASTY, "n", "3"));

    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("email").textValue()).isEqualTo(NASTY);
    assertThat(body.get("count").isTextual()).isTrue();
    assertThat(body.get("count").textValue()).isEqualTo("3");
    assertThat(body.get("fixed").intValue()).isEqualTo(1);
    assertThat(body.get("ok").booleanValue()).isTrue();
    assertThat(body.at("/nested/list/0").textValue()).isEqualTo("<" + NASTY + ">");
    assertThat(body.at("/nested/list/1").doubleValue()).isEqualTo(2.5);
    assertThat(body.at("/nested/list/2").isNull()).isTrue();
    assertThat(body.get("{{key}}").textValue()).isEqualTo("k");
    assertThat(r.bodyText()).contains("é 日本");
  }

  @Test
  void prepare_postJsonWithoutPayload_sendsEmptyObject() {
    PreparedRequest r =
        CouponSourceConfig.builder("https://a.example")
            .method(RequestMethod.POST_JSON)
            .build()
            .prepare(Map.of());

    assertThat(r.bodyText()).isEqualTo("{}");
  }

  @Test
  void prepare_postForm_urlEncodedUtf8() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/codes")
            .method(RequestMethod.POST_FORM)
            .payloadJson("{\"email\": \"{{email}}\", \"n\": 2, \"vip\": false, \"a b\": \"x&y\"}")
            .build();

    PreparedRequest r = c.prepare(Map.of("email", NASTY));

    assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.bodyText())
        .isEqualTo(
            "email=a%26b%3Dc%2Bd+e%2Ff%23g%3Fh%22i%5Cj+%C3%A9+%E6%97%A5%E6%9C%AC+%2520"
                + "&n=2&vip=false&a+b=x%26y");
    assertThat(URLDecoder.decode(r.bodyText().split("&")[0].substring(6), StandardCharsets.UTF_8))
        .isEqualTo(NASTY);
  }

  @Test
  void prepare_headers_filledInAndCredentialHeadersSensitive() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .header("X-Visitor", "v-{{visitorId}}")
            .header("Authorization", "Bearer {{token}}")
            .header("Cookie", "s=1")
            .build();

    PreparedRequest r = c.prepare(Map.of("visitorId", "é 1", "token", "tok"));

    assertThat(r.headers())
        .containsExactly(
            new PreparedRequest.Header("X-Visitor", "v-é 1", false),
            new PreparedRequest.Header("Authorization", "Bearer tok", true),
            new PreparedRequest.Header("Cookie", "s=1", true));
    assertThat(r.toString()).doesNotContain("Bearer tok").contains("X-Visitor: v-é 1");
  }

  @Test
  void prepare_headerInjectionThroughVariable_refused() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .header("X-Visitor", "{{visitorId}}")
            .build();

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> c.prepare(Map.of("visitorId", "1\r\nX-Admin: yes")));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("headers.X-Visitor").contains("'visitorId'");
  }

  @Test
  void prepare_contentTypeHeader_replacesDefault() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{}")
            .header("content-type", "application/vnd.acme+json; v={{v}}")
            .header("Accept", "application/json")
            .build();

    PreparedRequest r = c.prepare(Map.of("v", "2"));

    assertThat(r.contentType()).isEqualTo("application/vnd.acme+json; v=2");
    assertThat(r.headers()).extracting(PreparedRequest.Header::name).containsExactly("Accept");
  }

  @Test
  void prepare_missingVariables_allNamedWithWhereUsed() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example/{{promo}}")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"email\": \"{{email}}\"}")
            .auth(AuthConfig.queryString(Map.of("key", "{{tenantKey}}")))
            .build();

    CouponFetchException one =
        catchThrowableOfType(
            CouponFetchException.class, () -> c.prepare(Map.of("promo", "p", "tenantKey", "k")));
    CouponFetchException all =
        catchThrowableOfType(CouponFetchException.class, () -> c.prepare(Map.of()));

    assertThat(one.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(one.getMessage())
        .isEqualTo("variable 'email' is used in payload.email but was not supplied");
    assertThat(all.getMessage())
        .isEqualTo(
            "variables were not supplied: 'promo' (used in endpoint), 'email' (used in"
                + " payload.email), 'tenantKey' (used in auth.params.key)");
  }

  @Test
  void prepare_isRepeatableAndDoesNotChangeTheConfig() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"e\": \"{{e}}\"}")
            .build();

    assertThat(c.prepare(Map.of("e", "1")).bodyText()).isEqualTo("{\"e\":\"1\"}");
    assertThat(c.prepare(Map.of("e", "2")).bodyText()).isEqualTo("{\"e\":\"2\"}");
    assertThat(c.payload().get("e").textValue()).isEqualTo("{{e}}");
  }
}
