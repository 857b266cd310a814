package dev.couponfetch.internal.signing;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.SigningConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs one request as {@link SigningConfig} says, from fixed inputs (the time and nonce are given,
 * so that the documented test vectors can be computed): the canonical string of its parts, the MAC
 * of it, and the request with the signature, timestamp, nonce and key id headers. Stateless and
 * thread-safe.
 */
public final class RequestSigner {
  /** Longest canonical string shown in a note; a long body is cut there. */
  static final int SHOWN_LIMIT = 1000;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * What signing a request made.
   *
   * @param canonical the bytes that were signed
   * @param shown the canonical string as it may be shown: quoted, the separator and other control
   *     characters escaped ({@code \n}), cut at {@value #SHOWN_LIMIT} characters
   * @param signature the signature header's value, prefix included
   * @param timestamp the timestamp as written
   * @param nonce the nonce
   */
  public record Signed(
      byte[] canonical, String shown, String signature, String timestamp, String nonce) {}

  private RequestSigner() {}

  /**
   * Signs a request sent as {@code method} to {@code uri} with {@code body} (null for none).
   *
   * @param key the key bytes ({@link SigningKeys#decode})
   */
  public static Signed sign(
      SigningConfig config,
      byte[] key,
      String method,
      URI uri,
      byte[] body,
      Instant now,
      String nonce) {
    String timestamp = timestamp(config.timestampFormat(), now);
    byte[] sep = config.separator().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
    StringBuilder shown = new StringBuilder("\"");
    boolean first = true;
    for (SigningConfig.Part part : config.parts()) {
      if (!first) {
        canonical.writeBytes(sep);
        escape(config.separator(), shown);
      }
      first = false;
      byte[] value =
          part == SigningConfig.Part.BODY
              ? (body == null ? new byte[0] : body)
              : text(part, config, method, uri, body, timestamp, nonce)
                  .getBytes(StandardCharsets.UTF_8);
      canonical.writeBytes(value);
      escape(new String(value, StandardCharsets.UTF_8), shown);
    }
    String shownText =
        shown.length() > SHOWN_LIMIT
            ? shown.substring(0, SHOWN_LIMIT) + "…\" (cut)"
            : shown.append('"').toString();
    byte[] bytes = canonical.toByteArray();
    byte[] mac = mac(config.algorithm(), key, bytes);
    String encoded =
        config.encoding() == SigningConfig.Encoding.HEX
            ? HEX.formatHex(mac)
            : Base64.getEncoder().encodeToString(mac);
    return new Signed(bytes, shownText, config.signaturePrefix() + encoded, timestamp, nonce);
  }

  /** {@code request} with the headers of {@code signed}: the signature's sensitive. */
  public static PreparedRequest apply(
      SigningConfig config, PreparedRequest request, Signed signed) {
    PreparedRequest r = request.withHeader(config.signatureHeader(), signed.signature(), true);
    if (config.timestampHeader() != null) {
      r = r.withHeader(config.timestampHeader(), signed.timestamp(), false);
    }
    if (config.nonceHeader() != null) {
      r = r.withHeader(config.nonceHeader(), signed.nonce(), false);
    }
    if (config.keyIdHeader() != null && config.keyId() != null) {
      r = r.withHeader(config.keyIdHeader(), config.keyId(), false);
    }
    return r;
  }

  /** The timestamp {@code now} written as {@code format} says. */
  public static String timestamp(SigningConfig.TimestampFormat format, Instant now) {
    switch (format) {
      case EPOCH_SECONDS:
        return Long.toString(now.getEpochSecond());
      case EPOCH_MILLIS:
        return Long.toString(now.toEpochMilli());
      case ISO_8601:
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
      default:
        throw new AssertionError(format);
    }
  }

  private static String text(
      SigningConfig.Part part,
      SigningConfig config,
      String method,
      URI uri,
      byte[] body,
      String timestamp,
      String nonce) {
    switch (part) {
      case METHOD:
        return method.toUpperCase(Locale.ROOT);
      case HOST:
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
      case PATH:
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
      case QUERY:
        return uri.getRawQuery() == null ? "" : uri.getRawQuery();
      case TIMESTAMP:
        return timestamp;
      case NONCE:
        return nonce;
      case BODY_SHA256:
        return HEX.formatHex(sha256(body == null ? new byte[0] : body));
      case KEY_ID:
        return config.keyId() == null ? "" : config.keyId();
      default:
        throw new AssertionError(part);
    }
  }

  private static byte[] mac(SigningConfig.Algorithm algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(key, algorithm.jcaName()));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      // Every Java SE platform has these MACs; a key the config check let through is usable.
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Appends {@code text} with backslash, quote and control characters escaped. */
  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length() && out.length() <= SHOWN_LIMIT; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '"':
          out.append("\\\"");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
  }
}
