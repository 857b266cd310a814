package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.mapper;
import static dev.couponfetch.internal.mapping.MappingFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are no text in the body's charset never become a code with U+FFFD in it (which {@code
 * new String(bytes, charset)} put in silently): a text body is {@code INVALID_CODE} naming where
 * the bytes are, a JSON body {@code NOT_JSON}, a code holding U+FFFD or half a surrogate pair
 * {@code INVALID_CODE}.
 */
class MappingInvalidTextTest {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private final ResponseMapper textSingle = mapper(MappingConfig.BODY, CouponType.SINGLE);
  private final ResponseMapper textBulk = mapper(MappingConfig.BODY, CouponType.BULK);

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String) {
        out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  private static CouponFetchException failure(ResponseMapper m, byte[] body, Charset charset) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> m.map(body, charset));
    assertThat(e).as("expected a failure").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\uFFFD");
    return e;
  }

  private static List<String> codes(ResponseMapper m, byte[] body, Charset charset) {
    return m.map(body, charset).coupons().stream().map(Coupon::code).toList();
  }

  @Test
  void map_textBodyWithInvalidUtf8_invalidCodeNamingThePosition() {
    CouponFetchException e = failure(textSingle, bytes("AB", 0xFF, "C"), null);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage())
        .isEqualTo(
            "the response body is not valid UTF-8 text: byte 0xFF at position 3 (line 1) is not"
                + " part of any character; the endpoint must send UTF-8 or declare the charset"
                + " it uses");
    assertThat(failure(textSingle, bytes("AB", 0xFF), StandardCharsets.UTF_8).reason())
        .isEqualTo(Reason.INVALID_CODE);
  }

  @Test
  void map_bulkTextBodyWithTruncatedCharacter_namesTheLine() {
    CouponFetchException e = failure(textBulk, bytes("A1\r\nB", 0xC3, "\n"), null);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage()).contains("byte 0xC3 at position 6 (line 2) is not part of");
  }

  @Test
  void map_jsonStringTextBodyWithInvalidUtf8_invalidCode() {
    assertThat(failure(textSingle, bytes("\"AB", 0xE2, 0x82, "\""), null).reason())
        .isEqualTo(Reason.INVALID_CODE);
  }

  @Test
  void map_textBodyInWindows1252WithUndefinedByte_invalidCode() {
    CouponFetchException e = failure(textSingle, bytes("AB", 0x81), WINDOWS_1252);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage())
        .contains("not valid windows-1252 text: byte 0x81 at position 3 (line 1) stands for no");
    assertThat(codes(textSingle, bytes("CAF", 0xC9, "-", 0x80), WINDOWS_1252))
        .containsExactly("CAFÉ-€");
  }

  @Test
  void map_validNonAsciiText_stillCodes() {
    assertThat(codes(textSingle, bytes("CAFÉ-€-\uD83D\uDE00"), null)).containsExactly("CAFÉ-€-😀");
    // US-ASCII declared but UTF-8 sent: read as UTF-8, its superset, as JSON bodies are.
    assertThat(codes(textSingle, bytes("CAFÉ"), StandardCharsets.US_ASCII)).containsExactly("CAFÉ");
  }

  @Test
  void map_jsonBodyWithInvalidUtf8InTheCode_notJsonNamingTheBytes() {
    CouponFetchException e = failure(single("code"), bytes("{\"code\":\"AB", 0xFF, "\"}"), null);
    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(e.getMessage())
        .contains("at line 1, column")
        .contains("not valid UTF-8 (byte 0xff)");
    CouponFetchException truncated =
        failure(single("code"), bytes("{\"code\":\"AB", 0xC3, "\"}"), null);
    assertThat(truncated.reason()).isEqualTo(Reason.NOT_JSON);
  }

  @Test
  void map_jsonBodyInWindows1252WithUndefinedByte_notJson() {
    CouponFetchException e =
        failure(single("code"), bytes("{\"code\":\"AB", 0x81, "\"}"), WINDOWS_1252);
    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(e.getMessage())
        .startsWith("the response is not valid windows-1252 text: byte 0x81 at position 12");
  }

  @Test
  void map_utf16JsonWithLoneSurrogate_neverACodeWithReplacementCharacter() {
    byte[] body = "{\"code\":\"AB?\"}".getBytes(StandardCharsets.UTF_16BE);
    body[22] = (byte) 0xD8; // '?' becomes the lone high surrogate U+D800
    body[23] = 0x00;
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> single("code").map(body, Charset.forName("UTF-16BE")));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isIn(Reason.INVALID_CODE, Reason.NOT_JSON);
  }

  @Test
  void map_codeWithReplacementCharacterOrLoneSurrogate_invalidCode() {
    CouponFetchException replacement =
        failure(single("code"), bytes("{\"code\":\"AB\\ufffdC\"}"), null);
    assertThat(replacement.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(replacement.getMessage())
        .isEqualTo(
            "mapping.code 'code' gave 'AB\\uFFFDC', which contains U+FFFD REPLACEMENT CHARACTER;"
                + " it stands for bytes that were not text in the response's charset, so the code"
                + " is garbled");
    CouponFetchException lone = failure(single("code"), bytes("{\"code\":\"AB\\ud800\"}"), null);
    assertThat(lone.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(lone.getMessage()).contains("'AB\\uD800'").contains("half of a character");
    assertThat(MappingFixtures.codes(single("code"), "{\"code\":\"AB\\ud83d\\ude00\"}"))
        .containsExactly("AB😀");
    assertThat(failure(textSingle, bytes("AB\uFFFD"), null).reason())
        .isEqualTo(Reason.INVALID_CODE);
  }
}
