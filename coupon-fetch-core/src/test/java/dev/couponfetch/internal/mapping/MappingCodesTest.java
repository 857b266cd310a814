package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.bulk;
import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.map;
import static dev.couponfetch.internal.mapping.MappingFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MappingCodesTest {
  @Test
  void map_stringCode_isTrimmed() {
    assertThat(codes(single("c"), "{\"c\":\"  SPRING-7K2Q \\n\"}")).containsExactly("SPRING-7K2Q");
  }

  @Test
  void map_numbers_becomeExactDecimalText() {
    assertThat(codes(single("c"), "{\"c\":12345}")).containsExactly("12345");
    assertThat(codes(single("c"), "{\"c\":9007199254740993}")).containsExactly("9007199254740993");
    assertThat(codes(single("c"), "{\"c\":123456789012345678901234567890}"))
        .containsExactly("123456789012345678901234567890");
    assertThat(codes(single("c"), "{\"c\":1.2345E4}")).containsExactly("12345");
    assertThat(codes(single("c"), "{\"c\":12345.0}")).containsExactly("12345");
    assertThat(codes(bulk("c"), "{\"c\":[1,2,-3,0]}")).containsExactly("1", "2", "-3", "0");
  }

  @Test
  void map_fractionalNumber_invalidCode() {
    CouponFetchException e = failure(single("c"), "{\"c\":12.5}");
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage()).contains("mapping.code 'c'").contains("12.5").contains("whole");
  }

  @Test
  void map_unusableValues_invalidCodeNamingPathAndValue() {
    ResponseMapper m = single("c");
    assertThat(invalid(m, "{\"c\":null}")).contains("mapping.code 'c' gave null");
    assertThat(invalid(m, "{\"c\":\"\"}")).contains("gave an empty string");
    assertThat(invalid(m, "{\"c\":\"   \"}")).contains("gave a blank string");
    assertThat(invalid(m, "{\"c\":true}")).contains("gave a boolean (true)");
    assertThat(invalid(m, "{\"c\":{\"code\":\"X\"}}"))
        .contains("gave an object ({\"code\":\"X\"})")
        .contains("keys there: code");
    assertThat(invalid(bulk("c"), "{\"c\":[[\"A\"],[\"B\"]]}"))
        .contains("(value 1 of 2) gave an array inside the list");
  }

  @Test
  void map_overLongCode_invalidCodeWithTruncatedValue() {
    String longCode = "A".repeat(300);
    String message = invalid(single("c"), "{\"c\":\"" + longCode + "\"}");
    assertThat(message).contains("a code of 300 characters (at most 256)");
    assertThat(message.length()).isLessThan(250);
    assertThat(codes(single("c"), "{\"c\":\"" + "B".repeat(256) + "\"}")).hasSize(1);
  }

  @Test
  void map_bulkDuplicates_droppedWithOneWarningEach() {
    MappedResponse r = map(bulk("codes"), "{\"codes\":[\"A\",\"B\",\"A\",\"C\",\"A\",\"B\"]}");
    assertThat(r.coupons()).extracting(c -> c.code()).containsExactly("A", "B", "C");
    assertThat(r.warnings())
        .containsExactly(
            "duplicate code 'A' dropped (2 times)", "duplicate code 'B' dropped (once)");
  }

  @Test
  void map_bulkManyDuplicates_warningsCapped() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      body.append("\"D").append(i).append("\",\"D").append(i).append("\",");
    }
    body.setLength(body.length() - 1);
    MappedResponse r = map(bulk("result"), body.append(']').toString());
    assertThat(r.coupons()).hasSize(50);
    assertThat(r.warnings()).hasSize(21).last().isEqualTo("… and 30 more duplicate codes dropped");
  }

  @Test
  void map_singleGivenThree_tooManyCouponsWithBulkHint() {
    CouponFetchException e = failure(single("codes"), "{\"codes\":[\"A\",\"B\",\"C\"]}");
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_COUPONS);
    assertThat(e.getMessage())
        .isEqualTo(
            "mapping.code 'codes' gave 3 codes; set couponType to BULK to take them all,"
                + " or point mapping.code at one code");
  }

  @Test
  void map_emptyArray_noCoupons() {
    assertThat(failure(single("codes"), "{\"codes\":[]}").reason()).isEqualTo(Reason.NO_COUPONS);
    assertThat(failure(bulk("codes.*"), "{\"codes\":{}}").reason()).isEqualTo(Reason.NO_COUPONS);
  }

  @Test
  void map_emptyBody_noCoupons() {
    assertThat(failure(single("c"), "").reason()).isEqualTo(Reason.NO_COUPONS);
    assertThat(failure(single("c"), " \r\n ").reason()).isEqualTo(Reason.NO_COUPONS);
  }

  @Test
  void map_notJson_quotesStartOfBody() {
    CouponFetchException e =
        failure(single("c"), "<html><body>Service Unavailable" + "x".repeat(500));
    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(e.getMessage()).contains("'<html><body>Service Unavailable").contains("…");
    assertThat(e.getMessage().length()).isLessThan(400);
    assertThat(failure(single("c"), "{\"c\":\"A\"} trailing").reason()).isEqualTo(Reason.NOT_JSON);
  }

  @Test
  void map_charsets_utf16DetectedAndLatin1Decoded() {
    ResponseMapper m = single("c");
    byte[] utf16 = "{\"c\":\"CAFÉ-1\"}".getBytes(StandardCharsets.UTF_16);
    assertThat(m.map(utf16, StandardCharsets.UTF_16).coupons().get(0).code()).isEqualTo("CAFÉ-1");
    byte[] latin1 = "{\"c\":\"CAFÉ-2\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(m.map(latin1, StandardCharsets.ISO_8859_1).coupons().get(0).code())
        .isEqualTo("CAFÉ-2");
    byte[] cp1252 = "{\"c\":\"€-3\"}".getBytes(Charset.forName("windows-1252"));
    assertThat(m.map(cp1252, Charset.forName("windows-1252")).coupons().get(0).code())
        .isEqualTo("€-3");
  }

  private static String invalid(ResponseMapper m, String body) {
    CouponFetchException e = failure(m, body);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_CODE);
    return e.getMessage();
  }
}
