package dev.couponfetch.httpclient.pool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CircuitState;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.httpclient.LoopbackWireMock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool whose endpoint starts failing: its stock, then its fallback code, while the endpoint's
 * circuit is open, and no request is sent meanwhile however often it would refill.
 */
class CouponPoolCircuitTest {
  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private HttpClientCouponFetcher fetcher;
  private final List<FetchEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxRetries(0)
            .circuitBreaker(2, Duration.ofSeconds(60), Duration.ofSeconds(60))
            .listener(events::add)
            .build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
  }

  @Test
  void take_whileTheCircuitIsOpen_servesStockThenFallback_andSendsNothing() {
    server.stubFor(
        get("/bulk")
            .inScenario("failing")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson("{\"codes\":[\"A\",\"B\",\"C\"]}"))
            .willSetStateTo("down"));
    server.stubFor(
        get("/bulk")
            .inScenario("failing")
            .whenScenarioStateIs("down")
            .willReturn(aResponse().withStatus(503)));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/bulk")
            .name("failing-bulk")
            .couponType(CouponType.BULK)
            .mapping(MappingConfig.code("codes.*"))
            .build();
    try (CouponPool pool =
        CouponPool.builder(fetcher, config)
            .lowWatermark(10)
            .maxRefillsInFlight(1)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
            .fallbackCode("FALLBACK")
            .build()) {
      Set<String> stock = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        stock.add(pool.take(Duration.ofSeconds(10)).code());
      }
      assertThat(stock).containsExactlyInAnyOrder("A", "B", "C");
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (fetcher.health(config).orElseThrow().circuit() != CircuitState.OPEN) {
        assertThat(System.nanoTime()).isLessThan(end);
        pool.take(Duration.ofMillis(50));
      }
      int sentWhenOpened = server.findAll(anyRequestedFor(anyUrl())).size();
      int fetchesWhenOpened = events.size();

      // A refill every few ms without the breaker: 200 ms of takes would send dozens.
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      int takes = 0;
      while (System.nanoTime() < until) {
        CouponPool.Served served = pool.take(Duration.ofMillis(50));
        assertThat(served.fallback()).isTrue();
        assertThat(served.code()).isEqualTo("FALLBACK");
        takes++;
      }

      assertThat(takes).isPositive();
      assertThat(sentWhenOpened).isBetween(2, 3); // 200, 503 (and 503): half failed, minimum 2
      assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(sentWhenOpened);
      // Nor does it ask the fetcher again before the pause ends (its retryAt): one refused try.
      assertThat(events.size() - fetchesWhenOpened).isLessThanOrEqualTo(1);
    }
  }
}
