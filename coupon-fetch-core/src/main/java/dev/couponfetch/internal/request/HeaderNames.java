package dev.couponfetch.internal.request;

import java.util.Locale;
import java.util.Set;

/** Facts about header names and values (RFC 9110). Stateless. */
public final class HeaderNames {
  /** Headers that carry credentials even when a merchant puts them among the plain headers. */
  private static final Set<String> CREDENTIALS =
      Set.of("authorization", "proxy-authorization", "cookie");

  /** Headers the HTTP client owns: letting a config set them invites request smuggling. */
  private static final Set<String> RESERVED =
      Set.of("content-length", "transfer-encoding", "host", "connection");

  private HeaderNames() {}

  /** Whether a header of this name carries credentials and must be masked and kept on-origin. */
  public static boolean isCredential(String name) {
    return CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Whether the HTTP client sets this header itself. */
  public static boolean isReserved(String name) {
    return RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code name} is a header field name: one or more {@code tchar}s. */
  public static boolean isValidName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean tchar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code value} holds a control character other than a tab: CR, LF or NUL would end the
   * header or worse, and RFC 9110 forbids the others (servers answer 400).
   */
  public static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
