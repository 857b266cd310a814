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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/map}: the mapping applied again to the response an {@code /api/test} received.
 * WireMock's request journal proves the endpoint is not called again.
 */
class SettingsServerMapTest {
  private static final String USER = "acme";
  private static final String PASSWORD = "S3CR3T-pw-123";
  private static final String BODY =
      "{\"result\":[{\"data\":{\"coupon\":\"SPRING-7K2Q\",\"expires\":\"2027-12-31T10:00\"}},"
          + "{\"data\":{\"coupon\":\"SUMMER-9X1Z\",\"expires\":\"2027-12-31T10:00\"}}]}";

  private WireMockServer endpoint;
  private SettingsServer server;
  private ServeHttp http;

  @BeforeEach
  void start() {
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    endpoint.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(401)));
    endpoint.stubFor(
        get(urlPathEqualTo("/coupon"))
            .atPriority(1)
            .withBasicAuth(USER, PASSWORD)
            .willReturn(okJson(BODY)));
    server = SettingsServer.start(0, true);
    http = new ServeHttp(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
    endpoint.stop();
  }

  private ObjectNode config(String password, String type, ObjectNode mapping) {
    ObjectNode config =
        ServeHttp.JSON
            .createObjectNode()
            .put("name", "acme")
            .put("endpoint", endpoint.baseUrl() + "/coupon")
            .put("couponType", type);
    config.putObject("auth").put("type", "BASIC").put("username", USER).put("password", password);
    config.set("mapping", mapping);
    return config;
  }

  private static ObjectNode mapping(String code) {
    return ServeHttp.JSON.createObjectNode().put("code", code);
  }

  private static ObjectNode mapBody(ObjectNode config, JsonNode previous) {
    ObjectNode body = ServeHttp.JSON.createObjectNode();
    body.set("config", config);
    body.set("previous", previous);
    body.putObject("variables");
    return body;
  }

  private JsonNode liveTest(ObjectNode config) throws Exception {
    HttpResponse<String> answer = http.postJson("/api/test", SettingsServerApiTest.body(config));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ServeHttp.json(answer);
  }

  private JsonNode map(ObjectNode config, JsonNode previous) throws Exception {
    HttpResponse<String> answer = http.postJson("/api/map", mapBody(config, previous));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain(PASSWORD);
    return ServeHttp.json(answer);
  }

  private int endpointCalls() {
    return endpoint.getAllServeEvents().size();
  }

  @Test
  void map_afterOneTest_remapsSeveralTimesWithoutCallingTheEndpoint() throws Exception {
    JsonNode previous = liveTest(config(PASSWORD, "SINGLE", mapping("result.0.data.code")));
    assertThat(previous.path("works").asBoolean()).isFalse();
    assertThat(previous.path("reason").asText()).isEqualTo("MAPPING_NOT_FOUND");
    String receivedAt = previous.path("receivedAt").asText();
    assertThat(receivedAt).isNotEmpty();
    assertThat(endpointCalls()).isEqualTo(1);

    JsonNode single = map(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")), previous);
    ObjectNode withExpiry =
        mapping("result.0.data.coupon")
            .put("expiry", "result.0.data.expires")
            .put("expiryZone", "Europe/Berlin");
    JsonNode zoned = map(config(PASSWORD, "SINGLE", withExpiry), previous);
    JsonNode bulk = map(config(PASSWORD, "BULK", mapping("result.*.data.coupon")), previous);
    JsonNode wrong = map(config(PASSWORD, "SINGLE", mapping("result.0.data.voucher")), previous);
    JsonNode again = map(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")), single);

    assertThat(endpointCalls()).isEqualTo(1);
    assertThat(single.path("works").asBoolean()).as(single.toString()).isTrue();
    assertThat(single.path("coupons").get(0).path("code").asText()).isEqualTo("SPRING-7K2Q");
    assertThat(single.path("remappedFrom").asText()).isEqualTo(receivedAt);
    assertThat(single.path("receivedAt").asText()).isEqualTo(receivedAt);
    assertThat(single.path("request")).isEqualTo(previous.path("request"));
    assertThat(single.path("response")).isEqualTo(previous.path("response"));
    assertThat(single.path("request").path("headers").path("Authorization").asText())
        .contains("****");
    assertThat(zoned.path("coupons").get(0).path("expiresAt").asText())
        .isEqualTo("2027-12-31T09:00:00Z");
    assertThat(bulk.path("coupons")).hasSize(2);
    assertThat(wrong.path("reason").asText()).isEqualTo("MAPPING_NOT_FOUND");
    assertThat(wrong.path("message").asText()).contains("voucher").contains("coupon");
    assertThat(again.path("remappedFrom").asText()).isEqualTo(receivedAt);
  }

  @Test
  void map_previousUnauthorized_sameFailureAsTheTest() throws Exception {
    JsonNode previous = liveTest(config("wrong-pw-456", "SINGLE", mapping("result.0.data.coupon")));
    assertThat(previous.path("reason").asText()).isEqualTo("UNAUTHORIZED");

    JsonNode report = map(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")), previous);

    assertThat(endpointCalls()).isEqualTo(1);
    assertThat(report.path("works").asBoolean()).isFalse();
    assertThat(report.path("reason").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(report.path("message").asText()).isEqualTo(previous.path("message").asText());
    assertThat(report.path("remappedFrom").asText())
        .isEqualTo(previous.path("receivedAt").asText());
  }

  @Test
  void map_truncatedPrevious_refusedSayingSo() throws Exception {
    JsonNode previous = liveTest(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")));
    ((ObjectNode) previous.path("response")).put("truncated", true);

    JsonNode report = map(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")), previous);

    assertThat(report.path("works").asBoolean()).isFalse();
    assertThat(report.path("reason").asText()).isEqualTo("RESPONSE_TOO_LARGE");
    assertThat(report.path("hint").asText()).contains("live test");
    assertThat(endpointCalls()).isEqualTo(1);
  }

  @Test
  void map_previousCarryingTheCredentialUnmasked_showsItMasked() throws Exception {
    JsonNode previous = liveTest(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")));
    String basic =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    ((ObjectNode) previous.path("request").path("headers")).put("Authorization", "Basic " + basic);

    HttpResponse<String> answer =
        http.postJson(
            "/api/map",
            mapBody(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")), previous));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain(basic).doesNotContain(PASSWORD);
    assertThat(
            ServeHttp.json(answer).path("request").path("headers").path("Authorization").asText())
        .isEqualTo("Basic ****");
  }

  @Test
  void map_invalidInput_400NamingEachProblem() throws Exception {
    JsonNode previous = liveTest(config(PASSWORD, "SINGLE", mapping("result.0.data.coupon")));
    ObjectNode good = config(PASSWORD, "SINGLE", mapping("result.0.data.coupon"));

    ObjectNode noPrevious = mapBody(good, null);
    noPrevious.remove("previous");
    ObjectNode noResponse = mapBody(good, previous.deepCopy());
    ((ObjectNode) noResponse.path("previous")).remove("response");
    ObjectNode badReceivedAt = mapBody(good, previous.deepCopy());
    ((ObjectNode) badReceivedAt.path("previous")).put("receivedAt", "yesterday");
    ObjectNode badStatus = mapBody(good, previous.deepCopy());
    ((ObjectNode) badStatus.path("previous").path("response")).put("status", "200");
    ObjectNode unknown = mapBody(good, previous).put("extra", 1);
    ObjectNode badConfig = mapBody(good.deepCopy().put("method", "PATCH"), previous);
    ObjectNode bothBad = mapBody(good.deepCopy().put("method", "PATCH"), null);
    bothBad.remove("previous");

    assertProblem(noPrevious, "previous: is required");
    assertProblem(noResponse, "previous.response: is missing");
    assertProblem(badReceivedAt, "previous.receivedAt: must be an instant");
    assertProblem(badStatus, "previous.response.status: must be an HTTP status");
    assertProblem(unknown, "extra: unknown field; send config and previous and variables");
    assertProblem(badConfig, "method");
    assertProblem(bothBad, "method", "previous: is required");
    assertProblem("{\"config\": ", "body: ");
    assertThat(endpointCalls()).isEqualTo(1);
  }

  private void assertProblem(Object body, String... starts) throws Exception {
    HttpResponse<String> answer = http.postJson("/api/map", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    JsonNode report = ServeHttp.json(answer);
    assertThat(report.path("reason").asText()).isEqualTo("INVALID_CONFIG");
    for (String start : starts) {
      assertThat(SettingsServerApiTest.problems(report))
          .as(answer.body())
          .anyMatch(p -> p.startsWith(start));
    }
  }

  @Test
  void map_fromAnotherSite_refusedAsTestIs() throws Exception {
    HttpResponse<String> answer = http.postJson("/api/map", "{}", "Sec-Fetch-Site", "cross-site");
    assertThat(answer.statusCode()).isEqualTo(403);
    HttpResponse<String> form = http.post("/api/map", "text/plain", "{}");
    assertThat(form.statusCode()).isEqualTo(415);
  }
}
