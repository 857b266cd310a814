package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.couponfetch.CircuitState;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.EndpointHealth;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import dev.couponfetch.testing.MutableClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The circuit breaker of each endpoint origin, against endpoints that fail for real: 503s, a
 * refused connection, a socket that never answers. Time is the fetcher's clock, moved by the test.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class CircuitBreakerTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Parameter FetchMode mode;

  private final MutableClock clock = new MutableClock(T0);
  private final List<FetchEvent> events = new CopyOnWriteArrayList<>();
  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void start() {
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxRetries(0)
            .circuitBreaker(3, Duration.ofSeconds(60), Duration.ofSeconds(30))
            .clock(clock)
            .listener(events::add)
            .build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
  }

  private CouponSourceConfig config(String base) {
    return CouponSourceConfig.builder(base + "/codes")
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(1_000, 5_000))
        .build();
  }

  private CouponSourceConfig config() {
    return config(server.baseUrl());
  }

  private Reason failure(CouponSourceConfig config) {
    return catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config))
        .reason();
  }

  private int sent() {
    return server.findAll(anyRequestedFor(anyUrl())).size();
  }

  private void failing() {
    server.stubFor(get("/codes").willReturn(aResponse().withStatus(503)));
  }

  private void working() {
    server.stubFor(get("/codes").willReturn(okJson("{\"code\":\"BACK\"}")));
  }

  private void open() {
    failing();
    for (int i = 0; i < 3; i++) {
      assertThat(failure(config())).isEqualTo(Reason.SERVER_ERROR);
    }
  }

  @Test
  void fetch_afterRepeated5xx_failsFastWithWhenItIsTriedAgain() {
    open();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config()));

    assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAt()).contains(T0.plusSeconds(30));
    assertThat(e.getMessage())
        .contains("paused until " + T0.plusSeconds(30))
        .contains("failed 3 of its last 3 calls");
    assertThat(sent()).isEqualTo(3);
    FetchEvent last = events.get(events.size() - 1);
    assertThat(last.reason()).isEqualTo(Reason.ENDPOINT_UNAVAILABLE);
    assertThat(last.circuit()).isEqualTo(CircuitState.OPEN);
    assertThat(last.attempts()).isZero();
  }

  @Test
  void fetch_afterThePause_oneProbeGoes_andItsSuccessClosesTheCircuit() {
    open();
    working();
    clock.advance(Duration.ofSeconds(31));

    assertThat(mode.fetch(fetcher, config()).first().code()).isEqualTo("BACK");
    assertThat(mode.fetch(fetcher, config()).first().code()).isEqualTo("BACK");

    assertThat(sent()).isEqualTo(5);
    assertThat(fetcher.health(config()).orElseThrow().circuit()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void fetch_probeFails_pausesAgain() {
    open();
    clock.advance(Duration.ofSeconds(31));

    assertThat(failure(config())).isEqualTo(Reason.SERVER_ERROR);
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config()));

    assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_UNAVAILABLE);
    assertThat(e.retryAt()).contains(T0.plusSeconds(61));
    assertThat(sent()).isEqualTo(4);
  }

  @Test
  void fetch_4xxAnswers_neverPause() {
    server.stubFor(get("/codes").willReturn(aResponse().withStatus(404)));

    for (int i = 0; i < 6; i++) {
      assertThat(failure(config())).isEqualTo(Reason.HTTP_ERROR);
    }

    assertThat(sent()).isEqualTo(6);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void fetch_brokenAnswers_pause(Fault fault) {
    server.stubFor(get("/codes").willReturn(aResponse().withFault(fault)));

    for (int i = 0; i < 3; i++) {
      assertThat(failure(config())).isIn(Reason.CONNECT_FAILED, Reason.SERVER_ERROR);
    }

    assertThat(failure(config())).isEqualTo(Reason.ENDPOINT_UNAVAILABLE);
    assertThat(sent()).isEqualTo(3);
  }

  @Test
  void fetch_refusedConnections_pause() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    CouponSourceConfig closed = config("http://127.0.0.1:" + port);

    for (int i = 0; i < 3; i++) {
      assertThat(failure(closed)).isEqualTo(Reason.CONNECT_FAILED);
    }

    assertThat(failure(closed)).isEqualTo(Reason.ENDPOINT_UNAVAILABLE);
  }

  @Test
  void fetch_hangingSocket_timeoutsPause_thenFailsWithoutWaiting() throws Exception {
    try (HoldingServer hanging = new HoldingServer()) {
      CouponSourceConfig config =
          config(hanging.baseUrl()).toBuilder().timeouts(Timeouts.ofMillis(1_000, 300)).build();
      for (int i = 0; i < 3; i++) {
        assertThat(failure(config)).isEqualTo(Reason.TIMEOUT);
      }

      long start = System.nanoTime();
      assertThat(failure(config)).isEqualTo(Reason.ENDPOINT_UNAVAILABLE);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
      assertThat(hanging.received()).isEqualTo(3);
    }
  }

  @Test
  void fetch_otherOrigins_goOnWhileOneIsPaused() {
    open();
    WireMockServer other = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    other.start();
    try {
      other.stubFor(get("/codes").willReturn(okJson("{\"code\":\"OTHER\"}")));

      assertThat(mode.fetch(fetcher, config(other.baseUrl())).first().code()).isEqualTo("OTHER");
    } finally {
      other.stop();
    }
  }

  @Test
  void testConfiguration_whilePaused_callsForReal_saysSo_andASuccessResumes() {
    open();
    ConfigurationTester tester = new ConfigurationTester(fetcher, clock);

    TestReport failed = tester.test(config(), Map.of());

    assertThat(sent()).isEqualTo(4);
    assertThat(failed.works()).isFalse();
    assertThat(failed.reason()).contains(Reason.SERVER_ERROR);
    assertThat(failed.toText())
        .contains(
            "Endpoint: this endpoint has failed 3 times in the last minute; calls are paused until "
                + T0.plusSeconds(30));
    assertThat(failed.toJson()).contains("\"circuit\" : \"OPEN\"");

    working();
    TestReport works = tester.test(config(), Map.of());

    assertThat(works.works()).isTrue();
    assertThat(mode.fetch(fetcher, config()).first().code()).isEqualTo("BACK");
    assertThat(sent()).isEqualTo(6);
  }

  @Test
  void health_saysWhatTheBreakerKnows() {
    open();

    EndpointHealth h = fetcher.health(config()).orElseThrow();

    assertThat(h.origin()).isEqualTo("http://localhost:" + server.port());
    assertThat(h.circuit()).isEqualTo(CircuitState.OPEN);
    assertThat(h.recentFailures()).isEqualTo(3);
    assertThat(h.pausedUntil()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void circuitBreakerOff_neverPauses() {
    fetcher.close();
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxRetries(0)
            .circuitBreaker(0, Duration.ofSeconds(60), Duration.ofSeconds(30))
            .build();
    failing();

    for (int i = 0; i < 6; i++) {
      assertThat(failure(config())).isEqualTo(Reason.SERVER_ERROR);
    }

    assertThat(sent()).isEqualTo(6);
  }
}
