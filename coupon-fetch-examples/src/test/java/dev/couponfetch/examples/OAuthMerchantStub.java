package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A merchant on a WireMock server: a client-credentials token endpoint ({@code /token}) that gives
 * {@code client} its own token, and a coupon endpoint ({@code /coupons}) that answers a code only
 * to that token. The token identity tests use two of them.
 */
public final class OAuthMerchantStub {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OAuthMerchantStub() {}

  /** Stubs {@code server}; the client's secret is {@code client + "-secret"}. */
  public static void stub(WireMockServer server, String client, String token, String code) {
    server.stubFor(
        post("/token")
            .withBasicAuth(client, client + "-secret")
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + token
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + token))
            .willReturn(okJson("{\"code\":\"" + code + "\"}")));
  }

  /** A client-credentials config for {@code client} calling {@code server}; no name when null. */
  public static ObjectNode config(String name, WireMockServer server, String client) {
    ObjectNode root = JSON.createObjectNode();
    if (name != null) {
      root.put("name", name);
    }
    root.put("endpoint", server.baseUrl() + "/coupons");
    root.putObject("auth")
        .put("type", "OAUTH2")
        .put("grant", "CLIENT_CREDENTIALS")
        .put("clientId", client)
        .put("clientSecret", client + "-secret")
        .put("tokenUrl", server.baseUrl() + "/token");
    root.putObject("mapping").put("code", "code");
    return root;
  }
}
