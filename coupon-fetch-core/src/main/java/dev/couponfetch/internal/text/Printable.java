package dev.couponfetch.internal.text;

/**
 * Escapes the characters a terminal obeys instead of printing, so that text an endpoint chose (a
 * body, a header, a message quoting them) cannot clear the screen, move the cursor, retitle the
 * window or reorder what is shown: C0 controls, DEL, C1 controls and the bidirectional formatting
 * characters (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069). Each becomes a visible
 * escape as Java writes it: a backslash, {@code u} and four hex digits (ESC shows as {@code
 * \}{@code u001B}). A backslash itself is left alone: an escaped character and the same six
 * characters sent as text look alike, which is ambiguous but harmless. Stateless.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} for one line: every such character escaped, line breaks and tabs included. */
  public static String line(String text) {
    return escape(text, false);
  }

  /**
   * {@code text} as a block of lines: such characters escaped except line feeds and tabs; a CR LF
   * becomes a line feed, a lone CR (which would overwrite the line) is escaped.
   */
  public static String block(String text) {
    return escape(text, true);
  }

  /** Whether {@code c} is escaped by {@link #line}. */
  public static boolean unsafe(int c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String escape(String text, boolean block) {
    if (text == null) {
      return null;
    }
    int i = 0;
    int n = text.length();
    while (i < n && !unsafe(text.charAt(i))) {
      i++;
    }
    if (i == n) {
      return text; // the common case: nothing to escape, no copy
    }
    StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!unsafe(c) || (block && (c == '\n' || c == '\t'))) {
        out.append(c);
      } else if (block && c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
        // CR LF is a line break: the LF that follows is kept.
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.toString();
  }
}
