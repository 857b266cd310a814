package dev.couponfetch.httpclient.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code fc00::/7}. Immutable. */
final class Cidr {
  /** Address literals only: never a name that would be looked up in DNS. */
  private static final Pattern IPV4 =
      Pattern.compile(
          "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Reads {@code a.b.c.d/n} or {@code ipv6/n}; a bare address is a block of one.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Cidr parse(String cidr) {
    String s = cidr.strip();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    Matcher v4 = IPV4.matcher(address);
    boolean isV4 = v4.matches();
    byte[] bytes;
    if (isV4) {
      bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(v4.group(i + 1));
        if (octet > 255) {
          throw new IllegalArgumentException("not a valid IPv4 address in '" + cidr + "'");
        }
        bytes[i] = (byte) octet;
      }
    } else if (IPV6.matcher(address).matches()) {
      try {
        // In brackets, the JDK parses a literal or fails: it never asks DNS.
        bytes = InetAddress.getByName("[" + address + "]").getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not a valid IPv6 address in '" + cidr + "'");
      }
    } else {
      throw new IllegalArgumentException(
          "not a CIDR block (a.b.c.d/n or ipv6/n, decimal without leading zeros): '" + cidr + "'");
    }
    if (bytes.length == 4 && !isV4) {
      // "::ffff:10.0.0.1/104" reads as an IPv4 address; write the IPv4 block instead.
      throw new IllegalArgumentException(
          "write an IPv4-mapped block as IPv4 (a.b.c.d/n): '" + cidr + "'");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
        throw new IllegalArgumentException(
            "the prefix length of '" + cidr + "' must be a number from 0 to " + max);
      }
      prefix = Integer.parseInt(p);
    }
    for (int bit = prefix; bit < max; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException(
            "'" + cidr + "' has bits set beyond its /" + prefix + " prefix");
      }
    }
    return new Cidr(bytes, prefix, s);
  }

  /** The block of {@code prefix} leading bits of {@code network}. */
  static Cidr of(byte[] network, int prefix) {
    return new Cidr(network.clone(), prefix, Ranges.format(network) + "/" + prefix);
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this block. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
