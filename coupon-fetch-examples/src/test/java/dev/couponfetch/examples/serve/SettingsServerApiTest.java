package dev.couponfetch.examples.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/test} and {@code POST /api/fetch} against a WireMock endpoint. */
class SettingsServerApiTest {
  private static final String USER = "acme";
  private static final String PASSWORD = "S3CR3T-pw-123";

  private WireMockServer endpoint;
  private SettingsServer server;
  private ServeHttp http;

  @BeforeEach
  void start() {
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    // Anything without the right credentials is refused; the right ones get a coupon.
    endpoint.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(401)));
    endpoint.stubFor(
        get(urlPathEqualTo("/coupon"))
            .atPriority(1)
            .withBasicAuth(USER, PASSWORD)
            .willReturn(okJson("{\"coupon\":{\"code\":\"SPRING-7K2Q\"}}")));
    server = SettingsServer.start(0, true);
    http = new ServeHttp(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
    endpoint.stop();
  }

  @Test
  void test_validBasicConfig_works() throws Exception {
    HttpResponse<String> answer = http.postJson("/api/test", body(basicConfig(PASSWORD)));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode report = ServeHttp.json(answer);
    assertThat(report.path("works").asBoolean()).isTrue();
    assertThat(report.path("headline").asText()).isEqualTo("Configuration Works!");
    assertThat(report.path("coupons").get(0).path("code").asText()).isEqualTo("SPRING-7K2Q");
    assertThat(report.path("request").path("headers").path("Authorization").asText())
        .contains("****");
    assertNoPassword(answer.body());
  }

  @Test
  void test_wrongPassword_200ReportUnauthorized() throws Exception {
    HttpResponse<String> answer = http.postJson("/api/test", body(basicConfig("wrong-pw-456")));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode report = ServeHttp.json(answer);
    assertThat(report.path("works").asBoolean()).isFalse();
    assertThat(report.path("reason").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(report.path("headline").asText()).startsWith("Configuration Failed:");
    assertThat(report.path("hint").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("wrong-pw-456");
  }

  @Test
  void test_invalidConfig_400WithTheSameProblemsAsTheCommandLine() throws Exception {
    ObjectNode config = ServeHttp.JSON.createObjectNode().put("name", "broken");
    config.put("endpoitn", endpoint.baseUrl() + "/coupon");

    HttpResponse<String> answer = http.postJson("/api/test", body(config));

    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode report = ServeHttp.json(answer);
    assertThat(report.path("works").asBoolean()).isFalse();
    assertThat(report.path("reason").asText()).isEqualTo("INVALID_CONFIG");
    assertThat(report.path("headline").asText()).startsWith("Configuration Failed:");
    assertThat(problems(report)).isEqualTo(problemsOf(config.toString())).hasSize(2);
  }

  @Test
  void testAndFetch_invalidCustomAuth_400ProblemsNeverASettingValue() throws Exception {
    ObjectNode config = config(endpoint.baseUrl() + "/coupon");
    ObjectNode auth = config.putObject("auth").put("type", "CUSTOM");
    auth.putObject("settings").put("secret", "St-Zq71-secret").put("", "x");
    config.putObject("mapping").put("mapper", "acme-csv");

    for (String api : new String[] {"/api/test", "/api/fetch"}) {
      HttpResponse<String> answer = http.postJson(api, body(config));

      assertThat(answer.statusCode()).as(api).isEqualTo(400);
      assertThat(problems(ServeHttp.json(answer)))
          .isEqualTo(problemsOf(config.toString()))
          .containsExactly(
              "auth.scheme: is required for CUSTOM (the name of an authenticator registered on"
                  + " the fetcher)",
              "auth.settings: a setting name is blank");
      assertThat(answer.body()).doesNotContain("Zq71");
    }
  }

  @Test
  void test_bodyNotJson_400BodyProblemWithoutStackTrace() throws Exception {
    HttpResponse<String> answer = http.postJson("/api/test", "{\"config\": {nope");

    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode report = ServeHttp.json(answer);
    assertThat(report.path("reason").asText()).isEqualTo("INVALID_CONFIG");
    assertThat(problems(report)).singleElement().asString().startsWith("body: ");
    assertThat(answer.body()).doesNotContain("at dev.").doesNotContain("Exception");
  }

  @Test
  void test_envelopeProblems_allListedAtOnce() throws Exception {
    ObjectNode body = ServeHttp.JSON.createObjectNode().put("confg", 1);
    body.putObject("variables").putNull("email").put("visitorId", "v-1");

    HttpResponse<String> answer = http.postJson("/api/test", body);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(problems(ServeHttp.json(answer)))
        .anyMatch(p -> p.startsWith("confg: unknown field"))
        .contains(
            "variables.email: must be a string, a number or a boolean", "config: is required");
    assertThat(http.postJson("/api/test", "[]").statusCode()).isEqualTo(400);
    assertThat(http.postJson("/api/test", "").statusCode()).isEqualTo(400);
    assertThat(problems(ServeHttp.json(http.postJson("/api/test", "{\"config\":[]}"))))
        .containsExactly("config: must be a JSON object");
  }

  @Test
  void test_variablesNotStrings_400() throws Exception {
    ObjectNode body = body(basicConfig(PASSWORD));
    body.putObject("variables").putArray("email").add("a@b.c");

    HttpResponse<String> answer = http.postJson("/api/test", body);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(problems(ServeHttp.json(answer)))
        .containsExactly("variables.email: must be a string, a number or a boolean");
  }

  @Test
  void test_numberAndBooleanVariables_sentAsTheirText() throws Exception {
    ObjectNode config =
        basicConfig(PASSWORD)
            .put("endpoint", endpoint.baseUrl() + "/coupon?count={{count}}&vip={{vip}}");
    ObjectNode body = body(config);
    body.putObject("variables").put("count", 3).put("vip", true);

    HttpResponse<String> answer = http.postJson("/api/test", body);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(ServeHttp.json(answer).path("request").path("uri").asText())
        .endsWith("/coupon?count=3&vip=true");
  }

  @Test
  void test_missingVariable_200ReportMissingVariable() throws Exception {
    ObjectNode config =
        basicConfig(PASSWORD).put("endpoint", endpoint.baseUrl() + "/coupon?e={{email}}");

    HttpResponse<String> answer = http.postJson("/api/test", body(config));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode report = ServeHttp.json(answer);
    assertThat(report.path("works").asBoolean()).isFalse();
    assertThat(report.path("reason").asText()).isEqualTo("MISSING_VARIABLE");
    assertThat(report.path("message").asText()).contains("email");
  }

  @Test
  void test_loopbackEndpointWithoutOptIn_blockedBeforeConnecting() throws Exception {
    try (SettingsServer guarded = SettingsServer.start(0, false)) {
      HttpResponse<String> answer =
          new ServeHttp(guarded.baseUri()).postJson("/api/test", body(basicConfig(PASSWORD)));

      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode report = ServeHttp.json(answer);
      assertThat(report.path("works").asBoolean()).isFalse();
      assertThat(report.path("reason").asText()).isEqualTo("BLOCKED_ADDRESS");
    }
    assertThat(endpoint.getAllServeEvents()).isEmpty();
  }

  @Test
  void fetch_bulk_returnsEveryCoupon() throws Exception {
    endpoint.stubFor(
        get(urlPathEqualTo("/bulk"))
            .willReturn(
                okJson(
                    "{\"codes\":[{\"code\":\"B-1\",\"expires\":\"2027-03-01T00:00:00Z\"},"
                        + "{\"code\":\"B-2\",\"expires\":null},"
                        + "{\"code\":\"B-3\",\"expires\":\"2027-12-31\"}]}")));
    ObjectNode config = config(endpoint.baseUrl() + "/bulk").put("couponType", "BULK");
    config.putObject("mapping").put("code", "codes.*.code").put("expiry", "codes.*.expires");

    HttpResponse<String> answer = http.postJson("/api/fetch", body(config));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode root = ServeHttp.json(answer);
    assertThat(root.path("status").asInt()).isEqualTo(200);
    assertThat(root.has("elapsedMs")).isTrue();
    JsonNode coupons = root.path("coupons");
    assertThat(coupons).hasSize(3);
    assertThat(coupons.get(0).path("code").asText()).isEqualTo("B-1");
    assertThat(coupons.get(0).path("expiresAt").asText()).isEqualTo("2027-03-01T00:00:00Z");
    assertThat(coupons.get(1).path("code").asText()).isEqualTo("B-2");
    assertThat(coupons.get(1).has("expiresAt")).isFalse();
    assertThat(coupons.get(2).path("expiresAt").asText()).isEqualTo("2028-01-01T00:00:00Z");
  }

  @Test
  void fetch_endpointFails500_502ServerError() throws Exception {
    endpoint.stubFor(get(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(500)));

    HttpResponse<String> answer =
        http.postJson("/api/fetch", body(config(endpoint.baseUrl() + "/broken")));

    assertThat(answer.statusCode()).isEqualTo(502);
    JsonNode root = ServeHttp.json(answer);
    assertThat(root.path("reason").asText()).isEqualTo("SERVER_ERROR");
    assertThat(root.path("status").asInt()).isEqualTo(500);
    assertThat(root.path("retryable").isBoolean()).isTrue();
    assertThat(root.path("message").asText()).isNotBlank();
    assertThat(root.path("explanation").asText()).isNotBlank();
    assertThat(root.path("hint").asText()).isNotBlank();
  }

  @Test
  void fetch_invalidConfig_400Problems() throws Exception {
    ObjectNode config = config(endpoint.baseUrl() + "/coupon").put("couponType", "MANY");

    HttpResponse<String> answer = http.postJson("/api/fetch", body(config));

    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode root = ServeHttp.json(answer);
    assertThat(root.path("reason").asText()).isEqualTo("INVALID_CONFIG");
    assertThat(problems(root)).isEqualTo(problemsOf(config.toString()));
  }

  @Test
  void fetch_missingVariable_400() throws Exception {
    ObjectNode config = config(endpoint.baseUrl() + "/coupon?v={{visitorId}}");

    HttpResponse<String> answer = http.postJson("/api/fetch", body(config));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(ServeHttp.json(answer).path("reason").asText()).isEqualTo("MISSING_VARIABLE");
  }

  @Test
  void testAndFetch_portOutOfRange_400NamingTheEndpoint() throws Exception {
    for (String port : new String[] {"99999", "65536"}) {
      ObjectNode config = config("http://127.0.0.1:" + port + "/");
      for (String path : new String[] {"/api/test", "/api/fetch"}) {
        HttpResponse<String> answer = http.postJson(path, body(config));

        assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(400);
        JsonNode root = ServeHttp.json(answer);
        assertThat(root.path("reason").asText()).isEqualTo("INVALID_CONFIG");
        assertThat(problems(root)).singleElement().asString().startsWith("endpoint: ");
      }
    }
  }

  @Test
  void testAndFetch_pathThousandsOfSegmentsDeep_neverServerError() throws Exception {
    endpoint.stubFor(get(urlPathEqualTo("/deep")).atPriority(1).willReturn(okJson("{\"a\":{}}")));
    // The JsonPath overflowed the stack (a Jetty 500 page); core's validation may refuse both
    // forms with a field-named problem (400) or read them and find nothing (a failed report).
    for (String path : new String[] {"$" + ".a".repeat(3000) + ".b", "a.".repeat(3000) + "b"}) {
      ObjectNode config = config(endpoint.baseUrl() + "/deep");
      config.putObject("mapping").put("code", path);
      for (String api : new String[] {"/api/test", "/api/fetch"}) {
        HttpResponse<String> answer = http.postJson(api, body(config));

        assertThat(answer.statusCode()).as(api + " " + path.charAt(0)).isIn(200, 400, 502);
        assertThat(ServeHttp.json(answer).path("reason").asText())
            .isIn("INVALID_CONFIG", "MAPPING_NOT_FOUND");
        assertThat(answer.body()).doesNotContain("Error").doesNotContain("java.");
      }
    }
  }

  private ObjectNode basicConfig(String password) {
    ObjectNode config = config(endpoint.baseUrl() + "/coupon");
    config.putObject("auth").put("type", "BASIC").put("username", USER).put("password", password);
    config.putObject("mapping").put("code", "coupon.code");
    return config;
  }

  private static ObjectNode config(String url) {
    return ServeHttp.JSON.createObjectNode().put("name", "acme").put("endpoint", url);
  }

  static ObjectNode body(ObjectNode config) {
    ObjectNode body = ServeHttp.JSON.createObjectNode();
    body.set("config", config);
    return body;
  }

  static List<String> problems(JsonNode root) {
    List<String> problems = new ArrayList<>();
    root.path("problems").forEach(p -> problems.add(p.asText()));
    return problems;
  }

  private static List<String> problemsOf(String configJson) {
    try {
      CouponSourceConfig.fromJson(configJson);
    } catch (CouponFetchException e) {
      return e.problems();
    }
    throw new AssertionError("valid: " + configJson);
  }

  private static void assertNoPassword(String text) {
    String basic =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(text).doesNotContain(PASSWORD).doesNotContain(basic);
  }
}
