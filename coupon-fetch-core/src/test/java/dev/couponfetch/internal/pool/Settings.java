package dev.couponfetch.internal.pool;

import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStore;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Timeouts;
import dev.couponfetch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** {@link PoolSettings} for tests: a refill on the calling thread, one at a time, pool "promo". */
final class Settings {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  CouponFetcher fetcher;
  CouponType type = CouponType.BULK;
  Timeouts timeouts = Timeouts.DEFAULT;
  CouponStore store = new InMemoryCouponStore();
  int lowWatermark = 1;
  int maxRefillsInFlight = 1;
  int singleCallsPerRefill = 1;
  Duration expiryMargin = Duration.ZERO;
  Duration initialBackoff = Duration.ofSeconds(1);
  Duration maxBackoff = Duration.ofMinutes(1);
  Duration takeTimeout = Duration.ofSeconds(5);
  int lowStockThreshold = -1;
  Consumer<CouponPool.Stats> lowStockListener;
  Executor executor = Runnable::run;
  MutableClock clock = new MutableClock(T0);

  Settings(CouponFetcher fetcher) {
    this.fetcher = fetcher;
  }

  PoolSettings build() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://merchant.example/coupons")
            .name("promo")
            .couponType(type)
            .mapping(MappingConfig.code(type == CouponType.BULK ? "codes.*" : "code"))
            .timeouts(timeouts)
            .build();
    return new PoolSettings(
        fetcher,
        config,
        Map.of(),
        store,
        "promo",
        lowWatermark,
        maxRefillsInFlight,
        singleCallsPerRefill,
        expiryMargin,
        initialBackoff,
        maxBackoff,
        takeTimeout,
        null,
        lowStockThreshold,
        lowStockListener,
        executor,
        clock);
  }
}
