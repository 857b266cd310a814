package dev.couponfetch.httpclient.guard;

import java.math.BigInteger;
import java.util.Locale;

/**
 * How a host that looks like a number is read as an IPv4 address. Software disagrees: the WHATWG
 * URL standard (browsers, and curl likewise) reads {@code 0177.0.0.1} as octal, 127.0.0.1, and
 * {@code 0x7f000001} as hex; the JDK reads leading zeros as decimal (177.0.0.1) and looks {@code
 * 0x7f000001} up in DNS. A URL that means one address to the merchant's tools and another to us is
 * refused rather than guessed at. Stateless.
 */
final class Ipv4Spelling {
  private static final BigInteger MAX = BigInteger.valueOf(0xffffffffL);

  private Ipv4Spelling() {}

  /**
   * Whether browsers treat {@code host} as an IPv4 address: its last label is a number (WHATWG
   * "ends in a number"). Such hosts never reach DNS through the guard.
   */
  static boolean endsInNumber(String host) {
    String[] parts = labels(host);
    String last = parts[parts.length - 1];
    if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return number(last) != null;
  }

  /** The address as the WHATWG URL standard reads {@code host}, or -1 when it is not valid. */
  static long whatwg(String host) {
    String[] parts = labels(host);
    if (parts.length > 4) {
      return -1;
    }
    BigInteger[] numbers = new BigInteger[parts.length];
    for (int i = 0; i < parts.length; i++) {
      numbers[i] = number(parts[i]);
      if (numbers[i] == null) {
        return -1;
      }
    }
    return combine(numbers);
  }

  /**
   * The address as the JDK 17 reads {@code host} ({@code a}, {@code a.b}, {@code a.b.c} or {@code
   * a.b.c.d}, decimal only, leading zeros ignored), or -1 when the JDK would look it up as a name.
   */
  static long jdk(String host) {
    if (host.length() > 15 || !host.matches("\\d+(\\.\\d+){0,3}")) {
      return -1;
    }
    String[] parts = host.split("\\.");
    BigInteger[] numbers = new BigInteger[parts.length];
    for (int i = 0; i < parts.length; i++) {
      numbers[i] = new BigInteger(parts[i]);
    }
    return combine(numbers);
  }

  /** The canonical spelling, {@code a.b.c.d}. */
  static String dotted(long address) {
    return ((address >> 24) & 0xff)
        + "."
        + ((address >> 16) & 0xff)
        + "."
        + ((address >> 8) & 0xff)
        + "."
        + (address & 0xff);
  }

  static byte[] bytes(long address) {
    return new byte[] {
      (byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address
    };
  }

  /** Labels with one trailing empty label (a trailing dot) dropped, as WHATWG does. */
  private static String[] labels(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 1 && parts[parts.length - 1].isEmpty()) {
      String[] shorter = new String[parts.length - 1];
      System.arraycopy(parts, 0, shorter, 0, shorter.length);
      return shorter;
    }
    return parts;
  }

  /** One part: {@code 0x} hex, a leading {@code 0} octal, else decimal; null if invalid. */
  private static BigInteger number(String part) {
    if (part.isEmpty()) {
      return null;
    }
    String p = part.toLowerCase(Locale.ROOT);
    int radix = 10;
    if (p.startsWith("0x")) {
      radix = 16;
      p = p.substring(2);
    } else if (p.length() > 1 && p.startsWith("0")) {
      radix = 8;
      p = p.substring(1);
    }
    if (p.isEmpty()) {
      return BigInteger.ZERO;
    }
    if (p.length() > 40) {
      return null;
    }
    for (int i = 0; i < p.length(); i++) {
      if (Character.digit(p.charAt(i), radix) < 0) {
        return null;
      }
    }
    return new BigInteger(p, radix);
  }

  /** Parts before the last are single bytes; the last fills the remaining bytes. */
  private static long combine(BigInteger[] numbers) {
    long address = 0;
    int n = numbers.length;
    for (int i = 0; i < n - 1; i++) {
      if (numbers[i].compareTo(BigInteger.valueOf(255)) > 0) {
        return -1;
      }
      address |= numbers[i].longValue() << (8 * (3 - i));
    }
    BigInteger last = numbers[n - 1];
    if (last.compareTo(MAX.shiftRight(8 * (n - 1))) > 0) {
      return -1;
    }
    return address | last.longValue();
  }
}
