package dev.couponfetch.httpclient.oauth;

import static dev.couponfetch.httpclient.oauth.OAuthFixtures.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.Timeouts;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.TestKeys;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client authentication against a real OAuth2 server (mock-oauth2-server): it reads the client of a
 * {@code private_key_jwt} request from the assertion (it does not check the signature: {@code
 * ClientAssertionVerifier} does that in {@code OAuth2ProviderVariantsTest}), and takes a public
 * client's code exchange with PKCE. Every grant carries the client authentication: client
 * credentials, code exchange and refresh. The system clock, since the server checks the assertion's
 * times.
 */
class MockOAuth2ServerClientAuthTest {
  private static final URI REDIRECT = URI.create("http://127.0.0.1:9/oauth/callback/acme");

  private static MockOAuth2Server server;
  private static CloseableHttpClient client;
  private static HttpClient browser;
  private TokenManager manager;

  @BeforeAll
  static void start() throws Exception {
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
    manager =
        new TokenManager(
            client,
            TokenStores.inMemory(),
            Duration.ofSeconds(60),
            Clock.systemUTC(),
            1024 * 1024,
            Duration.ZERO);
  }

  /** A generous response timeout: the server's first answer in a JVM is slow on a busy machine. */
  private static CouponSourceConfig config(String name, AuthConfig auth) {
    return CouponSourceConfig.builder("http://127.0.0.1:9/coupons")
        .name(name)
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2000, 20000))
        .build();
  }

  private static AuthConfig.Builder privateKeyJwt(AuthConfig.Builder b) {
    return b.clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).clientKey(TestKeys.pem(TestKeys.RSA));
  }

  private static AuthConfig.Builder code() {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.AUTHORIZATION_CODE)
        .authorizationUrl(server.authorizationEndpointUrl("default").toString())
        .tokenUrl(server.tokenEndpointUrl("default").toString())
        .clientId(CLIENT_ID)
        .scope("openid coupons");
  }

  private static URI browse(URI authorizationUri) throws Exception {
    HttpResponse<String> r =
        browser.send(
            HttpRequest.newBuilder(authorizationUri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    return URI.create(r.headers().firstValue("Location").orElseThrow());
  }

  private static String subject(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getJWTClaimsSet().getSubject();
  }

  @Test
  void clientCredentials_privateKeyJwt_tokenIssuedToTheAssertionsClient() throws Exception {
    CouponSourceConfig config =
        config(
            "acme",
            privateKeyJwt(
                    AuthConfig.builder(AuthType.OAUTH2)
                        .grant(OAuth2Grant.CLIENT_CREDENTIALS)
                        .tokenUrl(server.tokenEndpointUrl("default").toString())
                        .clientId(CLIENT_ID))
                .tokenParam("audience", "coupons-api")
                .build());

    TokenManager.Token token = manager.token(config);

    assertThat(subject(token.accessToken().reveal())).isEqualTo(CLIENT_ID);
    String request = token.exchange().orElseThrow().request().toString();
    assertThat(request).doesNotContain(TestKeys.pemLine(TestKeys.RSA));
  }

  @Test
  void authorizationCode_privateKeyJwtWithAudience_askedForAndExchanged() throws Exception {
    CouponSourceConfig config =
        config("acme", privateKeyJwt(code()).tokenParam("audience", "coupons-api").build());

    PendingAuthorization pending = manager.authorizer().start(config, REDIRECT);
    assertThat(pending.authorizationUri().getRawQuery()).contains("audience=coupons-api");
    OAuthTokens tokens =
        manager.authorizer().complete(config, browse(pending.authorizationUri()), pending);

    assertThat(tokens.refreshToken()).isPresent();
    assertThat(manager.token(config).accessToken()).isEqualTo(tokens.accessToken().orElseThrow());
  }

  @Test
  void authorizationCode_publicClientNone_exchangesWithPkce() throws Exception {
    CouponSourceConfig config = config("acme", code().clientAuth(ClientAuthMethod.NONE).build());

    PendingAuthorization pending = manager.authorizer().start(config, REDIRECT);
    OAuthTokens tokens =
        manager.authorizer().complete(config, browse(pending.authorizationUri()), pending);

    assertThat(tokens.accessToken()).isPresent();
  }
}
