package dev.couponfetch.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Receives the one browser redirect that ends an OAuth2 authorization, on a loopback address (RFC
 * 8252 section 7.3), and answers the browser with a small page saying how it went.
 *
 * <p>Any page the user visits can send requests to a loopback port, so the receiver trusts only a
 * request that proves it belongs to this authorization:
 *
 * <ul>
 *   <li>its {@code Host} is the redirect URI's own host and port, else 403: a page on another name
 *       that resolves to loopback (DNS rebinding) is refused, and so is {@code localhost} for
 *       {@code 127.0.0.1} and the other way round, since the authorization server redirects to the
 *       URI exactly as registered ({@link LoopbackRedirect#hostSpellings});
 *   <li>it carries exactly one {@code state}, equal to the one {@link #expectState expected}, else
 *       400 and the receiver keeps waiting (a forged redirect, or one from an older run).
 * </ul>
 *
 * <p>The first such request to the redirect path is handed to the {@code onRedirect} function, on
 * the server's thread; its {@link Page} is what the browser shows, and {@link #await} returns. A
 * request that was refused is reported to {@code onRefused} in a sentence that quotes nothing of
 * the request. Other requests (a favicon, a reload after the end) get a short page and change
 * nothing. Thread-safe; close it to stop listening.
 */
final class RedirectReceiver implements AutoCloseable {
  /** What the browser is shown: a status and one sentence. */
  record Page(int status, String message) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI redirectUri;
  private final Set<String> hostSpellings;
  private final Function<URI, Page> onRedirect;
  private final Consumer<String> onRefused;
  private final AtomicBoolean received = new AtomicBoolean();
  private final CountDownLatch handled = new CountDownLatch(1);
  private volatile byte[] expectedState;

  private RedirectReceiver(
      HttpServer server,
      ExecutorService executor,
      URI redirectUri,
      Set<String> hostSpellings,
      Function<URI, Page> onRedirect,
      Consumer<String> onRefused) {
    this.server = server;
    this.executor = executor;
    this.redirectUri = redirectUri;
    this.hostSpellings = hostSpellings;
    this.onRedirect = onRedirect;
    this.onRefused = onRefused;
  }

  /**
   * Listens on {@code redirect}'s address and port (a free one when it has none).
   *
   * @throws IOException when the port cannot be bound (in use, not permitted)
   */
  static RedirectReceiver start(
      LoopbackRedirect redirect, Function<URI, Page> onRedirect, Consumer<String> onRefused)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(redirect.bindAddress(), redirect.port()), 0);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "coupon-fetch-redirect-receiver");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    URI uri = redirect.resolve(server.getAddress().getPort());
    RedirectReceiver receiver =
        new RedirectReceiver(
            server, executor, uri, redirect.hostSpellings(), onRedirect, onRefused);
    server.createContext("/", receiver::handle);
    server.start();
    return receiver;
  }

  /** The redirect URI to send to the authorization server, with the port listened on. */
  URI redirectUri() {
    return redirectUri;
  }

  /** The {@code state} the redirect must carry; until it is set, every redirect is refused. */
  void expectState(String state) {
    expectedState = state.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Waits until the redirect was handled and the browser answered.
   *
   * @return false when {@code timeout} passed first
   */
  boolean await(Duration timeout) throws InterruptedException {
    return handled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI request = exchange.getRequestURI();
      String query = request.getRawQuery();
      if (!isOwnHost(exchange.getRequestHeaders().get("Host"))) {
        onRefused.accept(
            "refused a request to the redirect listener addressed to another host than "
                + redirectUri.getRawAuthority()
                + " (answered 403)");
        respond(exchange, new Page(403, "coupon-fetch: wrong host"));
      } else if (!request.getRawPath().equals(redirectPath())) {
        respond(exchange, new Page(404, "coupon-fetch: nothing here"));
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        respond(exchange, new Page(405, "coupon-fetch: the redirect is a GET request"));
      } else if (!isAuthorizationResponse(query)) {
        respond(exchange, new Page(400, "coupon-fetch: waiting for the authorization redirect"));
      } else if (received.get()) {
        respond(exchange, new Page(409, "coupon-fetch: this authorization is already finished"));
      } else if (!carriesExpectedState(query)) {
        onRefused.accept(
            "ignored a redirect without the state of this authorization (answered 400; a forged"
                + " or stale redirect); still waiting for the browser");
        respond(
            exchange,
            new Page(
                400,
                "coupon-fetch: this redirect does not belong to the authorization in progress"));
      } else if (!received.compareAndSet(false, true)) {
        respond(exchange, new Page(409, "coupon-fetch: this authorization is already finished"));
      } else {
        // Rebuilt on the redirect URI's own origin, as the authorization server sent it.
        URI callback = URI.create(origin() + request.getRawPath() + "?" + query);
        Page page;
        try {
          page = onRedirect.apply(callback);
        } catch (RuntimeException e) { // onRedirect words its failures; this is a last resort
          page = new Page(500, "coupon-fetch: the authorization failed");
        }
        try {
          respond(exchange, page);
        } finally {
          handled.countDown(); // after the answer, so closing cannot cut the page short
        }
      }
    }
  }

  /**
   * Whether the request's only {@code Host} header names the redirect URI's host (as written, or an
   * IP literal's canonical spelling) and port; the port may be left out when it is 80.
   */
  private boolean isOwnHost(List<String> hosts) {
    if (hosts == null || hosts.size() != 1) {
      return false;
    }
    String host = hosts.get(0).strip().toLowerCase(Locale.ROOT);
    int port = redirectUri.getPort();
    for (String name : hostSpellings) {
      if (host.equals(name + ":" + port) || (port == 80 && host.equals(name))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the query has exactly one {@code state}, the expected one (in constant time). */
  private boolean carriesExpectedState(String query) {
    byte[] expected = expectedState;
    String state = null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if ((eq < 0 ? pair : pair.substring(0, eq)).equals("state")) {
        if (state != null || eq < 0) {
          return false;
        }
        try {
          state = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a broken %-escape
          return false;
        }
      }
    }
    return expected != null
        && state != null
        && MessageDigest.isEqual(expected, state.getBytes(StandardCharsets.UTF_8));
  }

  private String redirectPath() {
    String path = redirectUri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  private String origin() {
    return redirectUri.getScheme() + "://" + redirectUri.getRawAuthority();
  }

  private static boolean isAuthorizationResponse(String query) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (name.equals("code") || name.equals("error") || name.equals("state")) {
        return true;
      }
    }
    return false;
  }

  private static void respond(HttpExchange exchange, Page page) throws IOException {
    byte[] body =
        ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>coupon-fetch</title></head>"
                + "<body><p>"
                + escape(page.message())
                + "</p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    // The address bar holds the authorization code: keep it out of caches and referrers.
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.sendResponseHeaders(page.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '&' -> s.append("&amp;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }
}
