package dev.couponfetch.httpclient.micrometer;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.httpclient.LoopbackWireMock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pool's stats as meters, after a real refill from WireMock. */
class MicrometerPoolMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private final HttpClientCouponFetcher fetcher =
      HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();

  @AfterEach
  void stop() {
    fetcher.close();
  }

  private double coupons(String event) {
    return registry
        .get(MicrometerPoolMetrics.COUPONS_COUNTER)
        .tags("pool", "spring", "event", event)
        .functionCounter()
        .count();
  }

  @Test
  void bindTo_afterRefillAndTake_meteredByEventAndOutcome() {
    server.stubFor(
        get("/bulk")
            .willReturn(
                okJson(
                    "{\"codes\":[{\"c\":\"A\",\"e\":null},{\"c\":\"B\",\"e\":null},"
                        + "{\"c\":\"OLD\",\"e\":\"2001-01-01\"}]}")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/bulk")
            .name("bulk")
            .couponType(CouponType.BULK)
            .mapping(MappingConfig.builder().code("codes.*.c").expiry("codes.*.e").build())
            .build();
    try (CouponPool pool =
        CouponPool.builder(fetcher, config).lowWatermark(1).maxRefillsInFlight(1).build()) {
      new MicrometerPoolMetrics(pool, "spring").bindTo(registry);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (pool.stats().refills() < 1 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      assertThat(pool.take(Duration.ofSeconds(10)).code()).isEqualTo("A");

      assertThat(
              registry.get(MicrometerPoolMetrics.STOCK_GAUGE).tag("pool", "spring").gauge().value())
          .isEqualTo(1);
      assertThat(coupons("fetched")).isEqualTo(3);
      assertThat(coupons("taken")).isEqualTo(1);
      assertThat(coupons("skipped")).isEqualTo(1);
      assertThat(coupons("duplicate")).isZero();
      assertThat(coupons("fallback")).isZero();
      assertThat(
              registry
                  .get(MicrometerPoolMetrics.REFILLS_COUNTER)
                  .tags("pool", "spring", "outcome", "success")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
    }
  }
}
