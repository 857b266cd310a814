package dev.couponfetch.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.server.Request;

/**
 * The check behind the demo server's {@code POST /hmac/coupon}, as a merchant would write it from
 * the documented {@code HMAC} scheme: {@code X-Signature} is {@code sha256=} and the hex
 * HMAC-SHA256 under {@value #SECRET} of {@code METHOD\nPATH\nQUERY\nTIMESTAMP\nNONCE\nBODY_SHA256}
 * (raw path and query as received, the body's hex SHA-256); {@code X-Timestamp} (epoch seconds) is
 * within {@value #MAX_SKEW_SECONDS} s of the server's clock; {@code X-Nonce} was not accepted
 * before; {@code X-Key-Id} is {@value #KEY_ID}. Thread-safe.
 */
final class HmacDemoVerifier {
  static final String SECRET = "demo-hmac-s3cret-2026";
  static final String KEY_ID = "demo-key-1";
  static final long MAX_SKEW_SECONDS = 300;

  private static final HexFormat HEX = HexFormat.of();

  private final Clock clock;
  // Nonce -> the timestamp it came with; older than the window they cannot come back anyway.
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  HmacDemoVerifier() {
    this(Clock.systemUTC());
  }

  HmacDemoVerifier(Clock clock) {
    this.clock = clock;
  }

  /** Why {@code request} with {@code body} is refused, or null when it is accepted. */
  String refusal(Request request, byte[] body) {
    String signature = request.getHeaders().get("X-Signature");
    String timestamp = request.getHeaders().get("X-Timestamp");
    String nonce = request.getHeaders().get("X-Nonce");
    if (signature == null || timestamp == null || nonce == null) {
      return "X-Signature, X-Timestamp and X-Nonce are required";
    }
    if (!KEY_ID.equals(request.getHeaders().get("X-Key-Id"))) {
      return "unknown X-Key-Id";
    }
    long now = clock.instant().getEpochSecond();
    if (!timestamp.matches("[0-9]{1,12}")
        || Math.abs(now - Long.parseLong(timestamp)) > MAX_SKEW_SECONDS) {
      return "stale X-Timestamp";
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
            HEX.formatHex(sha256(body)));
    String expected = "sha256=" + HEX.formatHex(hmacSha256(canonical));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
      return "wrong X-Signature";
    }
    nonces.values().removeIf(t -> now - t > 2 * MAX_SKEW_SECONDS);
    if (nonces.putIfAbsent(nonce, Long.parseLong(timestamp)) != null) {
      return "replayed X-Nonce";
    }
    return null;
  }

  private static byte[] hmacSha256(String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
