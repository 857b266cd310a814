package dev.couponfetch.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Receives the one browser redirect that ends an OAuth2 authorization, on a loopback address (RFC
 * 8252 section 7.3), and answers the browser with a small page saying how it went.
 *
 * <p>The first request to the redirect path that carries {@code code}, {@code error} or {@code
 * state} is handed to the {@code onRedirect} function, on the server's thread; its {@link Page} is
 * what the browser shows. Other requests (a favicon, a reload after the end) get a short page and
 * change nothing. Thread-safe; close it to stop listening.
 */
final class RedirectReceiver implements AutoCloseable {
  /** What the browser is shown: a status and one sentence. */
  record Page(int status, String message) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI redirectUri;
  private final Function<URI, Page> onRedirect;
  private final AtomicBoolean received = new AtomicBoolean();
  private final CountDownLatch handled = new CountDownLatch(1);

  private RedirectReceiver(
      HttpServer server,
      ExecutorService executor,
      URI redirectUri,
      Function<URI, Page> onRedirect) {
    this.server = server;
    this.executor = executor;
    this.redirectUri = redirectUri;
    this.onRedirect = onRedirect;
  }

  /**
   * Listens on {@code redirect}'s address and port (a free one when it has none).
   *
   * @throws IOException when the port cannot be bound (in use, not permitted)
   */
  static RedirectReceiver start(LoopbackRedirect redirect, Function<URI, Page> onRedirect)
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
    RedirectReceiver receiver = new RedirectReceiver(server, executor, uri, onRedirect);
    server.createContext("/", receiver::handle);
    server.start();
    return receiver;
  }

  /** The redirect URI to send to the authorization server, with the port listened on. */
  URI redirectUri() {
    return redirectUri;
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
      if (!request.getRawPath().equals(redirectPath())) {
        respond(exchange, new Page(404, "coupon-fetch: nothing here"));
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        respond(exchange, new Page(405, "coupon-fetch: the redirect is a GET request"));
      } else if (!isAuthorizationResponse(query)) {
        respond(exchange, new Page(400, "coupon-fetch: waiting for the authorization redirect"));
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
