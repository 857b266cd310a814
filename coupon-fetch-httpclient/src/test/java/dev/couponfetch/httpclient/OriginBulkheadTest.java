package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Limits;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.testing.Polling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The bulkhead of each endpoint origin: in flight, waiting, refused, and the others unharmed. */
@ParameterizedClass
@EnumSource(FetchMode.class)
class OriginBulkheadTest {
  @Parameter FetchMode mode;

  private HoldingServer slow;
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    slow = new HoldingServer();
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterEach
  void stop() throws Exception {
    slow.release();
    callers.shutdownNow();
    fetcher.close();
    slow.close();
  }

  private CouponSourceConfig config(String base, Limits limits, Timeouts timeouts) {
    return CouponSourceConfig.builder(base + "/codes")
        .mapping(MappingConfig.code("code"))
        .limits(limits)
        .timeouts(timeouts)
        .build();
  }

  private Future<CouponBatch> inBackground(CouponSourceConfig config) {
    return callers.submit(() -> mode.fetch(fetcher, config));
  }

  private static void await(BooleanSupplier condition) {
    Polling.await(condition, Duration.ofSeconds(10));
  }

  @Test
  void fetch_beyondInFlightAndQueue_failsBusyAtOnce_andTheWaitingOneGoesLater() throws Exception {
    CouponSourceConfig config =
        config(slow.baseUrl(), new Limits(2, 1, null, null), Timeouts.ofMillis(1_000, 10_000));
    List<Future<CouponBatch>> running = new ArrayList<>();
    running.add(inBackground(config));
    running.add(inBackground(config));
    slow.awaitReceived(2);
    running.add(inBackground(config));
    await(() -> fetcher.health(config).orElseThrow().queued() == 1);

    long start = System.nanoTime();
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config));

    assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_BUSY);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("2 requests to http://127.0.0.1:").contains("in flight");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(slow.received()).isEqualTo(2);
    assertThat(fetcher.health(config).orElseThrow().inFlight()).isEqualTo(2);

    slow.release();
    for (Future<CouponBatch> f : running) {
      assertThat(f.get(10, TimeUnit.SECONDS).first().code()).startsWith("OK-");
    }
    assertThat(slow.received()).isEqualTo(3);
    await(() -> fetcher.health(config).orElseThrow().inFlight() == 0);
  }

  @Test
  void fetch_waitingPastItsDeadline_failsBusy() throws Exception {
    Limits one = new Limits(1, 5, null, null);
    Future<CouponBatch> holding =
        inBackground(config(slow.baseUrl(), one, Timeouts.ofMillis(1_000, 10_000)));
    slow.awaitReceived(1);
    // Same origin and limits, so the same bulkhead; a deadline of 2 × (100 + 200) ms.
    CouponSourceConfig hurried = config(slow.baseUrl(), one, Timeouts.ofMillis(100, 200));

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, hurried));

    assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_BUSY);
    assertThat(e.getMessage()).startsWith("Waited ").contains("until this fetch's deadline");
    assertThat(slow.received()).isEqualTo(1);
    slow.release();
    assertThat(holding.get(10, TimeUnit.SECONDS).coupons()).hasSize(1);
  }

  @Test
  void fetch_oneHangingOrigin_doesNotHoldTheConnectionsOfOthers() throws Exception {
    fetcher.close();
    // Four connections in all: without a bulkhead the hanging origin takes every one of them.
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxConnectionsTotal(4)
            .maxConcurrentPerOrigin(2)
            .maxQueuedPerOrigin(0)
            .build();
    WireMockServer healthy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    healthy.start();
    try {
      healthy.stubFor(get("/codes").willReturn(okJson("{\"code\":\"HEALTHY\"}")));
      CouponSourceConfig hanging =
          config(slow.baseUrl(), Limits.NONE, Timeouts.ofMillis(1_000, 10_000));
      List<Future<CouponBatch>> stuck = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        stuck.add(inBackground(hanging));
      }
      slow.awaitReceived(2);
      await(() -> stuck.stream().filter(Future::isDone).count() == 6);

      CouponBatch other =
          mode.fetch(
              fetcher, config(healthy.baseUrl(), Limits.NONE, Timeouts.ofMillis(500, 1_000)));

      assertThat(other.first().code()).isEqualTo("HEALTHY");
      assertThat(slow.received()).isEqualTo(2);
      long busy =
          stuck.stream()
              .filter(Future::isDone)
              .map(f -> catchThrowableOfType(Exception.class, f::get).getCause())
              .filter(c -> ((CouponFetchException) c).reason() == Reason.ENDPOINT_BUSY)
              .count();
      assertThat(busy).isEqualTo(6);
    } finally {
      healthy.stop();
    }
  }
}
