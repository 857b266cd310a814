package dev.couponfetch.httpclient.oauth;

import static dev.couponfetch.httpclient.oauth.OAuthFixtures.T0;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.authorizationCode;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.clientCredentials;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.testing.MutableClock;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real OAuth2 server in this JVM (mock-oauth2-server on 127.0.0.1, rotating refresh
 * tokens): it verifies PKCE, uses codes once, and refuses a rotated-out refresh token, so a client
 * that gets any of these wrong fails here. The test plays the browser.
 */
class MockOAuth2ServerTest {
  private static final URI REDIRECT = URI.create("http://127.0.0.1:9/oauth/callback/acme");

  private static MockOAuth2Server server;
  private static CloseableHttpClient client;
  private static HttpClient browser;

  private final MutableClock clock = new MutableClock(T0);
  private TokenStore store;
  private TokenManager manager;

  @BeforeAll
  static void start() throws Exception {
    // No interactive login: /authorize redirects straight back. Rotation on, no enqueued
    // callbacks (they would bypass the rotation check).
    server = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    client = OAuthFixtures.client();
    browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    // The server's first token takes seconds on a busy machine (its signing key, class loading):
    // made here, so that no test's token request runs into its response timeout.
    server.issueToken("default");
    browser.send(
        HttpRequest.newBuilder(server.wellKnownUrl("default").uri()).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.shutdown();
  }

  @BeforeEach
  void reset() {
    store = TokenStores.inMemory();
    manager = OAuthFixtures.manager(client, store, clock);
  }

  private static CouponSourceConfig code() {
    return config(
        "acme",
        authorizationCode(
                server.authorizationEndpointUrl("default").toString(),
                server.tokenEndpointUrl("default").toString())
            .scope("openid coupons")
            .build());
  }

  /** The browser: follows the authorization URL to the redirect it answers with. */
  private static URI browse(URI authorizationUri) throws Exception {
    HttpResponse<String> r =
        browser.send(
            HttpRequest.newBuilder(authorizationUri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  private OAuthTokens authorize() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    return manager.authorizer().complete(code(), browse(pending.authorizationUri()), pending);
  }

  private static URI withQuery(URI uri, String extra) {
    return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + extra);
  }

  @Test
  void authorizationCode_withPkce_endToEnd_storesTokensThatRefresh() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    assertThat(pending.authorizationUri().getRawQuery())
        .contains("response_type=code")
        .contains("client_id=" + OAuthFixtures.CLIENT_ID)
        .contains("redirect_uri=" + URLEncoder.encode(REDIRECT.toString(), StandardCharsets.UTF_8))
        .contains("code_challenge_method=S256")
        .contains("state=" + pending.state().reveal())
        .doesNotContain(pending.codeVerifier().reveal());
    assertThat(pending.state().reveal()).hasSize(43); // 32 random bytes, base64url

    OAuthTokens tokens =
        manager.authorizer().complete(code(), browse(pending.authorizationUri()), pending);

    assertThat(tokens.accessToken()).isPresent();
    assertThat(tokens.refreshToken()).isPresent();
    String shown = pending + " " + tokens + " " + manager.token(code());
    assertThat(shown)
        .doesNotContain(pending.state().reveal())
        .doesNotContain(pending.codeVerifier().reveal())
        .doesNotContain(tokens.accessToken().orElseThrow().reveal())
        .doesNotContain(tokens.refreshToken().orElseThrow().reveal());
    assertThat(store.get(code().tokenKey())).hasValue(tokens);
    assertThat(manager.token(code()).accessToken()).isEqualTo(tokens.accessToken().orElseThrow());

    clock.advance(Duration.ofHours(2));
    TokenManager.Token renewed = manager.token(code());

    assertThat(renewed.exchange()).isPresent();
    assertThat(renewed.accessToken()).isNotEqualTo(tokens.accessToken().orElseThrow());
    assertThat(store.get(code().tokenKey()).orElseThrow().refreshToken())
        .isPresent()
        .isNotEqualTo(tokens.refreshToken());
  }

  @Test
  void authorizationCode_wrongVerifier_isRejectedByTheServer() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    PendingAuthorization forged =
        new PendingAuthorization(
            pending.configName(),
            pending.tokenKey(),
            pending.authorizationUri(),
            pending.redirectUri(),
            pending.state(),
            Secret.of(new CodeVerifier().getValue()),
            pending.createdAt());
    URI callback = browse(pending.authorizationUri());

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> manager.authorizer().complete(code(), callback, forged));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("invalid_grant").contains("fetch tokens");
    assertThat(e.tokenExchange().orElseThrow().request().body())
        .contains("code_verifier=****")
        .contains("code=****");
    assertThat(store.get(code().tokenKey())).isEmpty();
  }

  @Test
  void complete_stateMismatch_isRefusedBeforeTheCodeIsUsed() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    URI callback = browse(pending.authorizationUri());
    URI forged = URI.create(callback.toString().replace(pending.state().reveal(), "forged-state"));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> manager.authorizer().complete(code(), forged, pending));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("state does not match");
    assertThat(store.get(code().tokenKey())).isEmpty();
    // The code was not sent: the genuine callback still works (codes are single-use).
    assertThat(manager.authorizer().complete(code(), callback, pending).accessToken()).isPresent();
  }

  @Test
  void complete_sameNameOtherClient_isRefusedAndStoresNothing() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    URI callback = browse(pending.authorizationUri());
    CouponSourceConfig sameName =
        config(
            code().name(),
            authorizationCode(
                    server.authorizationEndpointUrl("default").toString(),
                    server.tokenEndpointUrl("default").toString())
                .clientId("another-client")
                .scope("openid coupons")
                .build());

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> manager.authorizer().complete(sameName, callback, pending));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("another OAuth2 client");
    assertThat(store.get(sameName.tokenKey())).isEmpty();
    assertThat(store.get(code().tokenKey())).isEmpty();
  }

  @Test
  void complete_afterFifteenMinutes_isRefused() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    URI callback = browse(pending.authorizationUri());
    clock.advance(Duration.ofMinutes(16));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> manager.authorizer().complete(code(), callback, pending));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("15 minutes");
  }

  @Test
  void complete_accessDenied_isReportedWithTheServersDescription() {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    URI callback =
        withQuery(
            REDIRECT,
            "error=access_denied&error_description=The+merchant+declined&state="
                + pending.state().reveal());

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> manager.authorizer().complete(code(), callback, pending));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("access_denied (The merchant declined)");
  }

  @Test
  void complete_issOfAnotherServer_isRefused_andItsOwnIssAccepted() throws Exception {
    PendingAuthorization pending = manager.authorizer().start(code(), REDIRECT);
    URI callback = browse(pending.authorizationUri());
    String own = URLEncoder.encode(server.issuerUrl("default").toString(), StandardCharsets.UTF_8);

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                manager
                    .authorizer()
                    .complete(
                        code(), withQuery(callback, "iss=https%3A%2F%2Fevil.example"), pending));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("RFC 9207");
    assertThat(manager.authorizer().complete(code(), withQuery(callback, "iss=" + own), pending))
        .isNotNull();
  }

  @Test
  void clientCredentials_getsAToken() {
    CouponSourceConfig c =
        config("cc", clientCredentials(server.tokenEndpointUrl("default").toString()).build());

    TokenManager.Token t = manager.token(c);

    assertThat(t.accessToken().isEmpty()).isFalse();
    assertThat(t.expiresAt()).isPresent();
    assertThat(manager.token(c).accessToken()).isEqualTo(t.accessToken());
  }

  @Test
  void rotation_theOldRefreshTokenIsRejectedByTheServer_andNeverReused() throws Exception {
    OAuthTokens first = authorize();
    Secret r0 = first.refreshToken().orElseThrow();
    clock.advance(Duration.ofHours(2));
    manager.token(code());
    clock.advance(Duration.ofHours(2));
    // Had the manager kept R0, this second renewal would fail with OAUTH_NOT_AUTHORIZED.
    manager.token(code());

    TokenEndpoint direct = new TokenEndpoint(client, 1 << 20, clock);
    assertThat(direct.refresh(code(), r0).isInvalidGrant()).isTrue();
    assertThat(store.get(code().tokenKey()).orElseThrow().refreshToken())
        .isPresent()
        .isNotEqualTo(first.refreshToken());
  }

  @Test
  void twoManagersSharingOneStore_renewingAtOnce_noInvalidGrantReachesTheCaller() throws Exception {
    authorize();
    clock.advance(Duration.ofHours(2));
    // Both managers read the stale tokens before either renews: both send the same refresh token.
    CyclicBarrier together = new CyclicBarrier(2);
    OAuthFixtures.SpyStore shared = new OAuthFixtures.SpyStore(store);
    shared.onGet =
        n -> {
          if (n <= 4) {
            try {
              together.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        };
    TokenManager a = grace(shared);
    TokenManager b = grace(shared);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<TokenManager.Token> ta = pool.submit(() -> a.token(code()));
      Future<TokenManager.Token> tb = pool.submit(() -> b.token(code()));

      assertThat(ta.get().accessToken()).isEqualTo(tb.get().accessToken());
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.get(code().tokenKey()).orElseThrow().accessToken())
        .hasValue(a.token(code()).accessToken());
  }

  private TokenManager grace(TokenStore s) {
    return new TokenManager(
        OAuthFixtures.client(), s, Duration.ofSeconds(60), clock, 1 << 20, Duration.ofSeconds(5));
  }
}
