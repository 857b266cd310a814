package dev.couponfetch.httpclient.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Decides which addresses a fetcher may connect to: by default only {@link AddressClass#PUBLIC
 * public} ones, so that a merchant's URL cannot reach the platform's own networks (server-side
 * request forgery). Immutable and thread-safe.
 *
 * <p>The decision is made on the resolved {@link InetAddress}es that the connection will use, never
 * on the URL's text, in the {@link DnsResolver} that {@link #resolver(DnsResolver)} returns:
 * HttpClient calls it for every new connection (the first request, each redirect to a new host,
 * OAuth2 token requests) and connects to exactly the addresses it returned.
 *
 * <ul>
 *   <li>A host name is refused when <em>any</em> of its addresses is refused (one private answer
 *       among public ones is not a mistake worth guessing about).
 *   <li>IPv6 forms that carry an IPv4 address (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-translated
 *       {@code ::ffff:0:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96} and 6to4
 *       {@code 2002::/16}) are judged by that IPv4 address.
 *   <li>A host that browsers read as an IPv4 number ({@code 127.1}, {@code 2130706433}, {@code
 *       0x7f000001}, {@code 0177.0.0.1}) is read here as the WHATWG URL standard reads it, without
 *       DNS, and refused when the JDK would read it differently ({@code 0177.0.0.1}: 127.0.0.1 for
 *       curl, 177.0.0.1 for Java).
 * </ul>
 *
 * <p>Opt-outs: {@link Builder#allowPrivateNetworks(boolean)} turns the guard off; {@link
 * Builder#allowHosts(String...)} lets named hosts (exact, case-insensitive) resolve to anything;
 * {@link Builder#allowCidrs(String...)} lets addresses in the given blocks through.
 */
public final class NetworkGuard {
  private static final NetworkGuard STANDARD = builder().build();

  private final boolean allowAll;
  private final Set<String> allowedHosts;
  private final List<Cidr> allowedCidrs;

  private NetworkGuard(Builder b) {
    this.allowAll = b.allowPrivateNetworks;
    this.allowedHosts = Set.copyOf(b.hosts);
    this.allowedCidrs = List.copyOf(b.cidrs);
  }

  /** The default guard: public addresses only, no exceptions. */
  public static NetworkGuard standard() {
    return STANDARD;
  }

  /** A builder for a guard with opt-outs. */
  public static Builder builder() {
    return new Builder();
  }

  /** The class of {@code address}, judged by the IPv4 address it carries where it carries one. */
  public static AddressClass classify(InetAddress address) {
    Objects.requireNonNull(address, "address == null");
    return Ranges.classify(address.getAddress());
  }

  /**
   * Refuses {@code host} unless every one of {@code addresses} is allowed.
   *
   * @param host the host as the URL names it (IPv6 literals with or without brackets)
   * @throws BlockedAddressException naming the host, the first refused address and its class
   */
  public void check(String host, InetAddress... addresses) throws BlockedAddressException {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(addresses, "addresses == null");
    String bare = bare(host);
    if (allowAll || allowsHost(bare)) {
      return;
    }
    for (InetAddress a : addresses) {
      byte[] bytes = a.getAddress();
      AddressClass c = Ranges.classify(bytes);
      if (c != AddressClass.PUBLIC && !inAllowedCidr(bytes)) {
        throw new BlockedAddressException(bare, Ranges.format(bytes), c, describe(bare, bytes, c));
      }
    }
  }

  /**
   * A {@link DnsResolver} that resolves through {@code delegate} and throws {@link
   * BlockedAddressException} for refused hosts. Set it on the connection manager.
   */
  public DnsResolver resolver(DnsResolver delegate) {
    return new GuardedDnsResolver(this, Objects.requireNonNull(delegate, "delegate == null"));
  }

  /** {@link #resolver(DnsResolver)} over the JDK's resolver. */
  public DnsResolver resolver() {
    return resolver(SystemDefaultDnsResolver.INSTANCE);
  }

  /** Whether everything is allowed ({@link Builder#allowPrivateNetworks(boolean)}). */
  public boolean allowsAll() {
    return allowAll;
  }

  boolean allowsHost(String bareHost) {
    return allowedHosts.contains(bareHost.toLowerCase(Locale.ROOT));
  }

  private boolean inAllowedCidr(byte[] address) {
    byte[] embedded = Ranges.embeddedIpv4(address);
    for (Cidr c : allowedCidrs) {
      if (c.contains(address) || (embedded != null && c.contains(embedded))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The address of a host that browsers read as an IPv4 number, built without DNS.
   *
   * @throws BlockedAddressException when the JDK would read it differently, or not as a number
   */
  InetAddress numeric(String host) throws BlockedAddressException {
    long whatwg = Ipv4Spelling.whatwg(host);
    long jdk = Ipv4Spelling.jdk(host);
    if (whatwg >= 0 && whatwg == jdk) {
      try {
        return InetAddress.getByAddress(Ipv4Spelling.bytes(whatwg));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // four bytes are always an address
      }
    }
    String message;
    AddressClass c = null;
    String address = null;
    if (whatwg < 0) {
      message = host + " is not a valid IPv4 address";
    } else {
      address = Ipv4Spelling.dotted(whatwg);
      byte[] bytes = Ipv4Spelling.bytes(whatwg);
      AddressClass read = Ranges.classify(bytes);
      String java = jdk < 0 ? "a host name" : Ipv4Spelling.dotted(jdk);
      message =
          host
              + " is an ambiguous IPv4 address (curl and browsers read "
              + address
              + (read == AddressClass.PUBLIC ? "" : ", " + read.description())
              + "; Java reads "
              + java
              + "): write it as four decimal numbers";
      c = read == AddressClass.PUBLIC ? null : read;
    }
    throw new BlockedAddressException(host, address, c, message);
  }

  private static String describe(String host, byte[] address, AddressClass c) {
    String literal = Ranges.format(address);
    byte[] v4 = Ranges.embeddedIpv4(address);
    String carries = v4 == null ? "" : "carries " + Ranges.format(v4) + ", ";
    if (host.equalsIgnoreCase(literal)) {
      return literal + (v4 == null ? " is " : " ") + carries + c.description();
    }
    boolean isLiteral = host.indexOf(':') >= 0 || Ipv4Spelling.endsInNumber(host);
    return host
        + (isLiteral ? " is " : " resolves to ")
        + literal
        + ", "
        + (v4 == null ? "" : "which " + carries)
        + c.description();
  }

  /** {@code host} without the brackets of an IPv6 literal. */
  static String bare(String host) {
    return host.length() > 1 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }

  @Override
  public String toString() {
    return allowAll
        ? "NetworkGuard{off}"
        : "NetworkGuard{allowHosts=" + allowedHosts + ", allowCidrs=" + allowedCidrs + "}";
  }

  /** Builds a {@link NetworkGuard}. Not thread-safe. */
  public static final class Builder {
    private boolean allowPrivateNetworks;
    private final Set<String> hosts = new LinkedHashSet<>();
    private final List<Cidr> cidrs = new ArrayList<>();

    private Builder() {}

    /** Whether every address is allowed: the guard is off (default false). */
    public Builder allowPrivateNetworks(boolean allow) {
      this.allowPrivateNetworks = allow;
      return this;
    }

    /**
     * Hosts that may resolve to any address, by exact name (case-insensitive; an IPv6 literal
     * without brackets). A subdomain is not included. Adds to the hosts given before.
     *
     * @throws IllegalArgumentException for a blank host
     */
    public Builder allowHosts(String... hosts) {
      Objects.requireNonNull(hosts, "hosts == null");
      for (String h : hosts) {
        Objects.requireNonNull(h, "host == null");
        if (h.isBlank()) {
          throw new IllegalArgumentException("allowHosts: a host is blank");
        }
        this.hosts.add(bare(h.strip()).toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Address blocks that are allowed ({@code 10.1.0.0/16}, {@code fd12:3456::/32}; a bare address
     * is a block of one). Adds to the blocks given before.
     *
     * @throws IllegalArgumentException naming a block that is not valid CIDR notation
     */
    public Builder allowCidrs(String... cidrs) {
      Objects.requireNonNull(cidrs, "cidrs == null");
      for (String c : cidrs) {
        Objects.requireNonNull(c, "cidr == null");
        try {
          this.cidrs.add(Cidr.parse(c));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("allowCidrs: " + e.getMessage(), e);
        }
      }
      return this;
    }

    public NetworkGuard build() {
      return new NetworkGuard(this);
    }
  }
}
