package dev.couponfetch.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void line_escapesEveryControlAndBidiCharacter() {
    assertThat(Printable.line("a\u0000b\tc\nd\re\u001bf\u007fg\u0080h\u009fi"))
        .isEqualTo("a\\u0000b\\u0009c\\u000Ad\\u000De\\u001Bf\\u007Fg\\u0080h\\u009Fi");
    assertThat(
            Printable.line(
                "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
        .isEqualTo(
            "\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069");
  }

  @Test
  void line_plainTextAndOtherUnicode_areUnchanged() {
    String plain = "Configuration Works! é 漢字 😀 \\u001B \u00a0\u200b";
    assertThat(Printable.line(plain)).isSameAs(plain);
    assertThat(Printable.line(null)).isNull();
  }

  @Test
  void block_keepsLineFeedsTabsAndCrLf_butNotALoneCr() {
    assertThat(Printable.block("a\r\nb\tc\nd\re\r")).isEqualTo("a\nb\tc\nd\\u000De\\u000D");
  }
}
