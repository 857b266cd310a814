package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.examples.serve.SettingsServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/curl}: the request a config would send, as a curl command, without the network;
 * credentials only when asked for, and never in the logs.
 */
class CurlApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "S3CR3T-curl-pw-31";
  private static final String BASIC =
      Base64.getEncoder().encodeToString(("acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final String QUERY_KEY = "S3CR3T-curl-qs-77";

  private final HttpClient client = HttpClient.newHttpClient();
  private WireMockServer endpoint;
  private SettingsServer server;

  @BeforeEach
  void start() {
    assertThat(CapturedLogs.active()).as("the capturing SLF4J binding is in use").isTrue();
    // Stands for the coupon endpoint: /api/curl must never call it.
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    server = SettingsServer.start(0, true);
    CapturedLogs.start();
  }

  @AfterEach
  void stop() {
    CapturedLogs.stop();
    server.close();
    endpoint.stop();
  }

  private HttpResponse<String> post(String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.baseUri().resolve("/api/curl"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String body(String auth, Boolean secrets) {
    ObjectNode b = JSON.createObjectNode();
    try {
      b.set(
          "config",
          JSON.readTree(
              "{\"endpoint\": \"http://127.0.0.1:"
                  + endpoint.port()
                  + "/codes?campaign={{c}}\", \"auth\": "
                  + auth
                  + ", \"mapping\": {\"code\": \"code\"}}"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    b.putObject("variables").put("c", "spring's");
    if (secrets != null) {
      b.put("secrets", secrets.booleanValue());
    }
    return b.toString();
  }

  private static final String BASIC_AUTH =
      "{\"type\": \"BASIC\", \"username\": \"acme\", \"password\": \"" + PASSWORD + "\"}";
  private static final String QUERY_AUTH =
      "{\"type\": \"QUERY_STRING\", \"params\": {\"api_key\": \"" + QUERY_KEY + "\"}}";

  @Test
  void basic_withoutSecrets_isMasked() throws Exception {
    for (Boolean secrets : new Boolean[] {null, false}) {
      HttpResponse<String> r = post(body(BASIC_AUTH, secrets));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("curl").textValue())
          .isEqualTo(
              "curl 'http://127.0.0.1:"
                  + endpoint.port()
                  + "/codes?campaign=spring%27s' -H 'Authorization: ****'");
      assertThat(r.body()).doesNotContain(PASSWORD, BASIC);
    }
    assertThat(endpoint.getAllServeEvents()).as("no call to the endpoint").isEmpty();
    assertThat(String.join("\n", CapturedLogs.drain())).doesNotContain(PASSWORD, BASIC);
  }

  @Test
  void basic_withSecrets_hasTheRealHeader_neverLogged() throws Exception {
    HttpResponse<String> r = post(body(BASIC_AUTH, true));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("curl").textValue())
        .endsWith(" -H 'Authorization: Basic " + BASIC + "'");
    assertThat(endpoint.getAllServeEvents()).isEmpty();
    assertThat(String.join("\n", CapturedLogs.drain())).doesNotContain(PASSWORD, BASIC);
  }

  @Test
  void queryKey_withAndWithoutSecrets() throws Exception {
    String masked = JSON.readTree(post(body(QUERY_AUTH, false)).body()).get("curl").textValue();
    String shown = JSON.readTree(post(body(QUERY_AUTH, true)).body()).get("curl").textValue();

    assertThat(masked).endsWith("&api_key=****'").doesNotContain(QUERY_KEY);
    assertThat(shown).endsWith("&api_key=" + QUERY_KEY + "'");
    assertThat(String.join("\n", CapturedLogs.drain())).doesNotContain(QUERY_KEY);
  }

  @Test
  void oauth2Token_staysMaskedWithSecrets_withAComment() throws Exception {
    String auth =
        "{\"type\": \"OAUTH2\", \"grant\": \"CLIENT_CREDENTIALS\", \"tokenUrl\": \"http://127.0.0.1:"
            + endpoint.port()
            + "/token\", \"clientId\": \"acme\", \"clientSecret\": \"S3CR3T-curl-cs\"}";

    HttpResponse<String> r = post(body(auth, true));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("curl").textValue())
        .endsWith(" -H 'Authorization: Bearer ****' # token: from a live call")
        .doesNotContain("S3CR3T-curl-cs");
    assertThat(endpoint.getAllServeEvents()).as("no token request either").isEmpty();
  }

  @Test
  void invalidInput_400WithEveryProblem() throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree(body(BASIC_AUTH, true));
    b.put("secrets", "yes");
    ((ObjectNode) b.get("config")).put("endpoint", "not a url");

    HttpResponse<String> r = post(b.toString());

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode answer = JSON.readTree(r.body());
    List<String> problems = new ArrayList<>();
    answer.get("problems").forEach(p -> problems.add(p.textValue()));
    assertThat(problems).contains("secrets: must be true or false");
    assertThat(problems).anyMatch(p -> p.startsWith("endpoint:"));
    assertThat(r.body()).doesNotContain(PASSWORD);
  }

  @Test
  void missingVariable_400() throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree(body(BASIC_AUTH, false));
    b.remove("variables");

    HttpResponse<String> r = post(b.toString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("reason").textValue()).isEqualTo("MISSING_VARIABLE");
  }

  @Test
  void fromAnotherSite_refusedLikeTheOtherPosts() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(server.baseUri().resolve("/api/curl"))
                .header("Content-Type", "application/json")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body(BASIC_AUTH, true)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).doesNotContain(PASSWORD, BASIC);
  }
}
