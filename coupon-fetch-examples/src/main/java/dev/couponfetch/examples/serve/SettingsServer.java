package dev.couponfetch.examples.serve;

import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The settings page and its JSON API on {@code 127.0.0.1}: the page's Test Configuration button
 * calls {@code POST /api/test}, its Fetch tokens button {@code POST /api/oauth/start}; {@code POST
 * /api/fetch} returns the coupons themselves. One fetcher with an in-memory token store serves them
 * all, so tokens fetched with the button are used by the next test.
 *
 * <p>Thread-safe. Close it to stop the server and release the fetcher's connections.
 */
public final class SettingsServer implements AutoCloseable {
  /**
   * Request line and headers: the callback's query (code, state, issuer) with room to spare; more
   * is answered 431 by Jetty.
   */
  private static final int HEADER_BYTES = 16 * 1024;

  /**
   * How long a client may take: {@code idle}, the longest silence on a connection (between
   * requests, or within one); {@code body}, the longest a POST's whole body may take to arrive from
   * its headers on (a browser on this machine sends it at once). A client that stalls or dribbles
   * is answered 408 and its connection closed at the bound.
   */
  record Timeouts(Duration idle, Duration body) {
    static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10));

    Timeouts {
      Objects.requireNonNull(idle, "idle == null");
      Objects.requireNonNull(body, "body == null");
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final HttpClientCouponFetcher fetcher;
  private final PendingAuthorizations pending;

  private SettingsServer(
      int port, boolean allowPrivateNetwork, Clock clock, TokenStore tokens, Timeouts timeouts) {
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(allowPrivateNetwork)
            .tokenStore(tokens)
            .build();
    server = new Server();
    server.setErrorHandler(new ErrorPageHandler());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(HEADER_BYTES);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(timeouts.idle().toMillis());
    server.addConnector(connector);
    pending = new PendingAuthorizations(clock);
    OAuthEndpoints oauth = new OAuthEndpoints(fetcher.authorizer(), pending, allowPrivateNetwork);
    server.setHandler(new Router(new ApiEndpoints(fetcher), oauth, timeouts.body()));
  }

  /**
   * Starts the server on {@code 127.0.0.1:port}.
   *
   * @param port the port; 0 picks a free one
   * @param allowPrivateNetwork whether the fetcher may call endpoints and token URLs on loopback
   *     and private networks (local development)
   * @throws IllegalArgumentException when {@code port} is not between 0 and 65535
   * @throws UncheckedIOException when it cannot listen on the port (in use, or not allowed)
   * @throws IllegalStateException when the server cannot start otherwise
   */
  public static SettingsServer start(int port, boolean allowPrivateNetwork) {
    return start(port, allowPrivateNetwork, Clock.systemUTC(), TokenStores.inMemory());
  }

  /**
   * {@link #start(int, boolean)} with the clock that expires pending authorizations and the token
   * store (tests read the tokens from it).
   */
  static SettingsServer start(
      int port, boolean allowPrivateNetwork, Clock clock, TokenStore tokens) {
    return start(port, allowPrivateNetwork, clock, tokens, Timeouts.DEFAULT);
  }

  /**
   * {@link #start(int, boolean, Clock, TokenStore)} with the client timeouts (tests shorten them).
   */
  static SettingsServer start(
      int port, boolean allowPrivateNetwork, Clock clock, TokenStore tokens, Timeouts timeouts) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
    }
    SettingsServer s = new SettingsServer(port, allowPrivateNetwork, clock, tokens, timeouts);
    try {
      s.server.start();
    } catch (Exception e) {
      try {
        s.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      String where = "127.0.0.1:" + port;
      if (e instanceof IOException) {
        throw new UncheckedIOException(
            "cannot listen on " + where + ": " + rootMessage(e), (IOException) e);
      }
      throw new IllegalStateException("cannot start the settings server on " + where, e);
    }
    return s;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** {@code http://127.0.0.1:PORT/}: the settings page. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  /** How many authorizations are started and not yet completed or expired (for tests). */
  int pendingAuthorizations() {
    return pending.size();
  }

  /** How many client connections are open (for tests). */
  int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  /** Stops the server and closes the fetcher. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the settings server: " + e.getMessage(), e);
    } finally {
      fetcher.close();
    }
  }
}
