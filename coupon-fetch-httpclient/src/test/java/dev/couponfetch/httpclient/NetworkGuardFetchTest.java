package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network guard end to end, on loopback only: every refused spelling is one that would reach a
 * trap on 127.0.0.1 (or ::1) were the guard broken, so a broken guard fails these tests without
 * sending anything beyond this machine. Spellings that would leave it (private, link-local,
 * NAT64...) are judged through the guard's API in {@code NetworkGuardTest}.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class NetworkGuardFetchTest {
  @Parameter FetchMode mode;

  private static final byte[] MAPPED_LOOPBACK = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1
  };

  /** Test names point at loopback; {@code localhost} asks the JDK; nothing else is looked up. */
  private static final DnsResolver NAMES =
      new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          switch (host) {
            case "merchant.test":
            case "rebind.test":
              return new InetAddress[] {InetAddress.getByAddress(new byte[] {127, 0, 0, 1})};
            case "mapped6.test":
              return new InetAddress[] {Inet6Address.getByAddress(null, MAPPED_LOOPBACK, -1)};
            default:
              if (host.equalsIgnoreCase("localhost")) {
                return SystemDefaultDnsResolver.INSTANCE.resolve(host);
              }
              throw new UnknownHostException(host + " (tests look up no other names)");
          }
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          return host;
        }
      };

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private LoopbackTrap trap;
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void setUp() throws Exception {
    server.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"C-1\"}")));
    trap = LoopbackTrap.ipv4();
    fetcher = HttpClientCouponFetcher.builder().dnsResolver(NAMES).maxRetries(0).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    fetcher.close();
    trap.close();
  }

  private static CouponSourceConfig config(String url) {
    return CouponSourceConfig.builder(url)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(500, 500))
        .build();
  }

  private CouponFetchException refused(HttpClientCouponFetcher f, CouponSourceConfig c) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(f, c, Map.of()));
    assertThat(e).isNotNull();
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1 | 127.0.0.1 is a loopback address",
        "2130706433 | 2130706433 is 127.0.0.1, a loopback address",
        "0.0.0.0 | 0.0.0.0 is an unspecified address",
        "0 | 0 is 0.0.0.0, an unspecified address",
        "localhost | localhost resolves to",
        "LocalHost | LocalHost resolves to",
        "[::ffff:127.0.0.1] | ::ffff:127.0.0.1 is 127.0.0.1, a loopback address",
        "[::ffff:7f00:1] | ::ffff:7f00:1 is 127.0.0.1, a loopback address",
        "rebind.test | rebind.test resolves to 127.0.0.1, a loopback address",
        "mapped6.test | mapped6.test resolves to ::ffff:7f00:1, which carries 127.0.0.1, a loopback"
      })
  void fetch_loopbackSpelling_isBlockedBeforeAnyConnection(String host, String why)
      throws Exception {
    String url = "http://" + host + ":" + trap.port() + "/coupons";

    CouponFetchException e = refused(fetcher, config(url));

    assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).startsWith("Refused to connect to ").contains(why);
    assertThat(e.exchange()).isPresent();
    trap.assertNoConnection();
  }

  @ParameterizedTest
  @CsvSource({"127.1", "127.0.1", "127.0.0.1."})
  void fetch_spellingsThatAreNoUriHost_areRefusedAsInvalidConfig(String host) throws Exception {
    // java.net.URI reads no host in these (its last label must not start with a digit), so they
    // never reach a resolver; the guard's API judges them anyway (NetworkGuardTest).
    String url = "http://" + host + ":" + trap.port() + "/coupons";

    assertThatThrownBy(() -> mode.fetch(fetcher, config(url), Map.of()))
        .isInstanceOfSatisfying(
            CouponFetchException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG));
    trap.assertNoConnection();
  }

  @Test
  void fetch_ipv6Loopback_isBlockedBeforeAnyConnection() throws Exception {
    try (LoopbackTrap trap6 = LoopbackTrap.ipv6OrNull()) {
      assumeTrue(trap6 != null, "no IPv6 loopback here");

      CouponFetchException e =
          refused(fetcher, config("http://[::1]:" + trap6.port() + "/coupons"));

      assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
      assertThat(e.getMessage()).contains("::1 is a loopback address");
      trap6.assertNoConnection();
    }
  }

  @Test
  void fetch_defaultFetcher_refusesLoopbackWithTheJdkResolver() throws Exception {
    try (HttpClientCouponFetcher plain = HttpClientCouponFetcher.create()) {
      for (String host : new String[] {"127.0.0.1", "localhost"}) {
        CouponFetchException e = refused(plain, config("http://" + host + ":" + trap.port() + "/"));

        assertThat(e.reason()).as(host).isEqualTo(Reason.BLOCKED_ADDRESS);
      }
    }
    trap.assertNoConnection();
  }

  @Test
  void trap_seesTheConnection_whenTheGuardIsOff() throws Exception {
    // Proves the trap: the same fetch with the guard off does connect.
    try (HttpClientCouponFetcher open =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxRetries(0).build()) {
      CouponFetchException e =
          refused(open, config("http://127.0.0.1:" + trap.port() + "/coupons"));

      assertThat(e.reason()).isNotEqualTo(Reason.BLOCKED_ADDRESS);
      assertThat(trap.sawConnection()).isTrue();
    }
  }

  @Test
  void fetch_redirectToLoopback_isBlockedBeforeConnecting() throws Exception {
    try (HttpClientCouponFetcher f = allowing("merchant.test")) {
      server.stubFor(
          get("/coupons")
              .willReturn(
                  aResponse()
                      .withStatus(302)
                      .withHeader("Location", "http://127.0.0.1:" + trap.port() + "/inside")));

      CouponFetchException e =
          refused(f, config("http://merchant.test:" + server.port() + "/coupons"));

      assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
      assertThat(e.getMessage())
          .isEqualTo(
              "Refused to connect to 127.0.0.1:"
                  + trap.port()
                  + ": 127.0.0.1 is a loopback address");
      assertThat(e.exchange().orElseThrow().request().uri())
          .isEqualTo("http://127.0.0.1:" + trap.port() + "/inside");
      assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
      trap.assertNoConnection();
    }
  }

  @Test
  void fetch_oauth2TokenUrlOnLoopback_isBlockedBeforeConnecting() throws Exception {
    try (HttpClientCouponFetcher f = allowing("merchant.test")) {
      CouponSourceConfig c =
          CouponSourceConfig.builder("http://merchant.test:" + server.port() + "/coupons")
              .auth(
                  AuthConfig.oauth2ClientCredentials(
                      "http://127.0.0.1:" + trap.port() + "/token", "client", "guard-secret-1"))
              .mapping(MappingConfig.code("code"))
              .timeouts(Timeouts.ofMillis(500, 500))
              .build();

      CouponFetchException e = refused(f, c);

      assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .contains("token endpoint")
          .contains("127.0.0.1 is a loopback address")
          .doesNotContain("guard-secret-1");
      trap.assertNoConnection();
      assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  private static HttpClientCouponFetcher allowing(String host) {
    return HttpClientCouponFetcher.builder()
        .dnsResolver(NAMES)
        .allowHosts(host)
        .maxRetries(0)
        .build();
  }

  @Test
  void allowPrivateNetworks_reachesLoopback() {
    try (HttpClientCouponFetcher f =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build()) {
      assertThat(mode.fetch(f, config(server.baseUrl() + "/c"), Map.of()).first().code())
          .isEqualTo("C-1");
    }
  }

  @Test
  void allowHosts_letsExactlyThatHostThrough() throws Exception {
    try (HttpClientCouponFetcher f = allowing("127.0.0.1")) {
      assertThat(
              mode.fetch(f, config("http://127.0.0.1:" + server.port() + "/c"), Map.of())
                  .first()
                  .code())
          .isEqualTo("C-1");

      // The same server by another name is still refused.
      for (String other : new String[] {"localhost", "2130706433", "merchant.test"}) {
        CouponFetchException e = refused(f, config("http://" + other + ":" + trap.port() + "/c"));
        assertThat(e.reason()).as(other).isEqualTo(Reason.BLOCKED_ADDRESS);
      }
    }
    trap.assertNoConnection();
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void allowCidrs_letsExactlyThatBlockThrough() throws Exception {
    try (HttpClientCouponFetcher f =
        HttpClientCouponFetcher.builder()
            .dnsResolver(NAMES)
            .allowCidrs("127.0.0.1/32")
            .maxRetries(0)
            .build()) {
      assertThat(
              mode.fetch(f, config("http://merchant.test:" + server.port() + "/c"), Map.of())
                  .first()
                  .code())
          .isEqualTo("C-1");

      CouponFetchException e = refused(f, config("http://127.0.0.2:" + trap.port() + "/c"));
      assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
      assertThat(e.getMessage()).contains("127.0.0.2 is a loopback address");
    }
  }

  @Test
  void builder_invalidCidr_isRefusedWithTheReason() {
    assertThatThrownBy(() -> HttpClientCouponFetcher.builder().allowCidrs("10.0.0.0/99"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowCidrs")
        .hasMessageContaining("10.0.0.0/99");
  }
}
