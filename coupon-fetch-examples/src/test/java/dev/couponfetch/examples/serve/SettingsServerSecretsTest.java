package dev.couponfetch.examples.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No API answer, working or failing, shows a secret of any auth type. */
class SettingsServerSecretsTest {
  private static final String PASSWORD = "S3CR3T-pw-123";
  private static final String QUERY_KEY = "S3CR3T-qs-456";
  private static final String HEADER_KEY = "S3CR3T-hdr-789";
  private static final String CLIENT_SECRET = "S3CR3T-cs-000";

  private MockOAuth2Server oauth;
  private WireMockServer endpoint;
  private SettingsServer server;
  private ServeHttp http;

  @BeforeEach
  void start() throws Exception {
    oauth = new MockOAuth2Server();
    oauth.start(InetAddress.getByName("127.0.0.1"), 0);
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    String coupon = "{\"code\":\"OK-1\"}";
    endpoint.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(401)));
    endpoint.stubFor(
        get(urlPathEqualTo("/ok/basic"))
            .withBasicAuth("acme", PASSWORD)
            .willReturn(okJson(coupon)));
    endpoint.stubFor(
        get(urlPathEqualTo("/ok/query"))
            .withQueryParam("api_key", equalTo(QUERY_KEY))
            .willReturn(okJson(coupon)));
    endpoint.stubFor(
        get(urlPathEqualTo("/ok/headers"))
            .withHeader("X-Api-Key", equalTo(HEADER_KEY))
            .willReturn(okJson(coupon)));
    endpoint.stubFor(
        get(urlPathEqualTo("/ok/oauth"))
            .withHeader("Authorization", matching("Bearer .+"))
            .willReturn(okJson(coupon)));
    endpoint.stubFor(
        any(urlPathEqualTo("/fail/500"))
            .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"down\"}")));
    endpoint.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_client\"}")));
    server = SettingsServer.start(0, true);
    http = new ServeHttp(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
    endpoint.stop();
    oauth.shutdown();
  }

  @Test
  void answers_workingAndFailing_neverShowASecret() throws Exception {
    List<String> answers = new ArrayList<>();
    int works = 0;
    for (String kind : List.of("basic", "query", "headers", "oauth")) {
      for (String path : List.of("/ok/" + kind, "/fail/500", "/fail/401")) {
        ObjectNode config = config(kind, endpoint.baseUrl() + path);
        ObjectNode body = SettingsServerApiTest.body(config);
        HttpResponse<String> test = http.postJson("/api/test", body);
        HttpResponse<String> fetch = http.postJson("/api/fetch", body);
        answers.add(test.body());
        answers.add(fetch.body());
        if (ServeHttp.json(test).path("works").asBoolean()) {
          works++;
          assertThat(fetch.statusCode()).as(fetch.body()).isEqualTo(200);
        } else {
          assertThat(fetch.statusCode()).as(fetch.body()).isEqualTo(502);
        }
        // The same config made invalid: the problems name fields, never values.
        config.put("unknownField", true);
        answers.add(http.postJson("/api/test", body).body());
        answers.add(http.postJson("/api/fetch", body).body());
      }
    }
    // The token endpoint refuses the client: the failure shows the token exchange, masked.
    ObjectNode refused = config("oauth", endpoint.baseUrl() + "/ok/oauth");
    refused.put("name", "secret-oauth-refused"); // no stored token: a token request is made
    ((ObjectNode) refused.get("auth")).put("tokenUrl", endpoint.baseUrl() + "/token");
    HttpResponse<String> tokenFailed =
        http.postJson("/api/test", SettingsServerApiTest.body(refused));
    assertThat(ServeHttp.json(tokenFailed).path("reason").asText()).isEqualTo("OAUTH_TOKEN_FAILED");
    answers.add(tokenFailed.body());
    answers.add(http.postJson("/api/fetch", SettingsServerApiTest.body(refused)).body());
    // Fetch tokens refuses a client credentials config, without quoting it.
    ObjectNode start = ServeHttp.JSON.createObjectNode();
    start.set("config", refused);
    HttpResponse<String> notStarted = http.postJson("/api/oauth/start", start);
    assertThat(notStarted.statusCode()).isEqualTo(400);
    answers.add(notStarted.body());

    assertThat(works).isEqualTo(4);
    String basic =
        Base64.getEncoder().encodeToString(("acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    String clientBasic =
        Base64.getEncoder()
            .encodeToString(("serve-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    for (String answer : answers) {
      assertThat(answer)
          .doesNotContain(PASSWORD)
          .doesNotContain(QUERY_KEY)
          .doesNotContain(HEADER_KEY)
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain(basic)
          .doesNotContain(clientBasic)
          .doesNotContain("eyJ"); // no JWT access token
    }
  }

  private ObjectNode config(String kind, String url) {
    ObjectNode root = ServeHttp.JSON.createObjectNode().put("name", "secret-" + kind);
    root.put("endpoint", url);
    ObjectNode auth = root.putObject("auth");
    switch (kind) {
      case "basic":
        auth.put("type", "BASIC").put("username", "acme").put("password", PASSWORD);
        break;
      case "query":
        auth.put("type", "QUERY_STRING").putObject("params").put("api_key", QUERY_KEY);
        break;
      case "headers":
        auth.put("type", "HEADERS").putObject("headers").put("X-Api-Key", HEADER_KEY);
        break;
      default:
        auth.put("type", "OAUTH2")
            .put("grant", "CLIENT_CREDENTIALS")
            .put("clientId", "serve-client")
            .put("clientSecret", CLIENT_SECRET)
            .put("tokenUrl", oauth.tokenEndpointUrl("acme").toString());
    }
    root.putObject("mapping").put("code", "code");
    return root;
  }
}
