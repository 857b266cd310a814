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

    HttpResponse<String> start = start(config);
    assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
    assertThat(start.headers().firstValue("Location")).isEmpty();
    assertThat(start.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(start.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(start.body()).doesNotContain(CLIENT_SECRET);
    assertThat(server.pendingAuthorizations()).isEqualTo(1);
    URI authorize = authorizationUrl(start);
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
    OAuthTokens stored = tokens.get(key(config())).orElseThrow();
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
    String state = query(authorizationUrl(start(config()))).get("state");
    String denied = "/api/oauth/callback?error=access_denied&state=" + encode(state);

    HttpResponse<String> page = http.get(denied);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("Authorization failed").contains("Hint: ");
    assertNoSecrets(page.body(), state, null);
    assertThat(http.get(denied).body()).contains("unknown, used or expired");
  }

  @Test
  void callback_afterTenMinutes_400Expired() throws Exception {
    URI back = followAuthorization(authorizationUrl(start(config())));

    clock.advance(PendingAuthorizations.TTL);
    HttpResponse<String> page = http.open(back);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("unknown, used or expired");
    assertThat(tokens.get(key(config()))).isEmpty();
  }

  @Test
  void start_otherRedirectUri_400NamingIt() throws Exception {
    ObjectNode config = config();
    ((ObjectNode) config.get("auth")).put("redirectUri", "http://127.0.0.1:9/elsewhere");

    HttpResponse<String> answer = start(config);

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

    assertThat(start(config).statusCode()).isEqualTo(200);
  }

  @Test
  void start_notAnAuthorizationCodeConfig_400() throws Exception {
    ObjectNode clientCredentials = config();
    ((ObjectNode) clientCredentials.get("auth"))
        .put("grant", "CLIENT_CREDENTIALS")
        .remove("authorizationUrl");
    ObjectNode none = ServeHttp.JSON.createObjectNode().put("endpoint", endpoint.baseUrl());

    HttpResponse<String> cc = start(clientCredentials);
    HttpResponse<String> plain = start(none);
    HttpResponse<String> invalid = http.postJson("/api/oauth/start", "{\"config\":{\"x\":1}}");
    HttpResponse<String> missing = http.postJson("/api/oauth/start", "{}");
    ObjectNode withVariables = ServeHttp.JSON.createObjectNode();
    withVariables.set("config", config());
    withVariables.putObject("variables").put("email", "a@example.com");
    HttpResponse<String> variables = http.postJson("/api/oauth/start", withVariables);

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
    assertThat(SettingsServerApiTest.problems(ServeHttp.json(missing)))
        .containsExactly("config: is required");
    assertThat(variables.statusCode()).isEqualTo(400);
    assertThat(SettingsServerApiTest.problems(ServeHttp.json(variables)))
        .containsExactly("variables: unknown field; send config");
    assertThat(server.pendingAuthorizations()).isZero();
    for (HttpResponse<String> answer : java.util.List.of(cc, plain, invalid, missing, variables)) {
      assertThat(answer.body()).doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void start_loopbackTokenUrlWithoutOptIn_400BlockedBeforeTheBrowserStep() throws Exception {
    try (SettingsServer guarded = SettingsServer.start(0, false)) {
      HttpResponse<String> answer =
          new ServeHttp(guarded.baseUri()).postJson("/api/oauth/start", startBody(config()));

      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(ServeHttp.json(answer).path("reason").asText()).isEqualTo("BLOCKED_ADDRESS");
      assertThat(answer.body()).contains("auth.tokenUrl").doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void start_crossSiteOrForeignOrigin_403AndNothingPending() throws Exception {
    int port = server.baseUri().getPort();
    String[][] foreign = {
      {"Sec-Fetch-Site", "cross-site"},
      {"Sec-Fetch-Site", "same-site"}, // another port of this machine: same site, not this server
      {"Origin", "https://evil.example"},
      {"Origin", "http://127.0.0.1:" + (port + 1)},
      {"Origin", "null"}, // a sandboxed frame, or a page that was redirected here
      {"Sec-Fetch-Site", "same-origin", "Origin", "http://evil.example"},
    };
    for (String[] headers : foreign) {
      HttpResponse<String> answer = start(config(), headers);

      assertThat(answer.statusCode()).as(String.join(" ", headers)).isEqualTo(403);
      assertThat(ServeHttp.json(answer).path("error").asText()).startsWith("forbidden: ");
      assertThat(answer.headers().firstValue("Location")).isEmpty();
      assertThat(answer.body()).doesNotContain(CLIENT_SECRET).doesNotContain("authorize");
    }
    assertThat(server.pendingAuthorizations()).isZero();

    // The page's own fetch, as a browser sends it from any of the loopback names.
    for (String origin : new String[] {"http://127.0.0.1:" + port, "http://localhost:" + port}) {
      HttpResponse<String> own = start(config(), "Sec-Fetch-Site", "same-origin", "Origin", origin);
      assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    }
    assertThat(server.pendingAuthorizations()).isEqualTo(2);
  }

  @Test
  void start_asGetWithTheConfigInTheQuery_405AndNeverARedirect() throws Exception {
    HttpResponse<String> answer =
        http.get("/api/oauth/start?config=" + encode(config().toString()));

    assertThat(answer.statusCode()).isEqualTo(405);
    assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
    assertThat(answer.headers().firstValue("Location")).isEmpty();
    assertThat(server.pendingAuthorizations()).isZero();
  }

  @Test
  void start_fiftyKilobyteScope_400NamingTheScope() throws Exception {
    ObjectNode config = config();
    StringBuilder scope = new StringBuilder("openid");
    for (int i = 0; scope.length() < 50 * 1024; i++) {
      scope.append(" coupons:").append(i); // distinct: a scope is a set, repeats collapse
    }
    ((ObjectNode) config.get("auth")).put("scope", scope.toString());

    HttpResponse<String> answer = start(config);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(SettingsServerApiTest.problems(ServeHttp.json(answer)))
        .singleElement()
        .asString()
        .startsWith("auth.scope: is " + scope.length() + " characters long and makes the")
        .endsWith(", over the 8192 that web servers accept; shorten it");
    assertThat(answer.body()).doesNotContain(CLIENT_SECRET);
    assertThat(server.pendingAuthorizations()).isZero();
  }

  @Test
  void start_whenFull_429AndThePendingOnesStillComplete() throws Exception {
    URI first = authorizationUrl(start(config()));
    for (int i = 1; i < PendingAuthorizations.MAX; i++) {
      assertThat(start(config()).statusCode()).isEqualTo(200);
    }
    clock.advance(java.time.Duration.ofMinutes(4));

    HttpResponse<String> refused = start(config());

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("360");
    assertThat(ServeHttp.json(refused).path("error").asText())
        .startsWith("too many authorizations in progress (100): ");
    assertThat(server.pendingAuthorizations()).isEqualTo(PendingAuthorizations.MAX);
    HttpResponse<String> page = http.open(followAuthorization(first));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Tokens stored");
  }

  /** Where the store keeps this config's tokens: its token identity's key. */
  private static String key(ObjectNode config) {
    return dev.couponfetch.CouponSourceConfig.fromJson(config.toString()).tokenKey();
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

  private HttpResponse<String> start(ObjectNode config, String... headers) throws Exception {
    return http.postJson("/api/oauth/start", startBody(config), headers);
  }

  private static ObjectNode startBody(ObjectNode config) {
    ObjectNode body = ServeHttp.JSON.createObjectNode();
    body.set("config", config);
    return body;
  }

  /** The authorization request a successful start answers, for the page to open. */
  private static URI authorizationUrl(HttpResponse<String> start) {
    assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
    return URI.create(ServeHttp.json(start).path("authorizationUrl").asText());
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
