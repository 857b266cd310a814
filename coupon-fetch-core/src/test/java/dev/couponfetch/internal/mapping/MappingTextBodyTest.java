package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.map;
import static dev.couponfetch.internal.mapping.MappingFixtures.mapper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MappingTextBodyTest {
  private final ResponseMapper single = mapper(MappingConfig.BODY, CouponType.SINGLE);
  private final ResponseMapper bulk = mapper(MappingConfig.BODY, CouponType.BULK);

  @Test
  void map_singleTextBody_isTheTrimmedCode() {
    assertThat(codes(single, "  SPRING-7K2Q\r\n")).containsExactly("SPRING-7K2Q");
    assertThat(codes(single, "00123")).containsExactly("00123");
  }

  @Test
  void map_singleWithSeveralLines_tooManyCouponsWithBulkHint() {
    CouponFetchException e = failure(single, "A\r\n\r\nB\nC\n");
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_COUPONS);
    assertThat(e.getMessage()).contains("3 non-blank lines").contains("set couponType to BULK");
  }

  @Test
  void map_bulkTextBody_oneCodePerNonBlankLine() {
    MappedResponse r = map(bulk, "A1\r\n  B2  \n\n\r\nC3\rA1\n");
    assertThat(r.coupons()).extracting(c -> c.code()).containsExactly("A1", "B2", "C3");
    assertThat(r.warnings()).containsExactly("duplicate code 'A1' dropped (once)");
  }

  @Test
  void map_emptyTextBody_noCoupons() {
    assertThat(failure(single, "").reason()).isEqualTo(Reason.NO_COUPONS);
    assertThat(failure(bulk, "\n \r\n").reason()).isEqualTo(Reason.NO_COUPONS);
    assertThat(catchThrowableOfType(CouponFetchException.class, () -> single.map(null, null)))
        .extracting(CouponFetchException::reason)
        .isEqualTo(Reason.NO_COUPONS);
  }

  @Test
  void map_jsonStringLiteral_isUnwrapped() {
    assertThat(codes(single, "\"ABC-1\"")).containsExactly("ABC-1");
    assertThat(codes(single, "\"not \" json\"")).containsExactly("\"not \" json\"");
  }

  @Test
  void map_jsonObjectWithoutCodePath_invalidCodeWithHint() {
    CouponFetchException e = failure(single, "{\"code\":\"X\",\"expires\":null}");
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage())
        .contains("keys: code, expires")
        .contains("set mapping.code to the path of the code");
  }

  @Test
  void map_htmlBody_invalidCode() {
    CouponFetchException e = failure(single, "<!DOCTYPE html>\n<html>oops</html>");
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage()).contains("looks like HTML");
  }

  @Test
  void map_byteOrderMarkAndCharset_handled() {
    byte[] body = "\uFEFFCÓDIGO-1".getBytes(StandardCharsets.UTF_8);
    assertThat(single.map(body, StandardCharsets.UTF_8).coupons().get(0).code())
        .isEqualTo("CÓDIGO-1");
    byte[] latin1 = "CÓDIGO-2".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(single.map(latin1, StandardCharsets.ISO_8859_1).coupons().get(0).code())
        .isEqualTo("CÓDIGO-2");
  }

  @Test
  void map_overLongLine_invalidCode() {
    CouponFetchException e = failure(bulk, "OK\n" + "Z".repeat(257));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage()).contains("the response body (value 2 of 2)").contains("257");
  }
}
