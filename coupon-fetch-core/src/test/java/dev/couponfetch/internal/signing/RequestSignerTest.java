package dev.couponfetch.internal.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Secret;
import dev.couponfetch.SigningConfig;
import dev.couponfetch.SigningConfig.Algorithm;
import dev.couponfetch.SigningConfig.Encoding;
import dev.couponfetch.SigningConfig.Part;
import dev.couponfetch.SigningConfig.SecretEncoding;
import dev.couponfetch.SigningConfig.TimestampFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fixed vectors, computed independently (Python's {@code hmac} module), for each algorithm and
 * encoding over a canonical string of every part; and each part on its own.
 */
class RequestSignerTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String NONCE = "abcdef0123456789abcdef0123456789";
  private static final byte[] BODY = "{\"campaign\":\"spring\"}".getBytes(StandardCharsets.UTF_8);
  private static final URI URL = URI.create("https://Shop.Example:8443/a%20b/c?x=1&y=%2F");
  private static final byte[] KEY = "matrix-secret-0001".getBytes(StandardCharsets.UTF_8);

  private static SigningConfig.Builder allParts() {
    return SigningConfig.builder()
        .secret("matrix-secret-0001")
        .keyId("kid-7")
        .parts(List.of(Part.values()))
        .timestampFormat(TimestampFormat.EPOCH_MILLIS)
        .signatureHeader("X-Signature");
  }

  @ParameterizedTest
  @CsvSource({
    "HMAC_SHA1, HEX, 688dec44ca46e7052bff80a96df0bcf0e4c6e9e8",
    "HMAC_SHA1, BASE64, aI3sRMpG5wUr/4CpbfC88OTG6eg=",
    "HMAC_SHA256, HEX, 69183e34abd8084bac5a8a01a6011e5ce0c1324ff0a9da978c050f538e08595e",
    "HMAC_SHA256, BASE64, aRg+NKvYCEusWooBpgEeXODBMk/wqdqXjAUPU44IWV4=",
    "HMAC_SHA512, HEX, 7ed9c9fad774703686d92c1eacd31857cb0988a6b92f554427e3396db1b7ece75047d4ce3f"
        + "78554a22f271b2c04d19a24fb6f65ff7547cc082ecb75cbf41036a",
    "HMAC_SHA512, BASE64, ftnJ+td0cDaG2SwerNMYV8sJiKa5L1VEJ+M5bbG37OdQR9TOP3hVSiLycbLATRmiT7b2X/dU"
        + "fMCC7Ldcv0EDag=="
  })
  void sign_everyPart_matchesTheVector(Algorithm algorithm, Encoding encoding, String expected) {
    SigningConfig c = allParts().algorithm(algorithm).encoding(encoding).build();

    RequestSigner.Signed s = RequestSigner.sign(c, KEY, "POST", URL, BODY, T, NONCE);

    assertThat(new String(s.canonical(), StandardCharsets.UTF_8))
        .isEqualTo(
            "POST\nshop.example:8443\n/a%20b/c\nx=1&y=%2F\n1767225600000\n"
                + NONCE
                + "\n{\"campaign\":\"spring\"}\n"
                + "6e5cf27c791a20efa88703a6384608ad2ef48191b5d28d2f3722356c3f46cea3\nkid-7");
    assertThat(s.signature()).isEqualTo(expected);
    assertThat(s.timestamp()).isEqualTo("1767225600000");
  }

  @ParameterizedTest
  @CsvSource({
    "METHOD, POST",
    "HOST, shop.example:8443",
    "PATH, /a%20b/c",
    "QUERY, x=1&y=%2F",
    "TIMESTAMP, 1767225600",
    "NONCE, abcdef0123456789abcdef0123456789",
    "BODY, '{\"campaign\":\"spring\"}'",
    "BODY_SHA256, 6e5cf27c791a20efa88703a6384608ad2ef48191b5d28d2f3722356c3f46cea3",
    "KEY_ID, kid-7"
  })
  void sign_eachPart_isTheRequestsValueAsSent(Part part, String value) {
    SigningConfig c =
        SigningConfig.builder()
            .secret("k")
            .keyId("kid-7")
            .parts(part)
            .signatureHeader("X-Signature")
            .build();

    RequestSigner.Signed s = RequestSigner.sign(c, KEY, "POST", URL, BODY, T, NONCE);

    assertThat(new String(s.canonical(), StandardCharsets.UTF_8)).isEqualTo(value);
  }

  @Test
  void sign_getWithoutPathQueryOrBody_usesSlashEmptyAndTheHashOfNothing() {
    SigningConfig c =
        SigningConfig.builder()
            .secret("k")
            .parts(Part.PATH, Part.QUERY, Part.BODY, Part.BODY_SHA256)
            .separator("|")
            .signatureHeader("X-Signature")
            .build();

    RequestSigner.Signed s =
        RequestSigner.sign(c, KEY, "GET", URI.create("http://h.example"), null, T, NONCE);

    assertThat(new String(s.canonical(), StandardCharsets.UTF_8))
        .isEqualTo("/|||e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @ParameterizedTest
  @CsvSource({
    "EPOCH_SECONDS, 1767225600",
    "EPOCH_MILLIS, 1767225600123",
    "ISO_8601, 2026-01-01T00:00:00Z"
  })
  void timestamp_eachFormat(TimestampFormat format, String expected) {
    assertThat(RequestSigner.timestamp(format, T.plusMillis(123))).isEqualTo(expected);
  }

  @Test
  void apply_addsTheHeaders_signatureSensitive() {
    SigningConfig c =
        allParts()
            .signaturePrefix("v1=")
            .timestampHeader("X-Ts")
            .nonceHeader("X-Nonce")
            .keyIdHeader("X-Key-Id")
            .build();
    PreparedRequest r = PreparedRequest.of(RequestMethod.GET, URL, List.of(), null, null);
    RequestSigner.Signed s = RequestSigner.sign(c, KEY, "GET", URL, null, T, NONCE);

    PreparedRequest signed = RequestSigner.apply(c, r, s);

    assertThat(signed.headers())
        .containsExactly(
            new PreparedRequest.Header("X-Signature", s.signature(), true),
            new PreparedRequest.Header("X-Ts", "1767225600000", false),
            new PreparedRequest.Header("X-Nonce", NONCE, false),
            new PreparedRequest.Header("X-Key-Id", "kid-7", false));
    assertThat(s.signature()).startsWith("v1=");
    assertThat(signed.toString()).doesNotContain(s.signature());
  }

  @Test
  void shown_escapesTheSeparatorAndControlCharacters() {
    SigningConfig c =
        SigningConfig.builder()
            .secret("k")
            .parts(Part.METHOD, Part.BODY)
            .signatureHeader("X-Signature")
            .build();
    byte[] body = "a\"b\\c\td\u0001".getBytes(StandardCharsets.UTF_8);

    RequestSigner.Signed s = RequestSigner.sign(c, KEY, "POST", URL, body, T, NONCE);

    assertThat(s.shown()).isEqualTo("\"POST\\na\\\"b\\\\c\\td\\u0001\"");
  }

  @Test
  void shown_longBody_isCut() {
    SigningConfig c =
        SigningConfig.builder().secret("k").parts(Part.BODY).signatureHeader("X-S").build();
    byte[] body = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);

    RequestSigner.Signed s = RequestSigner.sign(c, KEY, "POST", URL, body, T, NONCE);

    assertThat(s.shown()).hasSizeLessThan(RequestSigner.SHOWN_LIMIT + 20).endsWith("(cut)");
    assertThat(s.canonical()).hasSize(5000);
  }

  @ParameterizedTest
  @CsvSource({
    "TEXT, matrix-secret-0001, 6d61747269782d7365637265742d30303031",
    "BASE64, bWF0cml4LXNlY3JldC0wMDAx, 6d61747269782d7365637265742d30303031",
    "BASE64, ' -_8= ', fbff",
    "HEX, 6D61747269782D7365637265742D30303031, 6d61747269782d7365637265742d30303031"
  })
  void keys_decodeAsTheirEncodingSays(SecretEncoding encoding, String secret, String hex) {
    assertThat(SigningKeys.decode(Secret.of(secret), encoding))
        .isEqualTo(java.util.HexFormat.of().parseHex(hex));
  }

  @ParameterizedTest
  @CsvSource({"BASE64, not base64!", "HEX, abc", "HEX, zz", "TEXT, ''", "BASE64, ''"})
  void keys_undecodable_areNull(SecretEncoding encoding, String secret) {
    assertThat(SigningKeys.decode(Secret.of(secret), encoding)).isNull();
  }
}
