package dev.couponfetch.internal.mapping;

/**
 * Case-insensitive matching of config keywords (enum names such as {@code BASIC}, {@code AUTO})
 * that is exact in every locale. {@link String#equalsIgnoreCase} and {@code toUpperCase}, even with
 * {@link java.util.Locale#ROOT}, map the dotless {@code ı} to {@code I}, the long {@code ſ} to
 * {@code S} and the Kelvin sign to {@code k}, so {@code "BASıC"} would read as {@code BASIC}: only
 * ASCII letters are folded here. Stateless.
 */
public final class Keywords {
  private Keywords() {}

  /** Whether {@code value} is {@code keyword} (ASCII) in any mix of ASCII upper and lower case. */
  public static boolean matches(String keyword, String value) {
    int n = keyword.length();
    if (value.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char k = keyword.charAt(i);
      char v = value.charAt(i);
      if (k != v && (v >= 0x80 || fold(k) != fold(v))) {
        return false;
      }
    }
    return true;
  }

  private static char fold(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }
}
