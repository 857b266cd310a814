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
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
    OAuthTokens tokens = TokenStores.file(store).get(key(config)).orElseThrow();
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
  void authorize_forgedRedirectsFirst_ignoredAndTheRealOneStoresTokens() throws Exception {
    Path config = config("http://127.0.0.1:" + freePort() + "/callback");
    Path store = dir.resolve("tokens.json");

    CliRun run;
    try (BackgroundRun cli = authorize(config, store)) {
      URI back = followAuthorization(cli.awaitAuthorizationUrl());
      String base = back.toString().substring(0, back.toString().indexOf('?'));
      // A real code with the state of another authorization, a code without state, and an error
      // without state: none of them is this authorization's redirect.
      String forged = back.toString().replaceAll("state=[^&]*", "state=forged-state");
      HttpResponse<String> forgedPage = open(URI.create(forged));
      assertThat(forgedPage.statusCode()).isEqualTo(400);
      assertThat(forgedPage.body()).contains("does not belong to the authorization in progress");
      assertThat(open(URI.create(back.toString().replaceAll("&?state=[^&]*", ""))).statusCode())
          .isEqualTo(400);
      assertThat(open(URI.create(base + "?error=access_denied")).statusCode()).isEqualTo(400);
      assertThat(open(URI.create(back + "&state=twice")).statusCode()).isEqualTo(400);

      HttpResponse<String> page = open(back);
      assertThat(page.statusCode()).isEqualTo(200);
      run = cli.finish();
    }

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("Tokens stored for '" + NAME + "'");
    assertThat(run.errLines())
        .hasSize(4)
        .allMatch(l -> l.startsWith("warning: ignored a redirect without the state"));
    assertThat(TokenStores.file(store).get(key(config))).isPresent();
  }

  @Test
  void authorize_requestsForAnotherHost_refused403AndTheRealOneStoresTokens() throws Exception {
    int port = freePort();
    Path config = config("http://127.0.0.1:" + port + "/callback");
    Path store = dir.resolve("tokens.json");

    CliRun run;
    try (BackgroundRun cli = authorize(config, store)) {
      URI back = followAuthorization(cli.awaitAuthorizationUrl());
      String target = back.getRawPath() + "?" + back.getRawQuery();
      // The real redirect, but sent by a page on another name (DNS rebinding), on the other
      // loopback spelling, on another port, without a Host, and with two of them.
      assertThat(rawGet(port, target, "Host: rebind.attacker.example:" + port)).isEqualTo(403);
      assertThat(rawGet(port, target, "Host: localhost:" + port)).isEqualTo(403);
      assertThat(rawGet(port, target, "Host: 127.0.0.1:" + (port == 65535 ? 1 : port + 1)))
          .isEqualTo(403);
      assertThat(rawGet(port, target, "Host: 127.0.0.1")).isEqualTo(403);
      assertThat(rawGet(port, target, "X-No-Host: 1")).isEqualTo(403);
      assertThat(rawGet(port, target, "Host: 127.0.0.1:" + port + "\r\nHost: evil.example:" + port))
          .isIn(400, 403);

      assertThat(open(back).statusCode()).isEqualTo(200);
      run = cli.finish();
    }

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.err())
        .contains(
            "warning: refused a request to the redirect listener addressed to another host than"
                + " 127.0.0.1:"
                + port
                + " (answered 403)")
        .doesNotContain("attacker");
    assertThat(TokenStores.file(store).get(key(config))).isPresent();
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

  /** Where the store keeps the tokens of the config in {@code file}: its token key. */
  private static String key(Path file) throws IOException {
    return CouponSourceConfig.fromJson(Files.readString(file)).tokenKey();
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

  /** The status of a GET sent by hand, with header lines the JDK client would not send. */
  private static int rawGet(int port, String target, String headers) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\n" + headers + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine(); // HTTP/1.1 403 Forbidden
      return Integer.parseInt(status.split(" ")[1]);
    }
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
