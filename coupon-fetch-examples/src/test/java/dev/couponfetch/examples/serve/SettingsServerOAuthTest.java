package dev.couponfetch.examples.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.examples.UrlQueries;
import dev.couponfetch.testing.MutableClock;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Fetch tokens round trip against a real OAuth2 server, the test playing the browser. */
class SettingsServerOAuthTest {
  private static final String CLIENT_SECRET = "S3CR3T-client-789";

  private MockOAuth2Server oauth;
  private WireMockServer endpoint;
  private final TokenStore tokens = TokenStores.inMemory();
  private final MutableClock clock = new MutableClock(Instant.now());
  private SettingsServer server;
  private ServeHttp http;

  @BeforeEach
  void start() throws Exception {
    oauth = new MockOAuth2Server();
    oauth.start(InetAddress.getByName("127.0.0.1"), 0);
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    endpoint.stubFor(
        get(urlPathEqualTo("/coupon"))
            .withHeader("Authorization", matching("Bearer [A-Za-z0-9._-]+"))
            .willReturn(okJson("{\"code\":\"OAUTH-7K2Q\"}")));
    server = SettingsServer.start(0, true, clock, tokens);
    http = new ServeHttp(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
    endpoint.stop();
    oauth.shutdown();
  }

  @Test
  void oauth_roundTrip_storesTokensThatTestUses() throws Exception {
    ObjectNode config = config();
    // Before: no tokens yet.
    JsonNode before =
        ServeHttp.json(http.postJson("/api/test", SettingsServerApiTest.body(config)));
    assertThat(before.path("reason").asText()).isEqualTo("OAUTH_NOT_AUTHORIZED");

    HttpResponse<String> start = http.get(startPath(config));
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    assertThat(authorize.toString()).startsWith(oauth.authorizationEndpointUrl("acme").toString());
    Map<String, String> query = query(authorize);
    assertThat(query)
        .containsKeys("state", "code_challenge")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("redirect_uri", server.baseUri() + "api/oauth/callback");

    URI back = followAuthorization(authorize);
    assertThat(back.toString()).startsWith(server.baseUri() + "api/oauth/callback?");
    String code = query(back).get("code");
    HttpResponse<String> page = http.open(back);

    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    OAuthTokens stored = tokens.get("acme-oauth").orElseThrow();
    String access = stored.accessToken().orElseThrow().reveal();
    String refresh = stored.refreshToken().orElseThrow().reveal();
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body())
        .contains("Tokens stored for acme-oauth")
        .contains("refresh token: yes")
        .contains("press Test Configuration")
        .contains("href=\"/\"");
    assertNoSecrets(page.body(), query.get("state"), code);
    assertThat(page.body()).doesNotContain(access).doesNotContain(refresh);

    HttpResponse<String> test = http.postJson("/api/test", SettingsServerApiTest.body(config));
    JsonNode report = ServeHttp.json(test);
    assertThat(report.path("works").asBoolean()).as(test.body()).isTrue();
    assertThat(report.path("coupons").get(0).path("code").asText()).isEqualTo("OAUTH-7K2Q");
    assertNoSecrets(test.body(), query.get("state"), code);
    assertThat(test.body()).doesNotContain(access).doesNotContain(refresh);

    // The same callback again: the pending authorization was used up.
    HttpResponse<String> again = http.open(back);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("This authorization is unknown, used or expired");
    assertNoSecrets(again.body(), query.get("state"), code);
  }

  @Test
  void callback_unknownState_400Html() throws Exception {
    HttpResponse<String> page = http.get("/api/oauth/callback?code=abc&state=never-issued");
    HttpResponse<String> noState = http.get("/api/oauth/callback?code=abc");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("press Fetch tokens again").doesNotContain("never-issued");
    assertThat(noState.statusCode()).isEqualTo(400);
  }

  @Test
  void callback_accessDenied_400HtmlAndTheStateIsUsedUp() throws Exception {
    HttpResponse<String> start = http.get(startPath(config()));
    String state =
        query(URI.create(start.headers().firstValue("Location").orElseThrow())).get("state");
    String denied = "/api/oauth/callback?error=access_denied&state=" + encode(state);

    HttpResponse<String> page = http.get(denied);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("Authorization failed").contains("Hint: ");
    assertNoSecrets(page.body(), state, null);
    assertThat(http.get(denied).body()).contains("unknown, used or expired");
  }

  @Test
  void callback_afterTenMinutes_400Expired() throws Exception {
    HttpResponse<String> start = http.get(startPath(config()));
    URI back =
        followAuthorization(URI.create(start.headers().firstValue("Location").orElseThrow()));

    clock.advance(PendingAuthorizations.TTL);
    HttpResponse<String> page = http.open(back);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("unknown, used or expired");
    assertThat(tokens.get("acme-oauth")).isEmpty();
  }

  @Test
  void start_otherRedirectUri_400NamingIt() throws Exception {
    ObjectNode config = config();
    ((ObjectNode) config.get("auth")).put("redirectUri", "http://127.0.0.1:9/elsewhere");

    HttpResponse<String> answer = http.get(startPath(config));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(SettingsServerApiTest.problems(ServeHttp.json(answer)))
        .containsExactly(
            "auth.redirectUri: serve receives the authorization at "
                + server.baseUri()
                + "api/oauth/callback; set it to that or leave it out");
  }

  @Test
  void start_ownRedirectUri_accepted() throws Exception {
    ObjectNode config = config();
    ((ObjectNode) config.get("auth")).put("redirectUri", server.baseUri() + "api/oauth/callback");

    assertThat(http.get(startPath(config)).statusCode()).isEqualTo(302);
  }

  @Test
  void start_notAnAuthorizationCodeConfig_400() throws Exception {
    ObjectNode clientCredentials = config();
    ((ObjectNode) clientCredentials.get("auth"))
        .put("grant", "CLIENT_CREDENTIALS")
        .remove("authorizationUrl");
    ObjectNode none = ServeHttp.JSON.createObjectNode().put("endpoint", endpoint.baseUrl());

    HttpResponse<String> cc = http.get(startPath(clientCredentials));
    HttpResponse<String> plain = http.get(startPath(none));
    HttpResponse<String> invalid = http.get("/api/oauth/start?config=" + encode("{\"x\":1}"));
    HttpResponse<String> missing = http.get("/api/oauth/start");

    assertThat(cc.statusCode()).isEqualTo(400);
    assertThat(SettingsServerApiTest.problems(ServeHttp.json(cc)))
        .singleElement()
        .asString()
        .startsWith("auth.grant: ");
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(SettingsServerApiTest.problems(ServeHttp.json(plain)))
        .singleElement()
        .asString()
        .startsWith("auth.type: ");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(ServeHttp.json(invalid).path("reason").asText()).isEqualTo("INVALID_CONFIG");
    assertThat(missing.statusCode()).isEqualTo(400);
    for (HttpResponse<String> answer : java.util.List.of(cc, plain, invalid, missing)) {
      assertThat(answer.body()).doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void start_loopbackTokenUrlWithoutOptIn_400BlockedBeforeTheBrowserStep() throws Exception {
    try (SettingsServer guarded = SettingsServer.start(0, false)) {
      HttpResponse<String> answer = new ServeHttp(guarded.baseUri()).get(startPath(config()));

      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(ServeHttp.json(answer).path("reason").asText()).isEqualTo("BLOCKED_ADDRESS");
      assertThat(answer.body()).contains("auth.tokenUrl").doesNotContain(CLIENT_SECRET);
    }
  }

  private ObjectNode config() {
    ObjectNode root = ServeHttp.JSON.createObjectNode();
    root.put("name", "acme-oauth").put("endpoint", endpoint.baseUrl() + "/coupon");
    root.putObject("auth")
        .put("type", "OAUTH2")
        .put("clientId", "coupon-fetch-serve")
        .put("clientSecret", CLIENT_SECRET)
        .put("authorizationUrl", oauth.authorizationEndpointUrl("acme").toString())
        .put("tokenUrl", oauth.tokenEndpointUrl("acme").toString())
        .put("scope", "openid coupons"); // mock-oauth2-server requires openid on /authorize
    root.putObject("mapping").put("code", "code");
    return root;
  }

  private static String startPath(ObjectNode config) {
    return "/api/oauth/start?config=" + encode(config.toString());
  }

  /** The authorization server's redirect back, as the browser would follow it. */
  private URI followAuthorization(URI authorize) throws Exception {
    HttpResponse<String> answer = http.open(authorize);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    return authorize.resolve(answer.headers().firstValue("Location").orElseThrow());
  }

  private static void assertNoSecrets(String text, String state, String code) {
    assertThat(text).doesNotContain(CLIENT_SECRET).doesNotContain("eyJ"); // no JWT
    assertThat(text).doesNotContain(state);
    if (code != null) {
      assertThat(text).doesNotContain(code);
    }
  }

  private static Map<String, String> query(URI uri) {
    return UrlQueries.of(uri);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
