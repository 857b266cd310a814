package dev.couponfetch.examples.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.examples.OAuthMerchantStub;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} keeps one token store for every config it tests: configs that share a name, or have
 * none on one host, must still each use the tokens of their own OAuth2 client.
 */
class SettingsServerTokenIdentityTest {
  private WireMockServer a;
  private WireMockServer b;
  private SettingsServer server;
  private ServeHttp http;

  @BeforeEach
  void start() {
    a = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    b = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    a.start();
    b.start();
    server = SettingsServer.start(0, true);
    http = new ServeHttp(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
    a.stop();
    b.stop();
  }

  private static void client(WireMockServer s, String client, String token, String code) {
    OAuthMerchantStub.stub(s, client, token, code);
  }

  private static ObjectNode config(String name, WireMockServer s, String client) {
    return OAuthMerchantStub.config(name, s, client);
  }

  private JsonNode test(ObjectNode config) throws Exception {
    HttpResponse<String> answer = http.postJson("/api/test", SettingsServerApiTest.body(config));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ServeHttp.json(answer);
  }

  private static List<String> bearers(WireMockServer s) {
    return s.findAll(getRequestedFor(urlEqualTo("/coupons"))).stream()
        .map(LoggedRequest::getHeaders)
        .map(h -> h.getHeader("Authorization").firstValue())
        .toList();
  }

  @Test
  void test_sameNameOtherMerchant_getsItsOwnTokenFromItsOwnTokenUrl() throws Exception {
    client(a, "victim-client", "AT-VICTIM-1", "VICTIM-1");
    client(b, "attacker-client", "AT-ATTACKER-1", "ATTACKER-1");

    JsonNode first = test(config("shop", a, "victim-client"));
    JsonNode second = test(config("shop", b, "attacker-client"));

    assertThat(first.path("works").asBoolean()).as(first.toString()).isTrue();
    assertThat(second.path("works").asBoolean()).as(second.toString()).isTrue();
    assertThat(second.path("coupons").get(0).path("code").asText()).isEqualTo("ATTACKER-1");
    assertThat(bearers(b)).containsExactly("Bearer AT-ATTACKER-1");
    b.verify(1, postRequestedFor(urlEqualTo("/token")));
    assertThat(second.toString()).doesNotContain("AT-VICTIM");
  }

  @Test
  void test_noNamesOneHostTwoClients_eachUsesItsOwnToken() throws Exception {
    client(a, "client-one", "AT-ONE", "CODE-ONE");
    client(a, "client-two", "AT-TWO", "CODE-TWO");

    JsonNode one = test(config(null, a, "client-one"));
    JsonNode two = test(config(null, a, "client-two"));

    assertThat(one.path("coupons").get(0).path("code").asText())
        .as(one.toString())
        .isEqualTo("CODE-ONE");
    assertThat(two.path("coupons").get(0).path("code").asText())
        .as(two.toString())
        .isEqualTo("CODE-TWO");
    assertThat(bearers(a)).containsExactly("Bearer AT-ONE", "Bearer AT-TWO");
  }
}
