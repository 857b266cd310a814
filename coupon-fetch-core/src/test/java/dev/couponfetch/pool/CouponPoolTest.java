package dev.couponfetch.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStore;
import dev.couponfetch.CouponStores;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.internal.pool.InMemoryCouponStore;
import dev.couponfetch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CouponPoolTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);

  private static CouponSourceConfig config(CouponType type) {
    return CouponSourceConfig.builder("https://merchant.example/coupons")
        .name("promo")
        .couponType(type)
        .mapping(MappingConfig.code(type == CouponType.BULK ? "codes.*" : "code"))
        .build();
  }

  /** Refills run on the taking thread, so every step is deterministic. */
  private CouponPool.Builder direct(FakeFetcher fetcher, CouponType type) {
    return CouponPool.builder(fetcher, config(type)).executor(Runnable::run).clock(clock);
  }

  @Test
  void take_couponExpiringWithinMargin_skippedAndCounted() {
    FakeFetcher fetcher =
        new FakeFetcher(
            n ->
                n == 1
                    ? List.of(
                        new Coupon("A", T0.plusSeconds(30)),
                        new Coupon("B", T0.plus(Duration.ofHours(2))),
                        Coupon.of("C"))
                    : List.of(Coupon.of("D" + n)));
    try (CouponPool pool =
        direct(fetcher, CouponType.BULK)
            .lowWatermark(1)
            .expiryMargin(Duration.ofMinutes(1))
            .build()) {
      assertThat(pool.stats().skipped()).isEqualTo(1); // A, at refill
      clock.advance(Duration.ofHours(2));

      assertThat(pool.take().code()).isEqualTo("C"); // B now expires within the margin
      assertThat(pool.stats().skipped()).isEqualTo(2);
    }
  }

  @Test
  void take_stockBelowLowWatermark_refills() {
    FakeFetcher fetcher = new FakeFetcher(FakeFetcher.codes(10));
    try (CouponPool pool = direct(fetcher, CouponType.BULK).lowWatermark(5).build()) {
      assertThat(fetcher.calls).hasValue(1);
      for (int i = 0; i < 5; i++) {
        pool.take();
      }
      assertThat(fetcher.calls).hasValue(1); // stock 5: not below the watermark

      pool.take();

      assertThat(fetcher.calls).hasValue(2);
      assertThat(pool.stats().stock()).isEqualTo(14);
      assertThat(pool.stats().refills()).isEqualTo(2);
    }
  }

  @Test
  void build_singleConfig_refilledBySeveralCalls() {
    FakeFetcher fetcher = new FakeFetcher(FakeFetcher.codes(1));
    try (CouponPool pool =
        direct(fetcher, CouponType.SINGLE).lowWatermark(1).singleCallsPerRefill(3).build()) {
      assertThat(fetcher.calls).hasValue(3);
      assertThat(pool.stats().stock()).isEqualTo(3);
      assertThat(pool.stats().refills()).isEqualTo(1);
    }
  }

  @Test
  void take_emptyAndEndpointFailing_failsFastWithLastReason() {
    FakeFetcher fetcher =
        new FakeFetcher(
            n -> {
              throw CouponFetchException.builder(Reason.SERVER_ERROR, "HTTP 503")
                  .status(503)
                  .retryable(true)
                  .build();
            });
    try (CouponPool pool = direct(fetcher, CouponType.BULK).build()) {
      assertThatThrownBy(() -> pool.take(Duration.ofHours(1)))
          .isInstanceOfSatisfying(
              CouponFetchException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
                assertThat(e.status()).hasValue(503);
              });
      assertThat(fetcher.calls).hasValue(1); // backoff: the take did not call again
      assertThat(pool.stats().failures()).isEqualTo(1);
      assertThat(pool.stats().lastFailure()).contains(Reason.SERVER_ERROR);

      fetcher.answer = FakeFetcher.codes(10);
      clock.advance(Duration.ofSeconds(1)); // past the backoff

      assertThat(pool.take().code()).isEqualTo("2-0");
      assertThat(pool.stats().lastFailure()).isEmpty();
    }
  }

  @Test
  void take_emptyAndFailingWithFallback_servesFallbackFlagged() {
    FakeFetcher fetcher =
        new FakeFetcher(
            n -> {
              throw CouponFetchException.of(Reason.CONNECT_FAILED, "refused");
            });
    try (CouponPool pool = direct(fetcher, CouponType.BULK).fallbackCode("WELCOME10").build()) {
      CouponPool.Served served = pool.take();

      assertThat(served.code()).isEqualTo("WELCOME10");
      assertThat(served.fallback()).isTrue();
      assertThat(pool.stats().fallbacks()).isEqualTo(1);
      assertThat(pool.stats().taken()).isZero();
    }
  }

  @Test
  void take_noCouponInTime_timesOut() {
    CountDownLatch release = new CountDownLatch(1);
    FakeFetcher fetcher =
        new FakeFetcher(
            n -> {
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return FakeFetcher.codes(5).apply(n);
            });
    // One refill at a time, so that the first batch is the one served.
    try (CouponPool pool =
        CouponPool.builder(fetcher, config(CouponType.BULK)).maxRefillsInFlight(1).build()) {
      assertThatThrownBy(() -> pool.take(Duration.ofMillis(50)))
          .isInstanceOfSatisfying(
              CouponFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));

      release.countDown();

      assertThat(pool.take(Duration.ofSeconds(10)).code()).isEqualTo("1-0");
    } finally {
      release.countDown();
    }
  }

  @Test
  void take_sameIdempotencyKey_returnsSameCoupon() {
    FakeFetcher fetcher = new FakeFetcher(FakeFetcher.codes(10));
    try (CouponPool pool = direct(fetcher, CouponType.BULK).lowWatermark(1).build()) {
      String first = pool.take("visitor-1", Duration.ofSeconds(1)).code();

      assertThat(pool.take("visitor-1", Duration.ofSeconds(1)).code()).isEqualTo(first);
      assertThat(pool.take("visitor-2", Duration.ofSeconds(1)).code()).isNotEqualTo(first);
      assertThat(pool.stats().stock()).isEqualTo(8);
    }
  }

  @Test
  void take_stockFallsToThreshold_lowStockListenerFiresOnce() {
    FakeFetcher fetcher = new FakeFetcher(FakeFetcher.codes(10));
    List<CouponPool.Stats> alerts = new ArrayList<>();
    try (CouponPool pool =
        direct(fetcher, CouponType.BULK).lowWatermark(1).lowStockListener(3, alerts::add).build()) {
      for (int i = 0; i < 6; i++) {
        pool.take();
      }
      assertThat(alerts).isEmpty();

      pool.take();
      pool.take();

      assertThat(alerts).singleElement().satisfies(s -> assertThat(s.stock()).isEqualTo(3));
    }
  }

  @Test
  void take_closedPool_throws() {
    CouponPool pool = direct(new FakeFetcher(FakeFetcher.codes(3)), CouponType.BULK).build();
    pool.close();

    assertThatThrownBy(pool::take).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void inMemoryStore_codeAlreadyHeld_notAddedAgainEvenAfterClaim() {
    CouponStore store = CouponStores.inMemory();
    assertThat(store.add("p", List.of(Coupon.of("X"), Coupon.of("Y")))).isEqualTo(2);
    assertThat(store.claim("p", null, T0, c -> {})).contains(Coupon.of("X"));

    assertThat(store.add("p", List.of(Coupon.of("X"), Coupon.of("Y"), Coupon.of("Z"))))
        .isEqualTo(1);
    assertThat(store.available("p")).isEqualTo(2);
    assertThat(store.available("other")).isZero();
  }

  @Test
  void inMemoryStore_remembersTheLastHandedOutOnly_memoryStaysBounded() {
    CouponStore store = new InMemoryCouponStore(2);
    store.add("p", List.of(Coupon.of("A"), Coupon.of("B"), Coupon.of("C")));
    assertThat(store.claim("p", "visitor-a", T0, c -> {})).contains(Coupon.of("A"));
    assertThat(store.claim("p", null, T0, c -> {})).contains(Coupon.of("B"));
    assertThat(store.claim("p", null, T0, c -> {})).contains(Coupon.of("C"));

    // A is the oldest beyond the last two: forgotten, with its idempotency key.
    assertThat(store.add("p", List.of(Coupon.of("A"), Coupon.of("B"), Coupon.of("C"))))
        .isEqualTo(1);
    assertThat(store.claim("p", "visitor-a", T0, c -> {})).contains(Coupon.of("A"));
    assertThat(store.available("p")).isZero();
  }

  @Test
  void take_sixteenThreads_eachCouponOnce() throws Exception {
    FakeFetcher fetcher = new FakeFetcher(FakeFetcher.codes(100));
    AtomicInteger failures = new AtomicInteger();
    java.util.Set<String> codes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (CouponPool pool =
        CouponPool.builder(fetcher, config(CouponType.BULK)).lowWatermark(200).build()) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    try {
                      if (!codes.add(pool.take(Duration.ofSeconds(10)).code())) {
                        failures.incrementAndGet();
                      }
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                    }
                  }
                });
        th.start();
        threads.add(th);
      }
      for (Thread t : threads) {
        t.join(60_000);
      }
      await(() -> pool.stats().refills() * 100 == pool.stats().fetched());
      CouponPool.Stats s = pool.stats();
      assertThat(failures).hasValue(0);
      assertThat(codes).hasSize(8_000);
      assertThat(s.fetched()).isEqualTo(s.taken() + s.stock() + s.skipped() + s.duplicates());
    }
  }

  /** Polls {@code condition} until it holds, failing after 10 s. */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
