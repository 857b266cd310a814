package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.bulk;
import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which characters a code may hold, how it is trimmed and counted, and how it is shown. */
class MappingCodeCharactersTest {
  private static final String SMILE = "\uD83D\uDE00"; // one code point, two UTF-16 units

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "A\\nB       | A\\nB   | U+000A LINE FEED (LF)",
        "C\\tD       | C\\tD   | U+0009 CHARACTER TABULATION",
        "E\\u0000F   | E\\u0000F | U+0000 NULL",
        "G\\rH       | G\\rH   | U+000D CARRIAGE RETURN (CR)",
        "I\\u0085J   | I\\u0085J | U+0085",
        "K\\u2028L   | K\\u2028L | U+2028 LINE SEPARATOR",
        "M\\u2029N   | M\\u2029N | U+2029 PARAGRAPH SEPARATOR",
        "O\\u007FP   | O\\u007FP | U+007F DELETE",
        "Q\\u0000    | Q\\u0000 | U+0000 NULL",
      })
  void map_controlCharacterInsideCode_invalidCodeShowingItEscaped(
      String jsonString, String shown, String named) {
    CouponFetchException e = failure(single("c"), "{\"c\":\"" + jsonString + "\"}");

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage())
        .startsWith("mapping.code 'c' gave '" + shown + "', which contains " + named)
        .doesNotContain("\n")
        .doesNotContain("\t");
  }

  @Test
  void map_controlCharacterInBulkValue_namesTheValue() {
    CouponFetchException e = failure(bulk("$.codes[*]"), "{\"codes\":[\"A\",\"B\\tC\"]}");

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage())
        .startsWith("mapping.code '$.codes[*]' (value 2 of 2) gave 'B\\tC', which contains");
  }

  @Test
  void map_textBodyLineWithTabOrNul_invalidCode() {
    ResponseMapper bulkText =
        MappingFixtures.mapper(MappingConfig.builder().build(), CouponType.BULK);
    ResponseMapper singleText =
        MappingFixtures.mapper(MappingConfig.builder().build(), CouponType.SINGLE);

    CouponFetchException tab = failure(bulkText, "A1\nB\t2\n");
    CouponFetchException nul = failure(singleText, "X\u0000Y");

    assertThat(tab.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(tab.getMessage()).startsWith("the response body (value 2 of 2) gave 'B\\t2'");
    assertThat(nul.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(nul.getMessage()).startsWith("the response body gave 'X\\u0000Y'");
    assertThat(codes(bulkText, "A1\r\nB2\rC3\n")).containsExactly("A1", "B2", "C3");
  }

  @Test
  void map_unicodeWhitespaceAroundCode_trimmed() {
    String body = "{\"c\":\"\\u00A0\\u2007\\uFEFF SPRING-7K2Q\\u202F\\u3000\\u00A0\\n\"}";

    assertThat(codes(single("c"), body)).containsExactly("SPRING-7K2Q");
    assertThat(codes(single("c"), "{\"c\":\"A\\u00A0B\"}")).containsExactly("A\u00A0B");
  }

  @Test
  void map_onlyUnicodeWhitespace_blankString() {
    CouponFetchException e = failure(single("c"), "{\"c\":\"\\u00A0\\uFEFF\\u2007\"}");

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage()).contains("gave a blank string");
  }

  @Test
  void map_textBodyWithNoBreakSpacesAndBom_trimmedPerLine() {
    ResponseMapper bulkText =
        MappingFixtures.mapper(MappingConfig.builder().build(), CouponType.BULK);

    assertThat(codes(bulkText, "\uFEFF\u00A0A1\u00A0\n\u202FB2\u2007\n\u00A0\n"))
        .containsExactly("A1", "B2");
  }

  @Test
  void map_lengthCountsCodePoints_notUtf16Units() {
    assertThat(codes(single("c"), "{\"c\":\"" + SMILE.repeat(200) + "\"}"))
        .containsExactly(SMILE.repeat(200));
    assertThat(codes(single("c"), "{\"c\":\"" + SMILE.repeat(256) + "\"}")).hasSize(1);

    CouponFetchException e = failure(single("c"), "{\"c\":\"" + SMILE.repeat(257) + "\"}");

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CODE);
    assertThat(e.getMessage()).contains("a code of 257 characters (at most 256)");
  }

  @Test
  void map_overLongCodePreview_neverSplitsSurrogatePair() {
    String code = "A" + SMILE.repeat(300);

    String message = failure(single("c"), "{\"c\":\"" + code + "\"}").getMessage();

    assertThat(message).contains("'A" + SMILE.repeat(99) + "…'");
    assertThat(hasLoneSurrogate(message)).isFalse();
  }

  @Test
  void cut_atSurrogatePair_keepsWholeCodePoints() {
    String cut = Nodes.cut("A" + SMILE.repeat(5), 3);

    assertThat(cut).isEqualTo("A" + SMILE + SMILE + "…");
    assertThat(hasLoneSurrogate(cut)).isFalse();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
