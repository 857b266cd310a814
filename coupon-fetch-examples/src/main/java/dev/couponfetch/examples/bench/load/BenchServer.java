package dev.couponfetch.examples.bench.load;

import dev.couponfetch.examples.DigestGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The loopback coupon server of the load benchmark: Jetty 12 on {@code 127.0.0.1} and a free port.
 *
 * <ul>
 *   <li>{@code GET /open/coupon}: no auth;
 *   <li>{@code GET /basic/coupon}: Basic {@value #USER} / {@value #PASSWORD};
 *   <li>{@code GET /digest/coupon}: Jetty's own Digest (SHA-256, qop=auth, default nonce limits);
 *   <li>{@code GET /query/coupon?apiKey=}{@value #API_KEY};
 *   <li>{@code GET /slow}: no auth, answered {@value #SLOW_MILLIS} ms later without holding a
 *       server thread (the callback is completed from a scheduler);
 *   <li>{@code GET /basic/remote} and {@code GET /digest/remote}: Basic and Digest as above, each
 *       request (a Digest challenge too) handled {@value #REMOTE_MILLIS} ms after it arrived, from
 *       the scheduler: the round trip to an endpoint across a network.
 * </ul>
 *
 * <p>Each answers {@code
 * {"result":[{"data":{"coupon":"SPRING-<n>","expires":"2027-03-01T00:00:00Z"}}]}} with a counter
 * for {@code n}. The thread pool is fixed and started with the server, so that a thread count taken
 * after start is not disturbed by the server. Thread-safe.
 */
final class BenchServer implements AutoCloseable {
  static final String USER = "bench";
  static final String PASSWORD = "bench-s3cret";
  static final String REALM = "coupon-bench";
  static final String API_KEY = "k3y-0123456789";
  static final String EXPIRES = "2027-03-01T00:00:00Z";
  static final long SLOW_MILLIS = 200;
  static final long REMOTE_MILLIS = 5;

  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final byte[] HEAD =
      "{\"result\":[{\"data\":{\"coupon\":\"SPRING-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL =
      ("\",\"expires\":\"" + EXPIRES + "\"}}]}").getBytes(StandardCharsets.US_ASCII);

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledThreadPoolExecutor slowTimer =
      new ScheduledThreadPoolExecutor(
          1,
          r -> {
            Thread t = new Thread(r, "bench-server-slow");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong counter = new AtomicLong();
  private final AtomicLong digestRequests = new AtomicLong();
  private final AtomicLong digestAnswered = new AtomicLong();
  private final AtomicInteger slowInFlight = new AtomicInteger();
  private final AtomicInteger slowPeak = new AtomicInteger();
  private final AtomicLong slowFirst = new AtomicLong();
  private final AtomicLong slowLast = new AtomicLong();
  private final Map<String, Seen> recorded = new ConcurrentHashMap<>();
  private volatile boolean recording;

  private BenchServer(int threads) {
    QueuedThreadPool pool = new QueuedThreadPool(threads, threads);
    pool.setName("bench-server");
    pool.setDaemon(true);
    server = new Server(pool);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(2048);
    server.addConnector(connector);
    server.setHandler(
        new Counting(DigestGuard.forDigestPaths(REALM, USER, PASSWORD, new Endpoints())));
    slowTimer.prestartAllCoreThreads();
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port.
   *
   * @param threads the fixed size of its thread pool
   */
  static BenchServer start(int threads) {
    BenchServer s = new BenchServer(threads);
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException("cannot start the bench server: " + e.getMessage(), e);
    }
    return s;
  }

  /** The absolute URL of {@code path} (which starts with {@code /}). */
  String url(String path) {
    return "http://127.0.0.1:" + connector.getLocalPort() + path;
  }

  /** Requests to {@code /digest/*}, challenged ones included. */
  long digestRequests() {
    return digestRequests.get();
  }

  /** Requests to {@code /digest/*} that Jetty's DigestAuthenticator let through. */
  long digestAnswered() {
    return digestAnswered.get();
  }

  /** The most {@code /slow} requests waiting at once since the last {@link #resetSlowPeak()}. */
  int slowPeak() {
    return slowPeak.get();
  }

  /** Milliseconds from the first to the last {@code /slow} request since the last reset. */
  double slowArrivalSpreadMillis() {
    return (slowLast.get() - slowFirst.get()) / 1e6;
  }

  void resetSlowPeak() {
    slowPeak.set(slowInFlight.get());
    slowFirst.set(0);
    slowLast.set(0);
  }

  /** Whether to keep the headers of the last request to each path (for the fairness test). */
  void recordHeaders(boolean on) {
    recording = on;
  }

  /** A request as it arrived: its method, path and query, and headers in arrival order. */
  record Seen(String method, String pathQuery, List<HttpField> headers) {}

  /** The last request to {@code path} while recording, or null. */
  Seen lastSeen(String path) {
    return recorded.get(path);
  }

  @Override
  public void close() {
    slowTimer.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the bench server: " + e.getMessage(), e);
    }
  }

  /** Counts Digest requests before authentication, to show how many were challenged. */
  private final class Counting extends Handler.Wrapper {
    Counting(Handler handler) {
      super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = Request.getPathInContext(request);
      if (path.startsWith("/digest/")) {
        digestRequests.incrementAndGet();
      }
      if (recording) {
        recorded.put(
            path,
            new Seen(
                request.getMethod(),
                request.getHttpURI().getPathQuery(),
                request.getHeaders().stream().toList()));
      }
      if (path.endsWith("/remote")) {
        // Every request, a Digest challenge included, waits as if it had crossed a network.
        slowTimer.schedule(
            () -> handleNow(request, response, callback), REMOTE_MILLIS, TimeUnit.MILLISECONDS);
        return true;
      }
      return super.handle(request, response, callback);
    }

    private void handleNow(Request request, Response response, Callback callback) {
      try {
        if (!super.handle(request, response, callback)) {
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        }
      } catch (Throwable t) {
        callback.failed(t);
      }
    }
  }

  private final class Endpoints extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      switch (Request.getPathInContext(request)) {
        case "/open/coupon":
          return coupon(response, callback);
        case "/basic/coupon":
          return BASIC.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))
              ? coupon(response, callback)
              : refuse(response, callback);
        case "/digest/coupon":
          // Reached only when Jetty's DigestAuthenticator accepted the credentials.
          digestAnswered.incrementAndGet();
          return coupon(response, callback);
        case "/query/coupon":
          return API_KEY.equals(Request.extractQueryParameters(request).getValue("apiKey"))
              ? coupon(response, callback)
              : refuse(response, callback);
        case "/slow":
          return slow(response, callback);
        case "/basic/remote":
          return BASIC.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))
              ? coupon(response, callback)
              : refuse(response, callback);
        case "/digest/remote":
          digestAnswered.incrementAndGet();
          return coupon(response, callback);
        default:
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
          return true;
      }
    }

    private boolean slow(Response response, Callback callback) {
      long arrived = System.nanoTime();
      slowFirst.compareAndSet(0, arrived);
      slowLast.accumulateAndGet(arrived, Math::max);
      int now = slowInFlight.incrementAndGet();
      slowPeak.accumulateAndGet(now, Math::max);
      slowTimer.schedule(
          () -> {
            slowInFlight.decrementAndGet();
            coupon(response, callback);
          },
          SLOW_MILLIS,
          TimeUnit.MILLISECONDS);
      return true;
    }

    private boolean later(Response response, Callback callback) {
      slowTimer.schedule(() -> coupon(response, callback), REMOTE_MILLIS, TimeUnit.MILLISECONDS);
      return true;
    }

    private boolean refuse(Response response, Callback callback) {
      response.setStatus(HttpStatus.UNAUTHORIZED_401);
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
      response.write(true, BufferUtil.EMPTY_BUFFER, callback);
      return true;
    }
  }

  private boolean coupon(Response response, Callback callback) {
    byte[] n = Long.toString(counter.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer body = ByteBuffer.allocate(HEAD.length + n.length + TAIL.length);
    body.put(HEAD).put(n).put(TAIL).flip();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
    response.write(true, body, callback);
    return true;
  }
}
