package dev.couponfetch.httpclient.guard;

import java.util.List;

/**
 * The address blocks that are not {@link AddressClass#PUBLIC}, after IANA's special-purpose
 * registries (RFC 6890 and updates). The JDK's {@code isLoopbackAddress()} and friends miss most of
 * them ({@code 100.64/10}, {@code fc00::/7}, the IPv4-carrying IPv6 forms...). Stateless.
 */
final class Ranges {
  private record Block(Cidr cidr, AddressClass addressClass) {}

  private static final List<Block> IPV4 =
      List.of(
          block("0.0.0.0/8", AddressClass.UNSPECIFIED),
          block("10.0.0.0/8", AddressClass.PRIVATE),
          block("100.64.0.0/10", AddressClass.SHARED),
          block("127.0.0.0/8", AddressClass.LOOPBACK),
          block("169.254.0.0/16", AddressClass.LINK_LOCAL),
          block("172.16.0.0/12", AddressClass.PRIVATE),
          block("192.0.0.0/24", AddressClass.RESERVED),
          block("192.0.2.0/24", AddressClass.DOCUMENTATION),
          block("192.168.0.0/16", AddressClass.PRIVATE),
          block("198.18.0.0/15", AddressClass.RESERVED),
          block("198.51.100.0/24", AddressClass.DOCUMENTATION),
          block("203.0.113.0/24", AddressClass.DOCUMENTATION),
          block("224.0.0.0/4", AddressClass.MULTICAST),
          // Before 240/4, which holds it.
          block("255.255.255.255/32", AddressClass.BROADCAST),
          block("240.0.0.0/4", AddressClass.RESERVED));

  private static final List<Block> IPV6 =
      List.of(
          block("::/128", AddressClass.UNSPECIFIED),
          block("::1/128", AddressClass.LOOPBACK),
          block("64:ff9b:1::/48", AddressClass.PRIVATE),
          block("100::/64", AddressClass.RESERVED),
          block("2001::/32", AddressClass.TEREDO),
          block("2001:2::/48", AddressClass.RESERVED),
          block("2001:db8::/32", AddressClass.DOCUMENTATION),
          block("fc00::/7", AddressClass.UNIQUE_LOCAL),
          block("fe80::/10", AddressClass.LINK_LOCAL),
          block("fec0::/10", AddressClass.PRIVATE),
          block("ff00::/8", AddressClass.MULTICAST));

  /** Built from bytes: the JDK turns the text {@code ::ffff:0:0} into an IPv4 address. */
  private static final Cidr MAPPED =
      Cidr.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96);

  private static final Cidr TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
  private static final Cidr COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private Ranges() {}

  private static Block block(String cidr, AddressClass c) {
    return new Block(Cidr.parse(cidr), c);
  }

  static AddressClass classify(byte[] address) {
    if (address.length == 16) {
      byte[] v4 = embeddedIpv4(address);
      if (v4 != null) {
        return classify(v4);
      }
    }
    for (Block b : address.length == 4 ? IPV4 : IPV6) {
      if (b.cidr().contains(address)) {
        return b.addressClass();
      }
    }
    return AddressClass.PUBLIC;
  }

  /**
   * The IPv4 address an IPv6 address carries and is routed to (mapped, translated, compatible,
   * NAT64, 6to4), or null. {@code ::} and {@code ::1} carry none.
   */
  static byte[] embeddedIpv4(byte[] a) {
    if (a.length != 16) {
      return null;
    }
    if (SIX_TO_FOUR.contains(a)) {
      return new byte[] {a[2], a[3], a[4], a[5]};
    }
    boolean unspecifiedOrLoopback = (a[12] | a[13] | a[14]) == 0 && (a[15] == 0 || a[15] == 1);
    boolean compatible = COMPATIBLE.contains(a) && !unspecifiedOrLoopback;
    if (MAPPED.contains(a) || TRANSLATED.contains(a) || NAT64.contains(a) || compatible) {
      return new byte[] {a[12], a[13], a[14], a[15]};
    }
    return null;
  }

  /** {@code 127.0.0.1}, or an IPv6 address in its short form ({@code ::1}, RFC 5952). */
  static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    // The longest run of two or more zero groups (the first of equal runs) becomes "::".
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    return s.toString();
  }
}
