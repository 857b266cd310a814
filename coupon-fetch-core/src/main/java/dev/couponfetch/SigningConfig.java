package dev.couponfetch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How an {@code HMAC} config signs each request: the JSON object {@code auth.signing}.
 *
 * <p>For every request the fetcher builds a canonical string from the {@link #parts()} in order,
 * joined by the {@link #separator()}, signs it with the {@link #algorithm()} under the {@link
 * #secret()}, and sends the signature (with its {@link #signaturePrefix()}) in the {@link
 * #signatureHeader()}, and the timestamp, nonce and key id it used in their own headers:
 *
 * <pre>{@code
 * "auth": {"type": "HMAC", "signing": {
 *   "algorithm": "HMAC_SHA256", "secret": "…", "keyId": "acme-key-1",
 *   "parts": ["METHOD", "PATH", "QUERY", "TIMESTAMP", "NONCE", "BODY_SHA256"], "separator": "\n",
 *   "encoding": "HEX", "signatureHeader": "X-Signature",
 *   "timestampHeader": "X-Timestamp", "nonceHeader": "X-Nonce", "keyIdHeader": "X-Key-Id"}}
 * }</pre>
 *
 * <p>Whether the fields fit together (a {@code TIMESTAMP} part needs its header, the secret must
 * decode) is checked when the whole {@link CouponSourceConfig} is built. Immutable and thread-safe;
 * {@link #toString()} masks the secret.
 */
public final class SigningConfig {
  /** The MAC algorithm. */
  public enum Algorithm {
    /** HMAC-SHA1 (RFC 2104): only for endpoints that ask for it. */
    HMAC_SHA1("HmacSHA1"),
    /** HMAC-SHA256, the default. */
    HMAC_SHA256("HmacSHA256"),
    /** HMAC-SHA512. */
    HMAC_SHA512("HmacSHA512");

    private final String jcaName;

    Algorithm(String jcaName) {
      this.jcaName = jcaName;
    }

    /** The name {@code javax.crypto.Mac.getInstance} knows it by ({@code HmacSHA256}). */
    public String jcaName() {
      return jcaName;
    }
  }

  /** A part of the canonical string; each is the request's value as it is sent. */
  public enum Part {
    /** The HTTP method in upper case: {@code GET}, {@code POST}. */
    METHOD,
    /** The host in lower case, with {@code :port} when the URL names one. */
    HOST,
    /** The raw (percent-encoded) path as sent; {@code /} when the URL has none. */
    PATH,
    /** The raw query as sent, without {@code ?}; empty when there is none. */
    QUERY,
    /** The timestamp, in the {@link TimestampFormat}; sent in {@code timestampHeader}. */
    TIMESTAMP,
    /**
     * 16 random bytes as 32 lower-case hex digits, new per request; sent in {@code nonceHeader}.
     */
    NONCE,
    /** The body bytes as sent (nothing for {@code GET}). */
    BODY,
    /** The lower-case hex SHA-256 of the body bytes (of no bytes for {@code GET}). */
    BODY_SHA256,
    /** The {@code keyId}; sent in {@code keyIdHeader}. */
    KEY_ID
  }

  /** How the signature bytes are written in the header. */
  public enum Encoding {
    /** Lower-case hex, the default. */
    HEX,
    /** Standard Base64 with padding (RFC 4648 section 4). */
    BASE64
  }

  /** How the timestamp is written. */
  public enum TimestampFormat {
    /** Seconds since 1970-01-01T00:00:00Z, the default: {@code 1767225600}. */
    EPOCH_SECONDS,
    /** Milliseconds since the epoch: {@code 1767225600000}. */
    EPOCH_MILLIS,
    /** ISO-8601 UTC to the second: {@code 2026-01-01T00:00:00Z}. */
    ISO_8601
  }

  /** How the configured {@code secret} text becomes the key bytes. */
  public enum SecretEncoding {
    /** The text's UTF-8 bytes, the default. */
    TEXT,
    /** Standard or URL-safe Base64 of the key bytes. */
    BASE64,
    /** Hex of the key bytes (upper or lower case). */
    HEX
  }

  private final Algorithm algorithm;
  private final Secret secret;
  private final SecretEncoding secretEncoding;
  private final String keyId;
  private final List<Part> parts;
  private final String separator;
  private final TimestampFormat timestampFormat;
  private final Encoding encoding;
  private final String signatureHeader;
  private final String signaturePrefix;
  private final String timestampHeader;
  private final String nonceHeader;
  private final String keyIdHeader;

  private SigningConfig(Builder b) {
    this.algorithm = b.algorithm;
    this.secret = b.secret;
    this.secretEncoding = b.secretEncoding;
    this.keyId = b.keyId;
    this.parts = Collections.unmodifiableList(new ArrayList<>(b.parts));
    this.separator = b.separator;
    this.timestampFormat = b.timestampFormat;
    this.encoding = b.encoding;
    this.signatureHeader = b.signatureHeader;
    this.signaturePrefix = b.signaturePrefix;
    this.timestampHeader = b.timestampHeader;
    this.nonceHeader = b.nonceHeader;
    this.keyIdHeader = b.keyIdHeader;
  }

  /** A builder with the defaults: HMAC-SHA256, a text secret, {@code \n}, epoch seconds, hex. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.algorithm = algorithm;
    b.secret = secret;
    b.secretEncoding = secretEncoding;
    b.keyId = keyId;
    b.parts.addAll(parts);
    b.separator = separator;
    b.timestampFormat = timestampFormat;
    b.encoding = encoding;
    b.signatureHeader = signatureHeader;
    b.signaturePrefix = signaturePrefix;
    b.timestampHeader = timestampHeader;
    b.nonceHeader = nonceHeader;
    b.keyIdHeader = keyIdHeader;
    return b;
  }

  /** The MAC algorithm; {@code HMAC_SHA256} unless configured otherwise. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The key, as configured (see {@link #secretEncoding()}), or null when not set. */
  public Secret secret() {
    return secret;
  }

  /** How {@link #secret()} is written; {@code TEXT} unless configured otherwise. */
  public SecretEncoding secretEncoding() {
    return secretEncoding;
  }

  /** The key id (not a secret), or null. */
  public String keyId() {
    return keyId;
  }

  /** The parts of the canonical string, in order. */
  public List<Part> parts() {
    return parts;
  }

  /** What joins the parts; a line feed unless configured otherwise (may be empty). */
  public String separator() {
    return separator;
  }

  /** How the timestamp is written; {@code EPOCH_SECONDS} unless configured otherwise. */
  public TimestampFormat timestampFormat() {
    return timestampFormat;
  }

  /** How the signature is written; {@code HEX} unless configured otherwise. */
  public Encoding encoding() {
    return encoding;
  }

  /** The header that carries the signature (required), or null when not set. */
  public String signatureHeader() {
    return signatureHeader;
  }

  /** Written before the signature in its header ({@code sha256=}); empty by default. */
  public String signaturePrefix() {
    return signaturePrefix;
  }

  /** The header that carries the timestamp, or null for none. */
  public String timestampHeader() {
    return timestampHeader;
  }

  /** The header that carries the nonce, or null for none. */
  public String nonceHeader() {
    return nonceHeader;
  }

  /** The header that carries the key id, or null for none. */
  public String keyIdHeader() {
    return keyIdHeader;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SigningConfig)) {
      return false;
    }
    SigningConfig that = (SigningConfig) o;
    return algorithm == that.algorithm
        && Objects.equals(secret, that.secret)
        && secretEncoding == that.secretEncoding
        && Objects.equals(keyId, that.keyId)
        && parts.equals(that.parts)
        && separator.equals(that.separator)
        && timestampFormat == that.timestampFormat
        && encoding == that.encoding
        && Objects.equals(signatureHeader, that.signatureHeader)
        && signaturePrefix.equals(that.signaturePrefix)
        && Objects.equals(timestampHeader, that.timestampHeader)
        && Objects.equals(nonceHeader, that.nonceHeader)
        && Objects.equals(keyIdHeader, that.keyIdHeader);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        algorithm,
        secret,
        secretEncoding,
        keyId,
        parts,
        separator,
        timestampFormat,
        encoding,
        signatureHeader,
        signaturePrefix,
        timestampHeader,
        nonceHeader,
        keyIdHeader);
  }

  /** Every field; the secret is {@code ****}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("SigningConfig{algorithm=").append(algorithm);
    if (secret != null) {
      s.append(", secret=").append(Secret.MASK);
    }
    s.append(", secretEncoding=").append(secretEncoding);
    if (keyId != null) {
      s.append(", keyId=").append(keyId);
    }
    s.append(", parts=").append(parts);
    s.append(", separator=\"").append(separator.replace("\n", "\\n")).append('"');
    s.append(", timestampFormat=").append(timestampFormat);
    s.append(", encoding=").append(encoding);
    s.append(", signatureHeader=").append(signatureHeader);
    if (!signaturePrefix.isEmpty()) {
      s.append(", signaturePrefix=").append(signaturePrefix);
    }
    if (timestampHeader != null) {
      s.append(", timestampHeader=").append(timestampHeader);
    }
    if (nonceHeader != null) {
      s.append(", nonceHeader=").append(nonceHeader);
    }
    if (keyIdHeader != null) {
      s.append(", keyIdHeader=").append(keyIdHeader);
    }
    return s.append('}').toString();
  }

  /** Builds a {@link SigningConfig}. Not thread-safe. */
  public static final class Builder {
    private Algorithm algorithm = Algorithm.HMAC_SHA256;
    private Secret secret;
    private SecretEncoding secretEncoding = SecretEncoding.TEXT;
    private String keyId;
    private final List<Part> parts = new ArrayList<>();
    private String separator = "\n";
    private TimestampFormat timestampFormat = TimestampFormat.EPOCH_SECONDS;
    private Encoding encoding = Encoding.HEX;
    private String signatureHeader;
    private String signaturePrefix = "";
    private String timestampHeader;
    private String nonceHeader;
    private String keyIdHeader;

    private Builder() {}

    /** The MAC algorithm (default {@code HMAC_SHA256}). */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm == null");
      return this;
    }

    /** The key (required), written as {@link #secretEncoding(SecretEncoding)} says. */
    public Builder secret(String secret) {
      this.secret = Secret.of(Objects.requireNonNull(secret, "secret == null"));
      return this;
    }

    /** How the secret is written (default {@code TEXT}: its UTF-8 bytes are the key). */
    public Builder secretEncoding(SecretEncoding secretEncoding) {
      this.secretEncoding = Objects.requireNonNull(secretEncoding, "secretEncoding == null");
      return this;
    }

    /** The key id, for a {@code KEY_ID} part or {@code keyIdHeader}. */
    public Builder keyId(String keyId) {
      this.keyId = Objects.requireNonNull(keyId, "keyId == null");
      return this;
    }

    /** The parts of the canonical string, in order (required); replaces any set before. */
    public Builder parts(List<Part> parts) {
      Objects.requireNonNull(parts, "parts == null");
      for (Part p : parts) {
        Objects.requireNonNull(p, "parts contains null");
      }
      this.parts.clear();
      this.parts.addAll(parts);
      return this;
    }

    /** {@link #parts(List)} from an array. */
    public Builder parts(Part... parts) {
      return parts(List.of(parts));
    }

    /** What joins the parts (default a line feed {@code "\n"}; may be empty). */
    public Builder separator(String separator) {
      this.separator = Objects.requireNonNull(separator, "separator == null");
      return this;
    }

    /** How the timestamp is written (default {@code EPOCH_SECONDS}). */
    public Builder timestampFormat(TimestampFormat timestampFormat) {
      this.timestampFormat = Objects.requireNonNull(timestampFormat, "timestampFormat == null");
      return this;
    }

    /** How the signature is written (default {@code HEX}). */
    public Builder encoding(Encoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding == null");
      return this;
    }

    /** The header that carries the signature (required). */
    public Builder signatureHeader(String name) {
      this.signatureHeader = Objects.requireNonNull(name, "signatureHeader == null");
      return this;
    }

    /** Written before the signature ({@code sha256=}; default empty). */
    public Builder signaturePrefix(String prefix) {
      this.signaturePrefix = Objects.requireNonNull(prefix, "signaturePrefix == null");
      return this;
    }

    /** The header that carries the timestamp; required with a {@code TIMESTAMP} part. */
    public Builder timestampHeader(String name) {
      this.timestampHeader = Objects.requireNonNull(name, "timestampHeader == null");
      return this;
    }

    /** The header that carries the nonce; required with a {@code NONCE} part. */
    public Builder nonceHeader(String name) {
      this.nonceHeader = Objects.requireNonNull(name, "nonceHeader == null");
      return this;
    }

    /** The header that carries the key id; required with a {@code KEY_ID} part. */
    public Builder keyIdHeader(String name) {
      this.keyIdHeader = Objects.requireNonNull(name, "keyIdHeader == null");
      return this;
    }

    /**
     * The configuration. Whether the fields fit together is checked when the whole {@link
     * CouponSourceConfig} is built, so that every problem is reported at once.
     */
    public SigningConfig build() {
      return new SigningConfig(this);
    }
  }
}
