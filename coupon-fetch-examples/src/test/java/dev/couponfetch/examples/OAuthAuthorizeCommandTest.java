package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oauth authorize} against a real OAuth2 server, the test playing the browser. */
class OAuthAuthorizeCommandTest {
  private static final String CLIENT_SECRET = "cli-test-secret-9f3a";
  private static final String NAME = "acme-oauth";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private MockOAuth2Server oauth;
  private WireMockServer coupons;
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws IOException {
    oauth = new MockOAuth2Server();
    oauth.start(InetAddress.getByName("127.0.0.1"), 0);
    coupons =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    coupons.start();
  }

  @AfterEach
  void stop() {
    coupons.stop();
    oauth.shutdown();
  }

  @Test
  void authorize_browserComesBack_storesTokensThatFetchUses() throws Exception {
    Path config = config("http://127.0.0.1:" + freePort() + "/callback");
    Path store = dir.resolve("tokens.json");

    CliRun run;
    try (BackgroundRun cli = authorize(config, store)) {
      URI authorizationUrl = cli.awaitAuthorizationUrl();
      URI back = followAuthorization(authorizationUrl);
      HttpResponse<String> page = open(back);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("coupon-fetch: tokens stored, you can close this window");
      run = cli.finish();
    }

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("Tokens stored for '" + NAME + "' in " + store)
        .contains("refresh token: yes");
    assertThat(Files.getPosixFilePermissions(store))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    OAuthTokens tokens = TokenStores.file(store).get(NAME).orElseThrow();
    String access = tokens.accessToken().orElseThrow().reveal();
    String refresh = tokens.refreshToken().orElseThrow().reveal();
    assertThat(run.all())
        .doesNotContain(access)
        .doesNotContain(refresh)
        .doesNotContain(CLIENT_SECRET);

    // The stored token works: the endpoint answers only to this exact bearer token.
    coupons.stubFor(
        get(urlPathEqualTo("/coupon"))
            .withHeader("Authorization", equalTo("Bearer " + access))
            .willReturn(okJson("{\"code\":\"OAUTH-7K2Q\"}")));
    CliRun fetch =
        CliRun.of(
            "fetch",
            "--config",
            config.toString(),
            "--token-store",
            store.toString(),
            "--allow-private-network");
    assertThat(fetch.exitCode()).as(fetch.all()).isZero();
    assertThat(fetch.out()).isEqualTo("OAUTH-7K2Q" + System.lineSeparator());
    assertThat(fetch.all()).doesNotContain(access).doesNotContain(refresh);
    coupons.verify(1, getRequestedFor(urlPathEqualTo("/coupon")));
  }

  @Test
  void authorize_accessDenied_exit1WithTheServersDescription() throws Exception {
    // No port: the command picks a free one and says so.
    Path config = config("http://127.0.0.1/callback");

    CliRun run;
    HttpResponse<String> page;
    try (BackgroundRun cli = authorize(config, dir.resolve("tokens.json"))) {
      Map<String, String> query = query(cli.awaitAuthorizationUrl());
      page =
          open(
              URI.create(
                  query.get("redirect_uri")
                      + "?error=access_denied&error_description="
                      + encode("The merchant said no")
                      + "&state="
                      + encode(query.get("state"))));
      run = cli.finish();
    }

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).contains("note: listening on http://127.0.0.1:");
    assertThat(run.err()).contains("access_denied").contains("The merchant said no");
    assertThat(page.body()).contains("coupon-fetch: the authorization failed");
    assertThat(dir.resolve("tokens.json")).doesNotExist();
  }

  @Test
  void authorize_stateDoesNotMatch_exit1AndNoTokens() throws Exception {
    Path config = config("http://127.0.0.1:" + freePort() + "/callback");
    Path store = dir.resolve("tokens.json");

    CliRun run;
    try (BackgroundRun cli = authorize(config, store)) {
      URI back = followAuthorization(cli.awaitAuthorizationUrl());
      // A real code, but the state of another authorization (a forged redirect).
      String forged = back.toString().replaceAll("state=[^&]*", "state=forged-state");
      assertThat(open(URI.create(forged)).statusCode()).isEqualTo(400);
      run = cli.finish();
    }

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.err()).contains("OAUTH_NOT_AUTHORIZED").containsIgnoringCase("state");
    assertThat(TokenStores.file(store).get(NAME)).isEmpty();
  }

  @Test
  void authorize_nonLoopbackRedirectUri_exit2() throws IOException {
    Path config = config("https://app.acme.example/oauth/callback");

    CliRun run = CliRun.of(authorizeArgs(config, dir.resolve("tokens.json"), "5"));

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains("auth.redirectUri").contains("loopback");
    assertThat(run.out()).doesNotContain("Open this URL");
  }

  @Test
  void authorize_notAnOAuth2Config_exit2() throws IOException {
    Path config = dir.resolve("basic.json");
    Files.writeString(
        config,
        "{\"endpoint\":\"http://127.0.0.1:1/c\",\"auth\":{\"type\":\"BASIC\",\"username\":\"u\","
            + "\"password\":\"p\"}}");

    CliRun run = CliRun.of(authorizeArgs(config, dir.resolve("tokens.json"), "5"));

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains("auth.type OAUTH2").contains("BASIC");
  }

  @Test
  void authorize_clientCredentialsConfig_exit2() throws IOException {
    ObjectNode root = configJson(null);
    ObjectNode auth = (ObjectNode) root.get("auth");
    auth.put("grant", "CLIENT_CREDENTIALS");
    auth.remove("authorizationUrl");
    Path config = write(root);

    CliRun run = CliRun.of(authorizeArgs(config, dir.resolve("tokens.json"), "5"));

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains("CLIENT_CREDENTIALS");
  }

  @Test
  void authorize_browserNeverComesBack_exit1AfterTheTimeout() throws IOException {
    Path config = config("http://127.0.0.1/callback");

    CliRun run = CliRun.of(authorizeArgs(config, dir.resolve("tokens.json"), "1"));

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).contains("Open this URL in a browser: ");
    assertThat(run.err()).contains("did not come back").contains("within 1 second");
  }

  @Test
  void authorize_unreadableTokenStore_exit2WithoutQuotingIt() throws IOException {
    Path store = Files.writeString(dir.resolve("tokens.json"), "{\"tokens\": eyJleaked-token");

    CliRun run = CliRun.of(authorizeArgs(config("http://127.0.0.1/callback"), store, "5"));

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains("not a token store").doesNotContain("eyJleaked");
    assertThat(run.out()).doesNotContain("Open this URL");
  }

  private BackgroundRun authorize(Path config, Path store) {
    return BackgroundRun.start(authorizeArgs(config, store, "30"));
  }

  @Test
  void authorize_loopbackTokenUrlWithoutOptOut_refusedBeforeTheBrowserStep() throws IOException {
    String[] args = authorizeArgs(config("http://127.0.0.1/callback"), dir.resolve("t.json"), "5");
    String[] withoutOptOut =
        java.util.Arrays.stream(args)
            .filter(a -> !a.equals("--allow-private-network"))
            .toArray(String[]::new);

    CliRun run = CliRun.of(withoutOptOut);

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: BLOCKED_ADDRESS: auth.tokenUrl: ");
    assertThat(run.out()).doesNotContain("Open this URL");
  }

  private static String[] authorizeArgs(Path config, Path store, String timeout) {
    return new String[] {
      "oauth",
      "authorize",
      "--config",
      config.toString(),
      "--token-store",
      store.toString(),
      "--allow-private-network",
      "--timeout",
      timeout
    };
  }

  /** The browser's first step: the server (no login page here) redirects straight back. */
  private URI followAuthorization(URI authorizationUrl) throws Exception {
    HttpResponse<Void> r =
        browser.send(
            HttpRequest.newBuilder(authorizationUrl).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  private HttpResponse<String> open(URI uri) throws Exception {
    return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Path config(String redirectUri) throws IOException {
    return write(configJson(redirectUri));
  }

  private ObjectNode configJson(String redirectUri) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", NAME).put("endpoint", coupons.baseUrl() + "/coupon");
    ObjectNode auth = root.putObject("auth");
    auth.put("type", "OAUTH2")
        .put("clientId", "coupon-fetch-cli")
        .put("clientSecret", CLIENT_SECRET)
        .put("authorizationUrl", oauth.authorizationEndpointUrl("acme").toString())
        .put("tokenUrl", oauth.tokenEndpointUrl("acme").toString())
        .put("scope", "openid coupons"); // mock-oauth2-server requires openid on /authorize
    if (redirectUri != null) {
      auth.put("redirectUri", redirectUri);
    }
    root.putObject("mapping").put("code", "result.code");
    return root;
  }

  private Path write(ObjectNode root) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".json");
    Files.writeString(file, root.toString());
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static Map<String, String> query(URI uri) {
    return UrlQueries.of(uri);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
