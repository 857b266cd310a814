package dev.couponfetch.internal.config;

import java.util.regex.Pattern;

/**
 * Names a JSON field the way problem messages do: {@code headers.Accept}, {@code payload.items[0]},
 * {@code headers["Bad Name"]}. Stateless.
 */
public final class FieldPath {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");

  private FieldPath() {}

  /** The path of member {@code key} of the object at {@code parent} (empty for the root). */
  public static String child(String parent, String key) {
    if (PLAIN.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    // Keys with dots, spaces or quotes would make the dotted form ambiguous.
    StringBuilder s = new StringBuilder(parent).append("[\"");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append("\"]").toString();
  }

  /** The path of element {@code index} of the array at {@code parent}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The field path a problem message starts with ({@code "auth.password: …"}). */
  static String of(String problem) {
    int colon = problem.indexOf(": ");
    return colon < 0 ? problem : problem.substring(0, colon);
  }

  /** Whether {@code path} is {@code prefix} or lies inside it. */
  static boolean within(String path, String prefix) {
    return path.equals(prefix)
        || (path.startsWith(prefix)
            && (path.charAt(prefix.length()) == '.' || path.charAt(prefix.length()) == '['));
  }
}
