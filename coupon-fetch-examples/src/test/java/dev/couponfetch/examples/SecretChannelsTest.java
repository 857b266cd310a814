package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.couponfetch.examples.ChannelConfigs.CLIENT_ID;
import static dev.couponfetch.examples.ChannelConfigs.CLIENT_SECRET;
import static dev.couponfetch.examples.ChannelConfigs.CREDENTIAL_HEADER;
import static dev.couponfetch.examples.ChannelConfigs.HEADER_VALUE;
import static dev.couponfetch.examples.ChannelConfigs.PASSWORD;
import static dev.couponfetch.examples.ChannelConfigs.QUERY_VALUE;
import static dev.couponfetch.examples.ChannelConfigs.SEED_REFRESH_TOKEN;
import static dev.couponfetch.examples.ChannelConfigs.WRONG_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.TestReport;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output channel (toString of configs, requests, batches, tokens and pending authorizations;
 * exception messages, causes and stack traces; exchanges; log lines; FetchEvents; test reports as
 * text and JSON; command line output) over working and failing runs of every auth type, against
 * endpoints that echo whatever credentials they receive: no secret value shows anywhere.
 */
class SecretChannelsTest {
  private static final List<String> OUTCOMES =
      List.of(
          EchoStubs.OK,
          EchoStubs.UNAUTHORIZED,
          EchoStubs.SERVER_ERROR,
          EchoStubs.NOT_JSON,
          EchoStubs.NO_CODE,
          EchoStubs.REDIRECT,
          EchoStubs.SLOW);

  @TempDir Path dir;
  private final ChannelRecorder shown = new ChannelRecorder();
  private final Set<String> tokenKeys = new LinkedHashSet<>();
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private WireMockServer endpoint;
  private String endpointUrl;
  private MockOAuth2Server oauth;
  private DigestTestServer digest;
  private Path store;
  private HttpClientCouponFetcher fetcher;
  private ChannelConfigs configs;

  @BeforeEach
  void start() throws Exception {
    assertThat(CapturedLogs.active()).as("the capturing SLF4J binding is in use").isTrue();
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    endpointUrl = "http://127.0.0.1:" + endpoint.port();
    EchoStubs.install(endpoint);
    oauth = new MockOAuth2Server();
    oauth.start(InetAddress.getByName("127.0.0.1"), 0);
    digest = new DigestTestServer(PASSWORD, dir);
    configs = new ChannelConfigs(endpointUrl, oauth.authorizationEndpointUrl("acme").toString());
    store = dir.resolve("tokens.json");
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .tokenStore(TokenStores.file(store))
            .listener(event -> shown.record("FetchEvent", event))
            .build();
    CapturedLogs.start();
  }

  @AfterEach
  void stop() throws Exception {
    CapturedLogs.stop();
    fetcher.close();
    digest.stop();
    oauth.shutdown();
    endpoint.stop();
  }

  @Test
  void everyChannel_everyAuthTypeWorkingAndFailing_showsNoSecret() throws Exception {
    List.of(PASSWORD, WRONG_PASSWORD, QUERY_VALUE, HEADER_VALUE, CREDENTIAL_HEADER, CLIENT_SECRET)
        .forEach(shown::secret);
    List.of(SEED_REFRESH_TOKEN, EchoStubs.STUB_ACCESS_TOKEN, EchoStubs.STUB_REFRESH_TOKEN)
        .forEach(shown::secret);
    shown.secret(base64("merchant:" + PASSWORD)); // what a Basic header carries
    shown.secret(base64(CLIENT_ID + ":" + CLIENT_SECRET)); // client_secret_basic
    String refused = "http://127.0.0.1:" + closedPort() + "/c";

    for (String type : List.of("NONE", "BASIC", "QUERY_STRING", "HEADERS")) {
      for (String path : OUTCOMES) {
        boolean cli = path.equals(EchoStubs.OK) || path.equals(EchoStubs.UNAUTHORIZED);
        exercise(type + " " + path, configs.config(type, endpointUrl + path), cli);
      }
      exercise(type + " refused", configs.config(type, refused), true);
    }
    exercise("DIGEST works", configs.digest(digest.baseUrl() + "/codes", PASSWORD), true);
    exercise("DIGEST wrong", configs.digest(digest.baseUrl() + "/codes", WRONG_PASSWORD), true);
    for (String path :
        List.of(EchoStubs.UNAUTHORIZED, EchoStubs.SERVER_ERROR, EchoStubs.NOT_JSON)) {
      exercise("DIGEST " + path, configs.digest(endpointUrl + path, PASSWORD), false);
    }
    exercise("DIGEST refused", configs.digest(refused, PASSWORD), false);
    clientCredentials();
    authorizationCode();

    run("end");
    assertThat(shown.channels())
        .contains(
            "toString: config",
            "toString: AuthConfig",
            "masked JSON",
            "toString: PreparedRequest",
            "toString: CouponBatch",
            "toString: Exchange",
            "toString: token Exchange",
            "exception message",
            "cause message",
            "stack trace",
            "report text",
            "report JSON",
            "cli",
            "toString: OAuthTokens",
            "toString: PendingAuthorization",
            "FetchEvent",
            "log");
    assertThat(shown.all("log")).contains("GET http://127.0.0.1:" + endpoint.port());
    assertThat(shown.all("report text")).contains(TestReport.WORKS, TestReport.FAILED);
    assertThat(shown.all("cli")).contains("OK-1", "BEARER-1", "DIGEST-OK", "Configuration Failed");
    // The echoing endpoints did receive every secret, so they could have shown them.
    assertThat(sentToTheEndpoint())
        .contains(QUERY_VALUE, HEADER_VALUE, CREDENTIAL_HEADER, base64("merchant:" + PASSWORD))
        .contains(CLIENT_SECRET, SEED_REFRESH_TOKEN, EchoStubs.STUB_ACCESS_TOKEN);
    assertThat(shown.secrets()).as("tokens read from the store").anyMatch(t -> t.startsWith("eyJ"));
    assertThat(shown.leaks()).isEmpty();
  }

  @Test
  void tokenEndpointEchoesBasicClientCredentials_notShown() throws IOException {
    ObjectNode cc =
        configs.oauth2("cc-echo", endpointUrl + EchoStubs.TOKEN_ECHO, EchoStubs.BEARER_OK, null);
    shown.secret(base64(CLIENT_ID + ":" + CLIENT_SECRET));

    exercise("CC token refused", cc, false);

    run("end");
    assertThat(shown.all("exception message")).contains("invalid_client");
    assertThat(shown.leaks()).isEmpty();
  }

  /** Client credentials: a real token server, then a token endpoint that echoes the request. */
  private void clientCredentials() throws IOException {
    String tokenUrl = oauth.tokenEndpointUrl("acme").toString();
    exercise("CC works", configs.oauth2("cc", tokenUrl, EchoStubs.BEARER_OK, null), true);
    exercise("CC 401", configs.oauth2("cc", tokenUrl, EchoStubs.UNAUTHORIZED, null), true);
    exercise("CC 500", configs.oauth2("cc", tokenUrl, EchoStubs.SERVER_ERROR, null), false);
    String echo = endpointUrl + EchoStubs.TOKEN_ECHO;
    exercise("CC token refused", configs.oauth2("cc-echo", echo, EchoStubs.BEARER_OK, null), true);
    ObjectNode post = configs.oauth2("cc-post", echo, EchoStubs.BEARER_OK, null);
    ((ObjectNode) post.get("auth")).put("clientAuth", "CLIENT_SECRET_POST");
    exercise("CC post refused", post, true);
    String stubToken = endpointUrl + EchoStubs.TOKEN_OK;
    exercise(
        "CC stub token", configs.oauth2("cc-stub", stubToken, EchoStubs.UNAUTHORIZED, null), true);
  }

  /** Authorization code: not yet authorized, authorized by the library and by the command line. */
  private void authorizationCode() throws Exception {
    String tokenUrl = oauth.tokenEndpointUrl("acme").toString();
    ObjectNode ac = configs.oauth2("ac", tokenUrl, EchoStubs.BEARER_OK, "AUTHORIZATION_CODE");
    exercise("AC not authorized", ac, true);
    CouponSourceConfig config = CouponSourceConfig.fromJson(ac.toString());
    URI redirect = URI.create("http://127.0.0.1:" + closedPort() + "/callback");

    PendingAuthorization forged = fetcher.authorizer().start(config, redirect);
    shown.secret(forged.codeVerifier().reveal());
    URI back = follow(forged.authorizationUri());
    try {
      URI forgedBack = URI.create(back.toString().replaceAll("state=[^&]*", "state=forged"));
      fetcher.authorizer().complete(config, forgedBack, forged);
    } catch (RuntimeException e) {
      shown.failure(e);
    }
    PendingAuthorization pending = fetcher.authorizer().start(config, redirect);
    shown.record("toString: PendingAuthorization", pending);
    shown.secret(pending.codeVerifier().reveal());
    OAuthTokens tokens =
        fetcher.authorizer().complete(config, follow(pending.authorizationUri()), pending);
    shown.record("toString: OAuthTokens", tokens);
    collectTokens();
    exercise("AC works", ac, true);
    exercise(
        "AC 401",
        configs.oauth2("ac", tokenUrl, EchoStubs.UNAUTHORIZED, "AUTHORIZATION_CODE"),
        true);
    String echo = endpointUrl + EchoStubs.TOKEN_ECHO;
    ObjectNode seeded =
        configs.oauth2("ac-seeded", echo, EchoStubs.BEARER_OK, "AUTHORIZATION_CODE");
    ((ObjectNode) seeded.get("auth")).put("refreshToken", SEED_REFRESH_TOKEN);
    exercise("AC seeded refused", seeded, true);
    authorizeOnTheCommandLine(tokenUrl);
  }

  private void authorizeOnTheCommandLine(String tokenUrl) throws Exception {
    ObjectNode ac = configs.oauth2("ac-cli", tokenUrl, EchoStubs.BEARER_OK, "AUTHORIZATION_CODE");
    ((ObjectNode) ac.get("auth")).put("redirectUri", "http://127.0.0.1:" + closedPort() + "/cb");
    Path file = write(ac);
    run("AC command line");
    try (BackgroundRun cli =
        BackgroundRun.start(
            "oauth",
            "authorize",
            "--config",
            file.toString(),
            "--token-store",
            store.toString(),
            "--allow-private-network",
            "--timeout",
            "30")) {
      URI back = follow(cli.awaitAuthorizationUrl());
      browser.send(HttpRequest.newBuilder(back).build(), HttpResponse.BodyHandlers.ofString());
      CliRun run = cli.finish();
      assertThat(run.exitCode()).as(run.all()).isZero();
      shown.record("cli", run.all());
    }
    collectTokens();
    exercise("AC command line works", ac, true);
  }

  /** Runs {@code configJson} through every channel: library, tester, toString, command line. */
  private void exercise(String run, ObjectNode configJson, boolean cli) throws IOException {
    run(run);
    CouponSourceConfig config = CouponSourceConfig.fromJson(configJson.toString());
    if (config.auth().type() == AuthType.OAUTH2) {
      tokenKeys.add(config.tokenKey());
    }
    shown.record("toString: config", config);
    shown.record("toString: AuthConfig", config.auth());
    shown.record("masked JSON", config.toMaskedJson());
    try {
      PreparedRequest r = config.prepare(Map.of());
      r = Authenticator.standard(config.auth().type()).authenticate(r, config, Map.of());
      shown.record("toString: PreparedRequest", r + " " + r.displayUri());
    } catch (RuntimeException e) {
      shown.failure(e);
    }
    try {
      shown.batch(fetcher.fetch(config, Map.of()));
    } catch (RuntimeException e) {
      shown.failure(e);
    }
    TestReport report = new ConfigurationTester(fetcher).test(config, Map.of());
    shown.record("report text", report.toText());
    shown.record("report JSON", report.toJson());
    if (cli) {
      String f = write(configJson).toString();
      String s = store.toString();
      String[] flags = {"--allow-private-network", "--token-store", s};
      shown.record("cli", CliRun.of(concat(new String[] {"test", "--config", f}, flags)).all());
      shown.record(
          "cli", CliRun.of(concat(new String[] {"test", "--json", "--config", f}, flags)).all());
      shown.record("cli", CliRun.of(concat(new String[] {"fetch", "--config", f}, flags)).all());
    }
    collectTokens();
  }

  /** Starts recording run {@code name}, after filing the log lines of the run before. */
  private void run(String name) {
    CapturedLogs.drain().forEach(line -> shown.record("log", line));
    shown.run(name);
  }

  /** Every token issued so far is a secret from now on (renewals make new ones). */
  private void collectTokens() {
    for (String key : tokenKeys) {
      TokenStores.file(store)
          .get(key)
          .ifPresent(
              t -> {
                shown.record("toString: OAuthTokens", t);
                t.accessToken().ifPresent(a -> secretToken(a.reveal()));
                t.refreshToken().ifPresent(r -> secretToken(r.reveal()));
              });
    }
  }

  /** A token, and for a JWT its signature: the part no other token shares. */
  private void secretToken(String token) {
    shown.secret(token);
    int dot = token.lastIndexOf('.');
    if (dot > 0 && token.length() - dot > 20) {
      shown.secret(token.substring(dot + 1));
    }
  }

  /** The browser's visit to the authorization server, which redirects straight back. */
  private URI follow(URI authorizationUri) throws Exception {
    HttpResponse<Void> r =
        browser.send(
            HttpRequest.newBuilder(authorizationUri).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
    for (String pair : back.getRawQuery().split("&")) {
      if (pair.startsWith("code=")) {
        shown.secret(pair.substring(5)); // the one-time code is a credential until redeemed
      }
    }
    return back;
  }

  /** What the endpoint received: proof that the secrets were really sent. */
  private String sentToTheEndpoint() {
    StringBuilder s = new StringBuilder();
    for (LoggedRequest r : endpoint.findAll(anyRequestedFor(anyUrl()))) {
      s.append(r.getUrl()).append(' ').append(r.getHeaders()).append(r.getBodyAsString());
      s.append('\n');
    }
    return s.toString();
  }

  private Path write(ObjectNode root) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".json");
    Files.writeString(file, root.toString());
    return file;
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
