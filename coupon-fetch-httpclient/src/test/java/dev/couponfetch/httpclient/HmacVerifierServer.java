package dev.couponfetch.httpclient;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty 12 endpoint on a free loopback port that checks request signatures the way the
 * configuration reference ("Request signing (HMAC)") documents them, written from that text and not
 * from the library's code: hex HMAC-SHA256 under {@link #SECRET} of {@code METHOD \n PATH \n QUERY
 * \n TIMESTAMP \n NONCE \n BODY_SHA256} in {@code X-Signature}, epoch seconds in {@code
 * X-Timestamp}, the nonce in {@code X-Nonce}, {@link #KEY_ID} in {@code X-Key-Id}. It refuses (401,
 * with the reason in {@code {"error":…}}) a missing header, a timestamp more than 5 minutes from
 * its own clock, a wrong signature and a nonce it has already accepted; it answers a good request
 * with {@code {"code":"HMAC-n"}}. {@code /moved} (verified first) redirects to {@code /codes}.
 */
final class HmacVerifierServer implements AutoCloseable {
  static final String SECRET = "verifier-Secret-0042";
  static final String KEY_ID = "key-1";
  static final long MAX_SKEW_SECONDS = 300;

  /** A request as it arrived, and what the verifier said. */
  record Received(String path, String signature, String timestamp, String nonce, String verdict) {}

  private final Server server = new Server();
  private final Clock clock;
  private final Set<String> nonces = ConcurrentHashMap.newKeySet();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger codes = new AtomicInteger();
  private final AtomicBoolean busy = new AtomicBoolean(true);

  HmacVerifierServer(Clock clock) throws Exception {
    this.clock = clock;
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Verifier());
    server.start();
  }

  /** {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Every request so far, in order. */
  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the verifier", e);
    }
  }

  /** The refusal of a request, or null when it is good (its nonce is then used up). */
  private String verify(Request request, byte[] body) throws GeneralSecurityException {
    String signature = request.getHeaders().get("X-Signature");
    String timestamp = request.getHeaders().get("X-Timestamp");
    String nonce = request.getHeaders().get("X-Nonce");
    if (signature == null || timestamp == null || nonce == null) {
      return "missing signature, timestamp or nonce";
    }
    if (!KEY_ID.equals(request.getHeaders().get("X-Key-Id"))) {
      return "unknown key id";
    }
    if (!timestamp.matches("[0-9]{1,12}")
        || Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp))
            > MAX_SKEW_SECONDS) {
      return "stale timestamp";
    }
    String query = request.getHttpURI().getQuery();
    String canonical =
        String.join(
            "\n",
            request.getMethod(),
            request.getHttpURI().getPath(),
            query == null ? "" : query,
            timestamp,
            nonce,
            hex(MessageDigest.getInstance("SHA-256").digest(body)));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = hex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      return "wrong signature";
    }
    // Checked last, so that a forged request cannot use up a nonce.
    if (!nonces.add(nonce)) {
      return "replayed nonce";
    }
    return null;
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return s.toString();
  }

  private final class Verifier extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readAllBytes();
      }
      String refusal = verify(request, body);
      String path = Request.getPathInContext(request);
      received.add(
          new Received(
              path,
              request.getHeaders().get("X-Signature"),
              request.getHeaders().get("X-Timestamp"),
              request.getHeaders().get("X-Nonce"),
              refusal == null ? "ok" : refusal));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      if (refusal != null) {
        response.setStatus(HttpStatus.UNAUTHORIZED_401);
        Content.Sink.write(response, true, "{\"error\":\"" + refusal + "\"}", callback);
      } else if (path.equals("/busy") && busy.getAndSet(false)) {
        // Verified (its nonce is used up), then too busy: the retry must be signed anew.
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "0");
        callback.succeeded();
      } else if (path.equals("/moved")) {
        response.setStatus(HttpStatus.FOUND_302);
        response.getHeaders().put(HttpHeader.LOCATION, "/codes");
        callback.succeeded();
      } else {
        Content.Sink.write(
            response, true, "{\"code\":\"HMAC-" + codes.incrementAndGet() + "\"}", callback);
      }
      return true;
    }
  }
}
