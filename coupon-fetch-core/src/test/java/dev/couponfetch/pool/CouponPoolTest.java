package dev.couponfetch.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import dev.couponfetch.testing.CapturedLogs;
import dev.couponfetch.testing.MutableClock;
import dev.couponfetch.testing.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CouponPoolTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

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

  @Test
  void close_refillInFlight_waitsUntilItsCouponsAreStored() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    FakeFetcher fetcher =
        new FakeFetcher(
            n -> {
              called.countDown();
              await(answer);
              return FakeFetcher.codes(5).apply(n);
            });
    CouponStore store = CouponStores.inMemory();
    CouponPool pool =
        CouponPool.builder(fetcher, config(CouponType.BULK)).store(store).lowWatermark(1).build();
    await(called);
    Thread closer = new Thread(pool::close, "closer");
    closer.start();
    await(
        () -> closer.getState() != Thread.State.RUNNABLE && closer.getState() != Thread.State.NEW);
    assertThat(closer.isAlive()).as("close returned with a refill in flight").isTrue();

    answer.countDown();
    closer.join(10_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(store.available("promo")).isEqualTo(5); // stored before close returned
  }

  @Test
  void close_storeFailsOnceWhileClosing_triedAgainAfterAPauseAndStored() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    FakeFetcher fetcher =
        new FakeFetcher(
            n -> {
              called.countDown();
              await(answer);
              return FakeFetcher.codes(5).apply(n);
            });
    FlakyStore store = new FlakyStore(1, new IllegalStateException("database restarting"));
    CouponPool pool =
        CouponPool.builder(fetcher, config(CouponType.BULK)).store(store).lowWatermark(1).build();
    await(called);
    Thread closer = new Thread(pool::close, "closer");
    closer.start();
    await(
        () -> closer.getState() != Thread.State.RUNNABLE && closer.getState() != Thread.State.NEW);

    long start = System.nanoTime();
    answer.countDown();
    closer.join(10_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(store.adds).hasValue(2);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(500_000_000L);
    assertThat(store.available("promo")).isEqualTo(5);
  }

  @Test
  void refill_storeDeniedPermanently_notTriedAgain() {
    FlakyStore store =
        new FlakyStore(
            5,
            new IllegalStateException(
                "JDBC coupon store: adding coupons failed",
                new java.sql.SQLException("permission denied", "42501")));
    try (CouponPool pool =
        direct(new FakeFetcher(FakeFetcher.codes(3)), CouponType.BULK).store(store).build()) {
      assertThat(store.adds).hasValue(1);
      assertThat(pool.stats().failures()).isEqualTo(1);
      assertThatThrownBy(pool::take)
          .isInstanceOfSatisfying(
              CouponFetchException.class,
              e -> assertThat(e.getMessage()).contains("adding coupons failed"));
    }
  }

  @Test
  void close_negativeTimeout_refusedNamingIt() {
    try (CouponPool pool = direct(new FakeFetcher(FakeFetcher.codes(3)), CouponType.BULK).build()) {
      assertThatThrownBy(() -> pool.close(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout is negative: PT-1S");
      assertThatThrownBy(() -> pool.close(null)).hasMessage("timeout == null");
      assertThat(pool.close(Duration.ZERO)).isTrue();
    }
  }

  @Test
  void take_executorRefusesRefills_failsFastInsteadOfSpinning() {
    FakeFetcher fetcher = new FakeFetcher(FakeFetcher.codes(3));
    try (CouponPool pool =
        CouponPool.builder(fetcher, config(CouponType.BULK))
            .executor(
                r -> {
                  throw new java.util.concurrent.RejectedExecutionException("queue full");
                })
            .build()) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () ->
              assertThatThrownBy(() -> pool.take(Duration.ofMillis(100)))
                  .isInstanceOf(CouponFetchException.class)
                  .hasMessageContaining("refused a refill"));
      assertThat(fetcher.calls).hasValue(0);
    }
  }

  @Test
  void refill_endpointRepeatsStoredCodes_backsOffInsteadOfCallingAgainAtOnce() {
    FakeFetcher fetcher = new FakeFetcher(n -> List.of(Coupon.of("A"), Coupon.of("B")));
    try (CouponPool pool = direct(fetcher, CouponType.BULK).lowWatermark(5).build()) {
      assertThat(fetcher.calls).hasValue(2); // the second brought nothing new
      assertThat(pool.stats().lastFailure()).contains(Reason.NO_COUPONS);
      assertThat(pool.take().code()).isEqualTo("A");
      assertThat(pool.take().code()).isEqualTo("B");

      assertThatThrownBy(pool::take)
          .isInstanceOfSatisfying(
              CouponFetchException.class,
              e -> assertThat(e.getMessage()).contains("brought no new coupon"));
      assertThat(fetcher.calls).hasValue(2);
    }
  }

  @Test
  void take_failuresInARow_backoffDoublesUpToTheMaximum() {
    FakeFetcher fetcher = FakeFetcher.failing();
    try (CouponPool pool =
        direct(fetcher, CouponType.BULK)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .build()) {
      // After failure k the next call waits 1, 2, 4, 5, 5 seconds.
      for (long wait : new long[] {1, 2, 4, 5, 5}) {
        int calls = fetcher.calls.get();
        clock.advance(Duration.ofSeconds(wait).minusNanos(1));
        assertThatThrownBy(pool::take).isInstanceOf(CouponFetchException.class);
        assertThat(fetcher.calls).as("still backing off %s s", wait).hasValue(calls);

        clock.advance(Duration.ofNanos(1));
        assertThatThrownBy(pool::take).isInstanceOf(CouponFetchException.class);
        assertThat(fetcher.calls).as("after %s s", wait).hasValue(calls + 1);
      }
      assertThat(pool.stats().failures()).isEqualTo(6);
    }
  }

  @Test
  void take_backoffEqualToItsMaximum_notDoubled() {
    FakeFetcher fetcher = FakeFetcher.failing();
    try (CouponPool pool =
        direct(fetcher, CouponType.BULK)
            .backoff(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .build()) {
      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(pool::take).isInstanceOf(CouponFetchException.class);
      assertThat(fetcher.calls).hasValue(2);

      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(pool::take).isInstanceOf(CouponFetchException.class);
      assertThat(fetcher.calls).hasValue(3);
    }
  }

  @Test
  void take_stockRisesAboveThresholdAgain_listenerFiresAgain() {
    // Calls bring 4, 3, 4 codes; the listener watches stock <= 3.
    FakeFetcher fetcher = new FakeFetcher(n -> FakeFetcher.codes(n == 2 ? 3 : 4).apply(n));
    List<CouponPool.Stats> alerts = new ArrayList<>();
    try (CouponPool pool =
        direct(fetcher, CouponType.BULK).lowWatermark(1).lowStockListener(3, alerts::add).build()) {
      pool.take(); // stock 3
      assertThat(alerts).hasSize(1);
      for (int i = 0; i < 4; i++) {
        pool.take(); // 2, 1, 0 and a refill to 3: never above the threshold
      }
      assertThat(fetcher.calls).hasValue(2);
      assertThat(alerts).hasSize(1);

      pool.take(); // 1
      pool.take(); // 0, refilled to 4: above the threshold again
      pool.take(); // 3
      assertThat(fetcher.calls).hasValue(3);
      assertThat(alerts).hasSize(2);
    }
  }

  @Test
  void inMemoryStore_rememberingNothing_acceptsAClaimedCodeAgain() {
    CouponStore store = new InMemoryCouponStore(0);
    store.add("p", List.of(Coupon.of("A")));
    assertThat(store.claim("p", null, T0, c -> {})).contains(Coupon.of("A"));

    assertThat(store.add("p", List.of(Coupon.of("A")))).isEqualTo(1);
    assertThatThrownBy(() -> new InMemoryCouponStore(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("remembered < 0: -1");
  }

  @Test
  void inMemoryStore_expiredCodeDropped_rememberedAndNotStoredAgain() {
    CouponStore store = CouponStores.inMemory();
    store.add("p", List.of(new Coupon("OLD", T0), Coupon.of("NEW")));
    List<Coupon> dropped = new ArrayList<>();

    assertThat(store.claim("p", null, T0, dropped::add)).contains(Coupon.of("NEW"));
    assertThat(dropped).containsExactly(new Coupon("OLD", T0));
    assertThat(store.add("p", List.of(new Coupon("OLD", T0.plusSeconds(60))))).isZero();
  }

  @Test
  void inMemoryStore_droppedCodeCountsAmongTheRemembered_forgottenLikeAClaimedOne() {
    CouponStore store = new InMemoryCouponStore(1);
    store.add("p", List.of(new Coupon("OLD", T0), Coupon.of("NEW")));
    assertThat(store.claim("p", null, T0, c -> {})).contains(Coupon.of("NEW"));

    // OLD (dropped) then NEW (claimed) left the shelf; only the last one is remembered.
    assertThat(store.add("p", List.of(Coupon.of("OLD")))).isEqualTo(1);
    assertThat(store.add("p", List.of(Coupon.of("NEW")))).isZero();
  }

  /** An in-memory store whose first {@code failures} adds throw {@code failure}. */
  static final class FlakyStore implements CouponStore {
    final CouponStore delegate = CouponStores.inMemory();
    final AtomicInteger adds = new AtomicInteger();
    private final int failures;
    private final RuntimeException failure;

    FlakyStore(int failures, RuntimeException failure) {
      this.failures = failures;
      this.failure = failure;
    }

    @Override
    public int add(String poolKey, List<Coupon> coupons) {
      if (adds.incrementAndGet() <= failures) {
        throw failure;
      }
      return delegate.add(poolKey, coupons);
    }

    @Override
    public java.util.Optional<Coupon> claim(
        String poolKey,
        String idempotencyKey,
        Instant expiringBefore,
        java.util.function.Consumer<Coupon> discarded) {
      return delegate.claim(poolKey, idempotencyKey, expiringBefore, discarded);
    }

    @Override
    public int available(String poolKey) {
      return delegate.available(poolKey);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls {@code condition} until it holds, failing after 10 s. */
  static void await(BooleanSupplier condition) {
    Polling.await(condition, Duration.ofSeconds(10));
  }
}
