package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {
  static final String SPEC_EXAMPLE =
      """
      {
        "name": "acme-spring-sale",
        "endpoint": "https://coupons.acme.example/api/v1/codes?campaign=spring",
        "method": "POST_JSON",
        "payload": { "campaign": "spring", "email": "{{email}}", "count": 1 },
        "headers": { "Accept": "application/json" },
        "auth": { "type": "BASIC", "username": "acme", "password": "s3cret" },
        "couponType": "SINGLE",
        "mapping": {
          "code": "result.0.data.coupon",
          "expiry": "result.0.data.expires",
          "expiryFormat": "AUTO",
          "expiryZone": "UTC"
        },
        "timeouts": { "connectMs": 5000, "responseMs": 10000 }
      }
      """;

  static List<String> problemsOf(String json) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> CouponSourceConfig.fromJson(json));
    assertThat(e).as("expected an invalid config").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e.problems();
  }

  @Test
  void fromJson_specExample_readsEveryField() {
    CouponSourceConfig c = CouponSourceConfig.fromJson(SPEC_EXAMPLE);

    assertThat(c.name()).isEqualTo("acme-spring-sale");
    assertThat(c.endpoint()).isEqualTo("https://coupons.acme.example/api/v1/codes?campaign=spring");
    assertThat(c.method()).isEqualTo(RequestMethod.POST_JSON);
    assertThat(c.payload().get("email").textValue()).isEqualTo("{{email}}");
    assertThat(c.payload().get("count").intValue()).isEqualTo(1);
    assertThat(c.headers()).containsExactly(Map.entry("Accept", "application/json"));
    assertThat(c.auth()).isEqualTo(AuthConfig.basic("acme", "s3cret"));
    assertThat(c.couponType()).isEqualTo(CouponType.SINGLE);
    assertThat(c.mapping().code()).isEqualTo("result.0.data.coupon");
    assertThat(c.mapping().expiry()).isEqualTo("result.0.data.expires");
    assertThat(c.mapping().expiryZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(c.timeouts()).isEqualTo(Timeouts.ofMillis(5000, 10000));
  }

  @Test
  void toJson_specExample_readsBackEqual() {
    CouponSourceConfig c = CouponSourceConfig.fromJson(SPEC_EXAMPLE);

    assertThat(CouponSourceConfig.fromJson(c.toJson())).isEqualTo(c);
  }

  @Test
  void toJson_builtConfigs_readBackEqual() {
    List<CouponSourceConfig> configs =
        List.of(
            CouponSourceConfig.builder("https://a.example/codes").build(),
            CouponSourceConfig.builder("https://a.example/{{promo}}/codes?x=1")
                .name("form")
                .method(RequestMethod.POST_FORM)
                .payloadJson("{\"email\":\"{{email}}\",\"n\":2,\"ok\":true,\"f\":1.5}")
                .header("X-Trace", "t-{{visitorId}}")
                .auth(AuthConfig.queryString(Map.of("api_key", "k-{{tenant}}")))
                .couponType(CouponType.BULK)
                .mapping(
                    MappingConfig.builder()
                        .code("$.codes[*]")
                        .expiry("expires")
                        .expiryFormat("MM/dd/yyyy")
                        .expiryZone(ZoneId.of("Europe/Paris"))
                        .error("msg")
                        .build())
                .timeouts(Timeouts.ofMillis(1, 600_000))
                .build(),
            CouponSourceConfig.builder("http://b.example")
                .auth(AuthConfig.headers(Map.of("X-Api-Key", "k")))
                .mapping(MappingConfig.builder().expiryZone(ZoneId.of("UTC")).build())
                .build(),
            CouponSourceConfig.builder("https://c.example")
                .method(RequestMethod.POST_JSON)
                .payloadJson("[1, \"two\", {\"three\": [3]}]")
                .auth(AuthConfig.digest("ü", "p\"w"))
                .build());

    for (CouponSourceConfig c : configs) {
      assertThat(CouponSourceConfig.fromJson(c.toJson())).as(c.toJson()).isEqualTo(c);
    }
  }

  @Test
  void toJson_payloadWithLongAndDecimalNodes_readsBackEqual() {
    com.fasterxml.jackson.databind.node.ObjectNode payload =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    payload.put("count", 3L).put("ratio", new java.math.BigDecimal("0.25")).put("f", 1.5f);
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://coupons.example/codes")
            .method(RequestMethod.POST_JSON)
            .payload(payload)
            .build();

    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
  }

  @Test
  void toJson_fieldsInContractOrder() {
    String json = CouponSourceConfig.fromJson(SPEC_EXAMPLE).toJson();

    List<String> order =
        List.of(
            "\"name\"",
            "\"endpoint\"",
            "\"method\"",
            "\"payload\"",
            "\"headers\"",
            "\"auth\"",
            "\"couponType\"",
            "\"mapping\"",
            "\"timeouts\"");
    int previous = -1;
    for (String field : order) {
      int at = json.indexOf(field);
      assertThat(at).as(field).isGreaterThan(previous);
      previous = at;
    }
    assertThat(json).contains("\"name\": \"acme-spring-sale\"");
  }

  @Test
  void fromJson_enumValues_caseInsensitive() {
    CouponSourceConfig c =
        CouponSourceConfig.fromJson(
            """
            {"endpoint": "https://a.example", "method": "post_form", "couponType": "Bulk",
             "auth": {"type": "basic", "username": "u", "password": "p"}}
            """);

    assertThat(c.method()).isEqualTo(RequestMethod.POST_FORM);
    assertThat(c.couponType()).isEqualTo(CouponType.BULK);
    assertThat(c.auth().type()).isEqualTo(AuthType.BASIC);
  }

  @Test
  void fromJson_defaults_applied() {
    CouponSourceConfig c =
        CouponSourceConfig.fromJson("{\"endpoint\": \"https://shop.example/c\"}");

    assertThat(c.name()).isEqualTo("shop.example");
    assertThat(c.method()).isEqualTo(RequestMethod.GET);
    assertThat(c.auth()).isEqualTo(AuthConfig.none());
    assertThat(c.mapping()).isEqualTo(MappingConfig.BODY);
    assertThat(c.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void fromJson_unknownField_namedWithSuggestion() {
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "https://a.example", "methd": "GET",
             "auth": {"type": "BASIC", "username": "u", "pasword": "p"},
             "mapping": {"colour": "x"}}
            """);

    assertThat(problems)
        .contains(
            "methd: unknown field; did you mean 'method'?",
            "auth.pasword: unknown field; did you mean 'password'?",
            "mapping.colour: unknown field");
  }

  @Test
  void fromJson_wrongTypesAndValues_allListedWithFieldPaths() {
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "https://a.example", "method": "PUT", "name": 7,
             "headers": {"Accept": 1}, "couponType": "MANY",
             "mapping": {"expiryZone": "Mars/Olympus"},
             "timeouts": {"connectMs": "abc", "responseMs": 2.5}}
            """);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "method: must be one of GET, POST_JSON, POST_FORM, got \"PUT\"",
            "name: must be a string, got 7",
            "headers.Accept: must be a string, got 1",
            "couponType: must be one of SINGLE, BULK, got \"MANY\"",
            "mapping.expiryZone: unknown time zone 'Mars/Olympus'; use a region id such as"
                + " 'Europe/Paris', 'UTC', or an offset such as '+02:00'",
            "timeouts.connectMs: must be a positive integer, got \"abc\"",
            "timeouts.responseMs: must be a positive integer, got 2.5");
  }

  @Test
  void fromJson_readAndBuildProblems_reportedTogetherOnce() {
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "ftp://x", "name": "", "method": "GET", "payload": {"a": 1},
             "auth": {"type": "BASIC", "username": "u", "params": {"k": "v"}},
             "timeouts": {"connectMs": 0}, "colour": "red"}
            """);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "colour: unknown field",
            "name: must not be blank",
            "endpoint: must be an absolute http or https URL, got 'ftp://x'",
            "payload: not allowed for GET; choose POST_JSON or POST_FORM to send it",
            "auth.password: is required for BASIC",
            "auth.params: not used by BASIC",
            "timeouts.connectMs: must be between 1 and 600000 (10 minutes), got 0");
    assertThat(problems).doesNotHaveDuplicates();
  }

  @Test
  void fromJson_badMethod_doesNotAlsoBlameThePayload() {
    List<String> problems =
        problemsOf("{\"endpoint\": \"https://a.example\", \"method\": \"POST\", \"payload\": {}}");

    assertThat(problems)
        .containsExactly("method: must be one of GET, POST_JSON, POST_FORM, got \"POST\"");
  }

  @Test
  void fromJson_missingEndpoint_otherFieldsStillChecked() {
    List<String> problems = problemsOf("{\"name\": \"\", \"couponType\": \"x\"}");

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "endpoint: is required",
            "name: must not be blank",
            "couponType: must be one of SINGLE, BULK, got \"x\"");
  }

  @Test
  void fromJson_oauth2FieldsOnOtherTypes_notUsed() {
    assertThat(
            problemsOf(
                """
                {"endpoint": "https://a.example",
                 "auth": {"type": "NONE", "clientId": "c"}}
                """))
        .containsExactly("auth.clientId: not used by NONE");
  }

  @Test
  void fromJson_unreadable_givesLineAndColumnOnly() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    "{\n  \"endpoint\": \"https://a.example\",\n  \"name\" \"x\"\n}"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).startsWith("(document): unreadable JSON at line 3, column");
    assertThat(e.getCause()).isNull();
    assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void fromJson_notAnObjectOrEmpty_explained() {
    assertThat(problemsOf("[1]"))
        .containsExactly("(document): must be a JSON object, got an array");
    assertThat(problemsOf("  ")).containsExactly("(document): is empty");
    assertThat(problemsOf("{\"a\":1} {")).hasSize(1);
  }

  @Test
  void fromJson_duplicateField_named() {
    assertThat(problemsOf("{\"endpoint\": \"https://a.example\", \"endpoint\": \"https://b\"}"))
        .singleElement()
        .asString()
        .contains("duplicate field 'endpoint'");
  }

  @Test
  void toMaskedJson_masksEverySecret_andReadsAsJson() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .header("Cookie", "session=plain-header-token")
            .auth(AuthConfig.basic("user", "pa55word"))
            .build();

    String masked = c.toMaskedJson();

    assertThat(masked).doesNotContain("pa55word").doesNotContain("plain-header-token");
    assertThat(masked).contains("\"password\": \"****\"").contains("\"username\": \"user\"");
    assertThat(c.toJson()).contains("pa55word");
  }

  @Test
  void payloadJson_unreadable_namesPayload() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> CouponSourceConfig.builder("https://a.example").payloadJson("{\"a\": }"));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("payload: unreadable JSON at line 1");
  }
}
