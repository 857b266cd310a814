package dev.couponfetch.internal.mapping;

/**
 * Character rules for codes: what is trimmed, what may not appear inside, and how a code is counted
 * and shown. Codes end up on web pages, in e-mails and in one-line-per-code output, so a line break
 * or tab inside one would corrupt all of those. Stateless.
 */
final class CodeText {
  private CodeText() {}

  /**
   * {@code s} without leading and trailing whitespace in the Unicode sense: what {@link
   * String#strip} removes plus no-break spaces (U+00A0, U+2007, U+202F) and the byte order mark
   * (U+FEFF), which copy-pasted and spreadsheet-exported codes often carry.
   */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isTrimmed(s.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  /** All trimmed characters are in the BMP, so a {@code char} test is exact. */
  private static boolean isTrimmed(char c) {
    if (c <= ' ') {
      return c == ' ' || Character.isWhitespace(c);
    }
    if (c < 0x80) {
      return false; // the common case: printable ASCII
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  /**
   * The index of the first character that may not appear in a code, or -1: an ISO control character
   * such as a line break, tab or NUL, the line and paragraph separators U+2028 and U+2029, the
   * replacement character U+FFFD (what a decoder puts for bytes that were no text: the code is
   * garbled), or half of a surrogate pair (from a JSON escape such as {@code \ud800}; no charset
   * can carry it).
   */
  static int forbidden(String code) {
    for (int i = 0, n = code.length(); i < n; i++) {
      char c = code.charAt(i);
      if (c < 0x7F && c >= ' ') {
        continue; // the common case: printable ASCII
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(code.charAt(i + 1))) {
        i++; // a pair: one character, such as an emoji
      } else if (isForbidden(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Forbidden where it stands alone (a surrogate is fine inside a pair). */
  private static boolean isForbidden(char c) {
    return Character.isISOControl(c)
        || c == '\u2028'
        || c == '\u2029'
        || c == REPLACEMENT
        || Character.isSurrogate(c);
  }

  static final char REPLACEMENT = '\uFFFD';

  /** The length in characters as a person counts them: code points, so an emoji counts once. */
  static int length(String code) {
    return code.codePointCount(0, code.length());
  }

  /**
   * {@code s} for a message: at most {@code max} code points (never half a surrogate pair), and
   * forbidden characters written as escapes ({@code \n}, {@code \r}, {@code \t}, else a backslash,
   * {@code u} and four hex digits), so that the reader sees exactly what was wrong.
   */
  static String escaped(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
    int count = 0;
    for (int i = 0; i < s.length(); ) {
      if (count == max) {
        return sb.append('…').toString();
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      count++;
      // A lone surrogate comes back from codePointAt as itself: escaped too.
      if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT && isForbidden((char) cp)) {
        escape((char) cp, sb);
      } else {
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }

  private static void escape(char c, StringBuilder sb) {
    switch (c) {
      case '\n':
        sb.append("\\n");
        break;
      case '\r':
        sb.append("\\r");
        break;
      case '\t':
        sb.append("\\t");
        break;
      default:
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
    }
  }

  /** {@code U+000A LINE FEED (LF)}: a character by its code and Unicode name, for messages. */
  static String describe(char c) {
    String name = Character.getName(c);
    String hex = String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
    return name == null ? hex : hex + " " + name;
  }
}
