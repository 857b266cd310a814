package dev.couponfetch.httpclient.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard's decisions, judged through its own API: nothing here opens a socket, and no spelling
 * reaches DNS (the delegate resolver fails the test when asked about anything it does not know).
 */
class NetworkGuardTest {
  private static final byte[] MAPPED_LOOPBACK = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1
  };

  /** Knows a few names; anything else it is asked is a failure (the guard must not ask). */
  private static final class StubDns implements DnsResolver {
    private final Map<String, InetAddress[]> names;
    final AtomicInteger calls = new AtomicInteger();

    StubDns(Map<String, InetAddress[]> names) {
      this.names = names;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      calls.incrementAndGet();
      InetAddress[] a = names.get(host);
      if (a == null) {
        throw new AssertionError("the guard asked DNS about " + host);
      }
      return a;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  private static InetAddress ip(String literal) {
    try {
      // Literals only (IPv6 in brackets): the JDK parses them without DNS.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress[] ips(String... literals) {
    return Arrays.stream(literals).map(NetworkGuardTest::ip).toArray(InetAddress[]::new);
  }

  private static final StubDns NAMES =
      new StubDns(
          Map.of(
              "loopback.test", ips("127.0.0.1"),
              "metadata.test", ips("169.254.169.254"),
              "private.test", ips("10.0.0.1"),
              "ula.test", ips("[fd00::1]"),
              "nat64.test", ips("[64:ff9b::a9fe:a9fe]"),
              "mixed.test", ips("93.184.216.34", "192.168.1.1"),
              "public.test", ips("93.184.216.34", "[2606:2800:220:1::1]"),
              "mapped.test", new InetAddress[] {mappedLoopback()}));

  private static InetAddress mappedLoopback() {
    try {
      // An Inet6Address that holds ::ffff:127.0.0.1 (InetAddress.getByName would give IPv4).
      return Inet6Address.getByAddress(null, MAPPED_LOOPBACK, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0.0.0.0, UNSPECIFIED",
    "0.255.255.255, UNSPECIFIED",
    "10.0.0.1, PRIVATE",
    "10.255.255.255, PRIVATE",
    "100.64.0.1, SHARED",
    "100.127.255.255, SHARED",
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "169.254.169.254, LINK_LOCAL",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.0.0.8, RESERVED",
    "192.0.2.1, DOCUMENTATION",
    "192.168.1.1, PRIVATE",
    "198.18.0.1, RESERVED",
    "198.19.255.255, RESERVED",
    "198.51.100.7, DOCUMENTATION",
    "203.0.113.9, DOCUMENTATION",
    "224.0.0.1, MULTICAST",
    "239.255.255.250, MULTICAST",
    "240.0.0.1, RESERVED",
    "255.255.255.255, BROADCAST",
    // Just outside the blocks.
    "9.255.255.255, PUBLIC",
    "11.0.0.0, PUBLIC",
    "100.63.255.255, PUBLIC",
    "100.128.0.0, PUBLIC",
    "172.15.255.255, PUBLIC",
    "172.32.0.0, PUBLIC",
    "169.253.255.255, PUBLIC",
    "198.17.255.255, PUBLIC",
    "223.255.255.255, PUBLIC",
    "8.8.8.8, PUBLIC",
    "[::], UNSPECIFIED",
    "[::1], LOOPBACK",
    "[::ffff:127.0.0.1], LOOPBACK",
    "[::ffff:7f00:1], LOOPBACK",
    "[::ffff:a9fe:a9fe], LINK_LOCAL",
    "[::127.0.0.1], LOOPBACK",
    "[::10.0.0.1], PRIVATE",
    "[::2], UNSPECIFIED",
    "[::ffff:0:127.0.0.1], LOOPBACK",
    "[64:ff9b::7f00:1], LOOPBACK",
    "[64:ff9b::a9fe:a9fe], LINK_LOCAL",
    "[64:ff9b::808:808], PUBLIC",
    "[64:ff9b:1::1], PRIVATE",
    "[2002:7f00:1::], LOOPBACK",
    "[2002:a00:1::1], PRIVATE",
    "[2002:808:808::1], PUBLIC",
    "[2001::1], TEREDO",
    "[2001:0:ffff:ffff::], TEREDO",
    "[2001:2::1], RESERVED",
    "[2001:db8::1], DOCUMENTATION",
    "[100::1], RESERVED",
    "[fc00::1], UNIQUE_LOCAL",
    "[fd00::1], UNIQUE_LOCAL",
    "[fdff:ffff::1], UNIQUE_LOCAL",
    "[fe80::1], LINK_LOCAL",
    "[febf::1], LINK_LOCAL",
    "[fec0::1], PRIVATE",
    "[ff02::1], MULTICAST",
    "[2606:4700::1111], PUBLIC",
    "[2a00:1450:4001::200e], PUBLIC",
    "[fbff::1], PUBLIC"
  })
  void classify_everyBlockAndItsEdges(String literal, AddressClass expected) {
    assertThat(NetworkGuard.classify(ip(literal))).isEqualTo(expected);
  }

  @Test
  void classify_anInet6AddressHoldingAnIpv4MappedForm_isJudgedByTheIpv4() {
    assertThat(mappedLoopback()).isInstanceOf(Inet6Address.class);
    assertThat(NetworkGuard.classify(mappedLoopback())).isEqualTo(AddressClass.LOOPBACK);
  }

  /**
   * The spellings of issue 4, and more: each refused by the resolver before any lookup, with the
   * host and the class in the message.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1 | 127.0.0.1 is a loopback address",
        "127.1 | 127.1 is 127.0.0.1, a loopback address",
        "127.0.1 | 127.0.1 is 127.0.0.1, a loopback address",
        "2130706433 | 2130706433 is 127.0.0.1, a loopback address",
        "0x7f000001 | curl and browsers read 127.0.0.1, a loopback address; Java reads a host name",
        "0X7F.1 | curl and browsers read 127.0.0.1, a loopback address",
        "017700000001 | curl and browsers read 127.0.0.1, a loopback address",
        "0177.0.0.1 | curl and browsers read 127.0.0.1, a loopback address; Java reads 177.0.0.1",
        "0177.1 | curl and browsers read 127.0.0.1, a loopback address; Java reads 177.0.0.1",
        "127.0.0.1. | curl and browsers read 127.0.0.1, a loopback address",
        "0.0.0.0 | 0.0.0.0 is an unspecified address",
        "0 | 0 is 0.0.0.0, an unspecified address",
        "[::1] | ::1 is a loopback address",
        "[0:0:0:0:0:0:0:1] | 0:0:0:0:0:0:0:1 is ::1, a loopback address",
        "[::] | :: is an unspecified address",
        "[::ffff:127.0.0.1] | ::ffff:127.0.0.1 is 127.0.0.1, a loopback address",
        "[::ffff:7f00:1] | ::ffff:7f00:1 is 127.0.0.1, a loopback address",
        "[::127.0.0.1] | ::127.0.0.1 is ::7f00:1, which carries 127.0.0.1, a loopback address",
        "[64:ff9b::7f00:1] | 64:ff9b::7f00:1 carries 127.0.0.1, a loopback address",
        "[64:ff9b::127.0.0.1] | which carries 127.0.0.1, a loopback address",
        "[2002:7f00:1::] | 2002:7f00:1:: carries 127.0.0.1, a loopback address",
        "169.254.169.254 | 169.254.169.254 is a link-local address",
        "[fd00::1] | fd00::1 is a unique-local IPv6 address",
        "[fe80::1] | fe80::1 is a link-local address",
        "[fe80::1%1] | is fe80::1, a link-local address",
        "10.0.0.1 | 10.0.0.1 is a private address",
        "172.16.0.1 | 172.16.0.1 is a private address",
        "192.168.1.1 | 192.168.1.1 is a private address",
        "100.64.0.1 | 100.64.0.1 is a shared (carrier-grade NAT) address",
        "224.0.0.251 | 224.0.0.251 is a multicast address",
        "255.255.255.255 | 255.255.255.255 is a broadcast address",
        "[ff02::1] | ff02::1 is a multicast address",
        "[2001::1] | 2001::1 is a Teredo tunnel address",
        "192.0.2.1 | 192.0.2.1 is a documentation address",
        "010.8.8.8 | curl and browsers read 8.8.8.8; Java reads 10.8.8.8",
        "1.2.3.4.5 | 1.2.3.4.5 is not a valid IPv4 address",
        "256.1.1.1 | 256.1.1.1 is not a valid IPv4 address",
        "loopback.test | loopback.test resolves to 127.0.0.1, a loopback address",
        "metadata.test | metadata.test resolves to 169.254.169.254, a link-local address",
        "private.test | private.test resolves to 10.0.0.1, a private address",
        "ula.test | ula.test resolves to fd00::1, a unique-local IPv6 address",
        "nat64.test | which carries 169.254.169.254, a link-local address",
        "mixed.test | mixed.test resolves to 192.168.1.1, a private address",
        "mapped.test | mapped.test resolves to ::ffff:7f00:1, which carries 127.0.0.1, a loopback"
      })
  void resolver_refusesBeforeAnyConnection(String host, String message) {
    DnsResolver resolver = NetworkGuard.standard().resolver(NAMES);

    BlockedAddressException e =
        catchThrowableOfType(BlockedAddressException.class, () -> resolver.resolve(host));

    assertThat(e).as(host).isNotNull();
    assertThat(e.getMessage()).contains(message);
    assertThat(e).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void resolver_blockedAddress_namesHostAddressAndClass() throws Exception {
    BlockedAddressException e =
        catchThrowableOfType(
            BlockedAddressException.class,
            () -> NetworkGuard.standard().resolver(NAMES).resolve("metadata.test"));

    assertThat(e.host()).isEqualTo("metadata.test");
    assertThat(e.address()).isEqualTo("169.254.169.254");
    assertThat(e.addressClass()).isEqualTo(AddressClass.LINK_LOCAL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"8.8.8.8", "134744072", "8.8.2056", "[2606:4700::1111]", "[::ffff:8.8.8.8]"})
  void resolver_publicLiterals_areAllowedWithoutDns(String host) throws Exception {
    StubDns none = new StubDns(Map.of());

    InetAddress[] a = NetworkGuard.standard().resolver(none).resolve(host);

    assertThat(a).hasSize(1);
    assertThat(NetworkGuard.classify(a[0])).isEqualTo(AddressClass.PUBLIC);
    assertThat(none.calls).hasValue(0);
  }

  @Test
  void resolver_publicName_returnsExactlyTheAddressesJudged() throws Exception {
    InetAddress[] a = NetworkGuard.standard().resolver(NAMES).resolve("public.test");

    assertThat(a).containsExactly(ips("93.184.216.34", "[2606:2800:220:1::1]"));
    assertThat(NetworkGuard.standard().resolver(NAMES).resolve("public.test", 443))
        .extracting(s -> s.getAddress().getHostAddress() + " " + s.getPort())
        .containsExactly("93.184.216.34 443", "2606:2800:220:1:0:0:0:1 443");
  }

  @Test
  void resolver_dnsRebinding_everyResolutionIsJudgedAgain() throws Exception {
    // The first answer is public, the next (a new connection) loopback: HttpClient connects to
    // what resolve() returned, so the second connection never happens.
    AtomicInteger n = new AtomicInteger();
    DnsResolver rebinding =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) {
            return n.getAndIncrement() == 0 ? ips("93.184.216.34") : ips("127.0.0.1");
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    DnsResolver guarded = NetworkGuard.standard().resolver(rebinding);

    assertThat(guarded.resolve("rebind.test")).containsExactly(ips("93.184.216.34"));
    assertThatThrownBy(() -> guarded.resolve("rebind.test"))
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage("rebind.test resolves to 127.0.0.1, a loopback address");
  }

  @Test
  void allowPrivateNetworks_allowsEverything_throughTheDelegate() throws Exception {
    NetworkGuard off = NetworkGuard.builder().allowPrivateNetworks(true).build();

    assertThat(off.allowsAll()).isTrue();
    assertThat(off.resolver(NAMES).resolve("metadata.test"))
        .containsExactly(ips("169.254.169.254"));
    off.check("10.0.0.1", ips("10.0.0.1", "[fe80::1]"));
  }

  @Test
  void allowHosts_exactNamesOnly_caseInsensitive() throws Exception {
    NetworkGuard guard = NetworkGuard.builder().allowHosts("Private.TEST", "::1").build();
    StubDns dns =
        new StubDns(
            Map.of(
                "private.test", ips("10.0.0.1"),
                "sub.private.test", ips("10.0.0.1"),
                "private.test.evil", ips("10.0.0.1")));

    assertThat(guard.resolver(dns).resolve("private.test")).containsExactly(ips("10.0.0.1"));
    assertThat(guard.resolver(NAMES).resolve("[::1]")).containsExactly(ips("[::1]"));
    assertThatThrownBy(() -> guard.resolver(dns).resolve("sub.private.test"))
        .isInstanceOf(BlockedAddressException.class);
    assertThatThrownBy(() -> guard.resolver(dns).resolve("private.test.evil"))
        .isInstanceOf(BlockedAddressException.class);
    assertThatThrownBy(() -> guard.resolver(NAMES).resolve("127.0.0.1"))
        .isInstanceOf(BlockedAddressException.class);
  }

  @Test
  void allowCidrs_letExactlyTheirBlocksThrough() throws Exception {
    NetworkGuard guard = NetworkGuard.builder().allowCidrs("10.0.0.0/8", " fd00::/16 ").build();

    guard.check("a", ips("10.0.0.1", "10.255.255.255", "[fd00::1]"));
    // Embedded IPv4 in a NAT64 or mapped form counts as that IPv4 address.
    guard.check("b", ips("[64:ff9b::a00:1]"));
    for (String refused : List.of("192.168.1.1", "[fd01::1]", "127.0.0.1")) {
      assertThatThrownBy(() -> guard.check("c", ips(refused)))
          .as(refused)
          .isInstanceOf(BlockedAddressException.class);
    }
    assertThat(guard.resolver(NAMES).resolve("private.test")).containsExactly(ips("10.0.0.1"));
    assertThatThrownBy(() -> guard.resolver(NAMES).resolve("mixed.test"))
        .hasMessageContaining("192.168.1.1");
  }

  @Test
  void allowCidrs_aBareAddress_isABlockOfOne() throws Exception {
    NetworkGuard guard = NetworkGuard.builder().allowCidrs("127.0.0.1").build();

    guard.check("127.0.0.1", ips("127.0.0.1"));
    assertThatThrownBy(() -> guard.check("127.0.0.2", ips("127.0.0.2")))
        .isInstanceOf(BlockedAddressException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33 | must be a number from 0 to 32",
        "10.0.0.1/8 | has bits set beyond its /8 prefix",
        "010.0.0.0/8 | not a CIDR block",
        "10.0.0.256/32 | not a valid IPv4 address",
        "1.2.3/24 | not a CIDR block",
        "example.com/8 | not a CIDR block",
        "10.0.0.0/ | must be a number",
        "10.0.0.0/-1 | must be a number",
        "fd00::/129 | must be a number from 0 to 128",
        "fd00:::1/16 | not a valid IPv6 address",
        "::ffff:10.0.0.0/104 | write an IPv4-mapped block as IPv4",
        "'' | not a CIDR block"
      })
  void allowCidrs_invalid_isRefusedAtBuildWithTheReason(String cidr, String reason) {
    assertThatThrownBy(() -> NetworkGuard.builder().allowCidrs(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("allowCidrs: ")
        .hasMessageContaining(reason);
  }

  @Test
  void allowHosts_blank_isRefused() {
    assertThatThrownBy(() -> NetworkGuard.builder().allowHosts(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void check_anyRefusedAddressRefusesTheHost() {
    assertThatThrownBy(
            () -> NetworkGuard.standard().check("shop.example", ips("93.184.216.34", "10.1.2.3")))
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage("shop.example resolves to 10.1.2.3, a private address");
  }
}
