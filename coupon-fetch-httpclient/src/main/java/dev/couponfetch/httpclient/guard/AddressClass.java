package dev.couponfetch.httpclient.guard;

/**
 * What kind of network an IP address belongs to, as the {@link NetworkGuard} judges it. Every class
 * but {@link #PUBLIC} is refused by default.
 */
public enum AddressClass {
  /** A globally routable address: allowed. */
  PUBLIC("a public address"),
  /**
   * {@code 0.0.0.0/8} and {@code ::}: on Linux, connecting to {@code 0.0.0.0} reaches this host.
   */
  UNSPECIFIED("an unspecified address"),
  /** {@code 127.0.0.0/8} and {@code ::1}. */
  LOOPBACK("a loopback address"),
  /**
   * {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, the deprecated IPv6 site-local {@code
   * fec0::/10} and the local-use NAT64 prefix {@code 64:ff9b:1::/48}.
   */
  PRIVATE("a private address"),
  /** {@code 100.64.0.0/10}, carrier-grade NAT (RFC 6598): a provider's internal network. */
  SHARED("a shared (carrier-grade NAT) address"),
  /** {@code 169.254.0.0/16} (cloud metadata services live here) and {@code fe80::/10}. */
  LINK_LOCAL("a link-local address"),
  /** {@code fc00::/7}, the IPv6 counterpart of the private ranges. */
  UNIQUE_LOCAL("a unique-local IPv6 address"),
  /** {@code 224.0.0.0/4} and {@code ff00::/8}. */
  MULTICAST("a multicast address"),
  /** {@code 255.255.255.255}. */
  BROADCAST("a broadcast address"),
  /**
   * Special-purpose ranges no public server uses: {@code 192.0.0.0/24}, {@code 198.18.0.0/15}
   * (benchmarking), {@code 240.0.0.0/4}, {@code 100::/64} (discard), {@code 2001:2::/48}.
   */
  RESERVED("a reserved address"),
  /**
   * {@code 192.0.2.0/24}, {@code 198.51.100.0/24}, {@code 203.0.113.0/24} and {@code
   * 2001:db8::/32}.
   */
  DOCUMENTATION("a documentation address"),
  /** {@code 2001::/32}: a tunnel whose far end cannot be judged. */
  TEREDO("a Teredo tunnel address");

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  /** How a message names the class, with its article: "a loopback address". */
  public String description() {
    return description;
  }
}
