package dev.couponfetch.examples;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The demo's OAuth2 authorization server, our own on Jetty and Nimbus: on {@code 127.0.0.1} and a
 * free port, endpoints under {@code /}{@value #ISSUER_ID}. It knows one confidential client,
 * {@value #CLIENT_ID} with {@link #CLIENT_SECRET} ({@code client_secret_basic} or {@code
 * client_secret_post}); grants authorization codes (PKCE S256 required, codes single-use for a
 * minute), refresh tokens (rotated) and client credentials; and issues RS256 JWT access tokens
 * whose keys {@link #keys()} gives. Its authorization endpoint has no login page: it redirects
 * straight back with {@code code}, {@code state} and {@code iss}, which lets the demo and tests
 * play the browser. See {@link DemoAuthorizationEndpoint} and {@link DemoTokenEndpoint}.
 *
 * <p>Thread-safe. Close it to stop the server.
 */
final class DemoOAuthServer implements AutoCloseable {
  /** The issuer id: the path segment of every endpoint. */
  static final String ISSUER_ID = "demo";

  /** The client id the demo configs use. */
  static final String CLIENT_ID = "demo-client";

  /** The client secret the demo configs use; the token endpoint checks it. */
  static final String CLIENT_SECRET = "demo-client-s3cret";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final DemoGrants grants;
  private final HttpClient browser =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();

  private DemoOAuthServer(Clock clock) {
    grants = new DemoGrants(clock);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Endpoints(
            new DemoAuthorizationEndpoint(grants, this::issuer),
            new DemoTokenEndpoint(grants, this::issuer),
            grants.publicKeys().toString()));
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port.
   *
   * @throws IllegalStateException when it cannot start
   */
  static DemoOAuthServer start() {
    return start(Clock.systemUTC());
  }

  /** Starts a server whose codes and tokens age by {@code clock} (tests move it). */
  static DemoOAuthServer start(Clock clock) {
    DemoOAuthServer oauth = new DemoOAuthServer(clock);
    try {
      oauth.server.start();
    } catch (Exception e) {
      try {
        oauth.server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("cannot start the demo OAuth2 server: " + e.getMessage(), e);
    }
    return oauth;
  }

  /** The issuer, as the tokens' {@code iss} claim and the redirects' {@code iss} name it. */
  String issuer() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/" + ISSUER_ID;
  }

  /** The authorization endpoint. */
  String authorizationUrl() {
    return issuer() + "/authorize";
  }

  /** The token endpoint. */
  String tokenUrl() {
    return issuer() + "/token";
  }

  /** The JWKS endpoint: the public signing keys as JSON. */
  String jwksUrl() {
    return issuer() + "/jwks";
  }

  /** The public signing keys. */
  JWKSet keys() {
    return grants.publicKeys();
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

  /**
   * An access token as the token endpoint would sign it for {@code subject}, for tests that need
   * tokens made to order.
   *
   * @param lifetime from now; negative for one that has already expired
   */
  String accessToken(String subject, Duration lifetime) {
    return grants.accessToken(issuer(), subject, new Scope("coupons"), lifetime);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the demo OAuth2 server: " + e.getMessage(), e);
    }
  }

  /** Routes {@code /demo/authorize}, {@code /demo/token} and {@code /demo/jwks}. */
  private static final class Endpoints extends Handler.Abstract {
    private final DemoAuthorizationEndpoint authorize;
    private final DemoTokenEndpoint token;
    private final String jwks;

    Endpoints(DemoAuthorizationEndpoint authorize, DemoTokenEndpoint token, String jwks) {
      this.authorize = authorize;
      this.token = token;
      this.jwks = jwks;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws IOException {
      switch (Request.getPathInContext(request)) {
        case "/" + ISSUER_ID + "/authorize":
          return authorize.handle(request, response, callback);
        case "/" + ISSUER_ID + "/token":
          return token.handle(request, response, callback);
        case "/" + ISSUER_ID + "/jwks":
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
          Content.Sink.write(response, true, jwks, callback);
          return true;
        default:
          return false;
      }
    }
  }
}
