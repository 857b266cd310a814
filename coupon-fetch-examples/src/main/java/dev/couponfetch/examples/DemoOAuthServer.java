package dev.couponfetch.examples;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * The demo's OAuth2 authorization server: {@code no.nav.security:mock-oauth2-server} on {@code
 * 127.0.0.1} and a free port, issuer id {@value #ISSUER_ID}. It issues signed JWTs for any client
 * (it does not check client secrets), verifies PKCE, and in this library mode its authorization
 * endpoint redirects straight back without a login page, which lets the demo and tests play the
 * browser.
 *
 * <p>Thread-safe. Close it to stop the server.
 */
final class DemoOAuthServer implements AutoCloseable {
  /** The issuer id: the path segment of every endpoint. */
  static final String ISSUER_ID = "demo";

  /** The client id the demo configs use. */
  static final String CLIENT_ID = "demo-client";

  /** The client secret the demo configs use (the mock server accepts any). */
  static final String CLIENT_SECRET = "demo-client-s3cret";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final MockOAuth2Server server;
  private final HttpClient browser =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();

  private DemoOAuthServer(MockOAuth2Server server) {
    this.server = server;
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port.
   *
   * @throws IllegalStateException when it cannot start
   */
  static DemoOAuthServer start() {
    MockOAuth2Server server = new MockOAuth2Server();
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot start the demo OAuth2 server: " + e.getMessage(), e);
    }
    return new DemoOAuthServer(server);
  }

  /** The issuer, as the tokens' {@code iss} claim names it. */
  String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** The authorization endpoint. */
  String authorizationUrl() {
    return server.authorizationEndpointUrl(ISSUER_ID).toString();
  }

  /** The token endpoint. */
  String tokenUrl() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  /**
   * The signing keys, fetched from the JWKS endpoint.
   *
   * @throws IllegalStateException when they cannot be read
   */
  JWKSet keys() {
    try {
      URL jwks = URI.create(server.jwksUrl(ISSUER_ID).toString()).toURL();
      return JWKSet.load(jwks, (int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis(), 0);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("cannot read the demo OAuth2 server's keys: " + e, e);
    }
  }

  /** A verifier of the access tokens this server issues. */
  BearerVerifier verifier() {
    return new BearerVerifier(issuer(), keys());
  }

  /**
   * Plays the merchant's browser: opens {@code authorizationUri} without following the redirect,
   * and returns where the server sends the browser back (the redirect URI with {@code code} and
   * {@code state}), as the browser would arrive there.
   *
   * @throws IllegalStateException when the server does not redirect
   */
  URI playBrowser(URI authorizationUri) throws IOException, InterruptedException {
    HttpResponse<Void> response =
        browser.send(
            HttpRequest.newBuilder(authorizationUri).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    String location = response.headers().firstValue("Location").orElse(null);
    if (response.statusCode() / 100 != 3 || location == null) {
      throw new IllegalStateException(
          "the authorization endpoint answered HTTP " + response.statusCode() + ", no redirect");
    }
    return authorizationUri.resolve(location);
  }

  /** The mock server itself, for tests that need tokens made to order. */
  MockOAuth2Server mock() {
    return server;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
