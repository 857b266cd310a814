package dev.couponfetch;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax of the names that authenticators and response mappers are registered under, and that a
 * config names in {@code auth.scheme} and {@code mapping.mapper}: 1 to 64 characters, lower-case
 * ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit
 * ({@code acme-hmac}, {@code acme.csv_v2}). One rule for the config and the fetcher's registry, so
 * that a name that can be registered can be configured and the other way round. Stateless and
 * thread-safe.
 */
public final class ExtensionNames {
  private static final int MAX_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private ExtensionNames() {}

  /**
   * What is wrong with {@code name} as a scheme or mapper name, as the part of a problem message
   * that follows the field ({@code "must be 1 to 64 characters, has 70"}); null when it is valid.
   * The name is quoted only when it is short printable ASCII.
   */
  public static String check(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "must be 1 to " + MAX_LENGTH + " characters, has " + name.length();
    }
    if (NAME.matcher(name).matches()) {
      return null;
    }
    String rule =
        "must be lower-case letters a-z, digits, '.', '_' and '-', starting with a letter or digit";
    if (!name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return rule;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String hint = NAME.matcher(lower).matches() ? "; did you mean '" + lower + "'?" : "";
    return rule + ", got '" + name + "'" + hint;
  }
}
