package dev.couponfetch.internal.mapping;

/**
 * Bounds on a configured path, checked before it is compiled. json-path's parser and evaluator
 * recurse once per segment and per level of brackets and parentheses (as does {@link
 * java.util.regex.Pattern} for a filter's {@code =~} regex), so a path of a few thousand segments
 * overflowed the stack; real paths have a handful. The bounds hold for both path languages:
 *
 * <ul>
 *   <li>at most {@value #MAX_CHARS} characters;
 *   <li>at most {@value #MAX_SEGMENTS} segments: each {@code .} and {@code [} outside quotes starts
 *       one (in a dotted path, unescaped), filters' inner paths included;
 *   <li>at most {@value #MAX_NESTING} levels of brackets and parentheses inside each other (outside
 *       quotes), for JsonPath filters.
 * </ul>
 *
 * Stateless.
 */
final class PathLimits {
  static final int MAX_CHARS = 1_000;
  static final int MAX_SEGMENTS = 64;
  static final int MAX_NESTING = 16;

  private PathLimits() {}

  /** Why {@code text} is out of bounds (without quoting it: it may be huge), or null. */
  static String check(String text) {
    boolean jsonPath = text.startsWith("$");
    int segments = jsonPath ? jsonPathSegments(text) : dottedSegments(text);
    if (segments > MAX_SEGMENTS) {
      return Nodes.fmt("path has %,d segments; at most %,d are allowed", segments, MAX_SEGMENTS);
    }
    if (text.length() > MAX_CHARS) {
      return Nodes.fmt(
          "path has %,d characters; at most %,d are allowed", text.length(), MAX_CHARS);
    }
    int nesting = jsonPath ? nesting(text) : 0;
    if (nesting > MAX_NESTING) {
      return Nodes.fmt(
          "path nests brackets and parentheses %,d levels deep; at most %,d are allowed",
          nesting, MAX_NESTING);
    }
    return null;
  }

  /** The segments of a dotted path: one, plus one per unescaped {@code .} or {@code [}. */
  private static int dottedSegments(String text) {
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '.' || c == '[') {
        n++;
      }
    }
    return n;
  }

  /** The {@code .} and {@code [} outside quoted names and strings. */
  private static int jsonPathSegments(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfQuote(text, i);
      } else if (c == '.' || c == '[') {
        n++;
      }
    }
    return n;
  }

  /** The deepest nesting of {@code [} and {@code (} outside quotes. */
  private static int nesting(String text) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfQuote(text, i);
      } else if (c == '[' || c == '(') {
        max = Math.max(max, ++depth);
      } else if ((c == ']' || c == ')') && depth > 0) {
        depth--;
      }
    }
    return max;
  }

  /** The index of the quote closing the one at {@code open} (backslash escapes), or the end. */
  private static int endOfQuote(String text, int open) {
    char quote = text.charAt(open);
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return text.length();
  }
}
