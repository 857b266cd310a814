package dev.couponfetch.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponType;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.testing.CapturedLogs;
import dev.couponfetch.testing.Polling;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a close waits for, what it reports, and what it stops. */
class RefillingPoolCloseTest {
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  /** A pool refilling on its own executor, as built by default. */
  private RefillingPool pool(Settings settings) {
    settings.executor = null;
    return new RefillingPool(settings.build(), pauses::add);
  }

  /** A pool whose first call fetched 3 codes and is now held inside {@code store}'s add. */
  private RefillingPool storingThreeCodes(TestStore store) throws InterruptedException {
    store.holdAdds();
    Settings settings = new Settings(GatedFetcher.answering(GatedFetcher.codes(3)));
    settings.store = store;
    RefillingPool pool = pool(settings);
    store.awaitAdd();
    return pool;
  }

  @Test
  void close_callWaitingOnEndpoint_waitsUntilItsCouponsAreStored() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(5));
    Settings settings = new Settings(fetcher);
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();
    assertThat(pool.stats().refills()).isZero();

    Running<RefillingPool.Shutdown> closing = start(() -> pool.close(Duration.ofMinutes(1)));
    closing.awaitWaiting();
    assertThat(closing.isDone()).isFalse();
    fetcher.open(1);

    assertThat(closing.get()).isEqualTo(new RefillingPool.Shutdown(0, 0, 0, 0));
    assertThat(closing.get().clean()).isTrue();
    assertThat(settings.store.available("promo")).isEqualTo(5);
    assertThat(pool.stats().refills()).isEqualTo(1);
  }

  @Test
  void close_callStoringItsCoupons_waitsForTheStore() throws Exception {
    TestStore store = new TestStore();
    RefillingPool pool = storingThreeCodes(store);

    Running<RefillingPool.Shutdown> closing = start(() -> pool.close(Duration.ofMinutes(1)));
    closing.awaitWaiting();
    assertThat(closing.isDone()).isFalse();
    store.releaseAdds();

    assertThat(closing.get().clean()).isTrue();
    assertThat(store.available("promo")).isEqualTo(3);
  }

  @Test
  void close_singleRefillMidWay_stopsAfterTheCurrentCall() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(1));
    Settings settings = new Settings(fetcher);
    settings.type = CouponType.SINGLE;
    settings.singleCallsPerRefill = 5;
    RefillingPool pool = pool(settings);
    fetcher.open(1);
    fetcher.awaitCall();
    fetcher.awaitCall(); // the second call has begun; the first is stored

    Running<RefillingPool.Shutdown> closing = start(() -> pool.close(Duration.ofMinutes(1)));
    closing.awaitWaiting();
    fetcher.open(10);

    assertThat(closing.get().clean()).isTrue();
    assertThat(fetcher.calls).hasValue(2);
    assertThat(settings.store.available("promo")).isEqualTo(2);
  }

  @Test
  void close_timeRunsOutOnSingleCalls_reportsOneCouponAtRiskPerCall() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(1));
    Settings settings = new Settings(fetcher);
    settings.type = CouponType.SINGLE;
    settings.maxRefillsInFlight = 2;
    settings.lowWatermark = 5;
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();
    // A take finding nothing starts the second refill, then times out.
    assertThatThrownBy(() -> pool.take(null, Duration.ZERO)).hasMessageContaining("no coupon");
    fetcher.awaitCall();

    RefillingPool.Shutdown behind = pool.close(Duration.ZERO);

    assertThat(behind).isEqualTo(new RefillingPool.Shutdown(2, 2, 0, 2));
    assertThat(behind.clean()).isFalse();
    // Abandoned calls that still end while the store is open store their coupons.
    fetcher.open(2);
    await(() -> settings.store.available("promo") == 2);
    await(() -> pool.stats().refills() == 2);
    assertThat(fetcher.calls).hasValue(2);
  }

  @Test
  void close_timeRunsOutOnBulkCall_countsTheLargestBatchAtRisk() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(n -> GatedFetcher.codes(n == 1 ? 5 : 2).apply(n));
    Settings settings = new Settings(fetcher);
    settings.lowWatermark = 6;
    RefillingPool pool = pool(settings);
    fetcher.open(1);
    fetcher.awaitCall();
    fetcher.awaitCall(); // 5 stored, below the watermark: a second refill is waiting

    RefillingPool.Shutdown behind = pool.close(Duration.ZERO);

    assertThat(behind).isEqualTo(new RefillingPool.Shutdown(1, 1, 0, 5));
    fetcher.open(1);
    await(() -> settings.store.available("promo") == 7);
  }

  @Test
  void close_timeRunsOutOnTheFirstBulkCall_countsAtLeastOneCouponAtRisk() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(5));
    Settings settings = new Settings(fetcher);
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();

    assertThat(pool.close(Duration.ZERO)).isEqualTo(new RefillingPool.Shutdown(1, 1, 0, 1));
    fetcher.open(1);
    await(() -> settings.store.available("promo") == 5);
  }

  @Test
  void close_afterAFailedCall_reportsOnlyTheCallStillRunning() throws Exception {
    GatedFetcher fetcher =
        GatedFetcher.gated(
            n -> {
              if (n == 1) {
                throw CouponFetchException.of(Reason.SERVER_ERROR, "HTTP 503");
              }
              return GatedFetcher.codes(1).apply(n);
            });
    Settings settings = new Settings(fetcher);
    settings.type = CouponType.SINGLE;
    settings.initialBackoff = Duration.ZERO;
    settings.maxBackoff = Duration.ZERO;
    RefillingPool pool = pool(settings);
    fetcher.open(1);
    fetcher.awaitCall();
    await(() -> pool.stats().failures() == 1);
    // A take finding nothing starts the next refill, then times out.
    assertThatThrownBy(() -> pool.take(null, Duration.ZERO)).hasMessageContaining("no coupon");
    fetcher.awaitCall();

    assertThat(pool.close(Duration.ZERO)).isEqualTo(new RefillingPool.Shutdown(1, 1, 0, 1));
    fetcher.open(1);
    await(() -> settings.store.available("promo") == 1);
  }

  @Test
  void close_refillQueuedBeforeIt_runsNoCallAndCountsNothing() {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    GatedFetcher fetcher = GatedFetcher.answering(GatedFetcher.codes(3));
    Settings settings = new Settings(fetcher);
    settings.executor = queued::add;
    RefillingPool pool = new RefillingPool(settings.build(), pauses::add);

    assertThat(pool.close(Duration.ZERO).clean()).isTrue();
    queued.forEach(Runnable::run);

    assertThat(fetcher.calls).hasValue(0);
    CouponPool.Stats stats = pool.stats();
    assertThat(stats.refills()).isZero();
    assertThat(stats.failures()).isZero();
    assertThat(stats.lastFailure()).isEmpty();
  }

  @Test
  void close_timeRunsOutWhileStoring_reportsTheUnstoredCoupons() throws Exception {
    TestStore store = new TestStore();
    RefillingPool pool = storingThreeCodes(store);

    RefillingPool.Shutdown behind = pool.close(Duration.ZERO);

    assertThat(behind).isEqualTo(new RefillingPool.Shutdown(1, 0, 3, 3));
    store.releaseAdds();
    await(() -> pool.stats().refills() == 1);
    assertThat(store.available("promo")).isEqualTo(3);
  }

  @Test
  void close_afterItGaveUp_aFailingStoreIsNotTriedAgain() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(3));
    TestStore store = new TestStore().failNextAdds(5);
    Settings settings = new Settings(fetcher);
    settings.store = store;
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();
    assertThat(pool.close(Duration.ZERO).clean()).isFalse();

    fetcher.open(1);

    await(() -> pool.stats().failures() == 1);
    assertThat(store.adds).hasValue(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void close_storeFailingWhileClosing_triedAgainUntilStored() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(4));
    TestStore store = new TestStore().failNextAdds(2);
    Settings settings = new Settings(fetcher);
    settings.store = store;
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();
    Running<RefillingPool.Shutdown> closing = start(() -> pool.close(Duration.ofMinutes(1)));
    closing.awaitWaiting();

    fetcher.open(1);

    assertThat(closing.get().clean()).isTrue();
    assertThat(store.adds).hasValue(3);
    assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(store.available("promo")).isEqualTo(4);
  }

  @Test
  void close_wakesWaitingTakersAtOnce() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(3));
    Settings settings = new Settings(fetcher);
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();
    Running<Object> taker = start(() -> pool.take(null, Duration.ofMinutes(1)));
    taker.awaitWaiting();

    Running<RefillingPool.Shutdown> closing = start(() -> pool.close(Duration.ofMinutes(1)));

    assertThatThrownBy(taker::get)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("coupon pool 'promo' is closed");
    assertThat(closing.isDone()).isFalse();
    fetcher.open(1);
    assertThat(closing.get().clean()).isTrue();
  }

  @Test
  void close_interrupted_stopsWaitingKeepsTheInterruptAndReports() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(3));
    Settings settings = new Settings(fetcher);
    RefillingPool pool = pool(settings);
    fetcher.awaitCall();
    AtomicBoolean interrupted = new AtomicBoolean();
    Running<RefillingPool.Shutdown> closing =
        start(
            () -> {
              RefillingPool.Shutdown behind = pool.close(Duration.ofMinutes(1));
              interrupted.set(Thread.currentThread().isInterrupted());
              return behind;
            });
    closing.awaitWaiting();

    closing.thread.interrupt();

    assertThat(closing.get()).isEqualTo(new RefillingPool.Shutdown(1, 1, 0, 1));
    assertThat(interrupted).isTrue();
    fetcher.open(1);
    await(() -> settings.store.available("promo") == 3);
  }

  @Test
  void close_ownExecutor_itsDaemonThreadEnds() throws Exception {
    GatedFetcher fetcher = GatedFetcher.answering(GatedFetcher.codes(3));
    RefillingPool pool = pool(new Settings(fetcher));
    await(() -> pool.stats().refills() == 1);
    Thread refiller = fetcher.lastThread;
    assertThat(refiller.isDaemon()).isTrue();
    assertThat(refiller.getName()).isEqualTo("coupon-pool-refill");

    pool.close();

    refiller.join(10_000);
    assertThat(refiller.isAlive()).isFalse();
  }

  @Test
  void close_callerExecutorAndNothingInFlight_returnsClean() {
    Settings settings = new Settings(GatedFetcher.answering(GatedFetcher.codes(3)));
    RefillingPool pool = new RefillingPool(settings.build(), pauses::add);

    assertThat(pool.close(Duration.ofMinutes(1)).clean()).isTrue();
    pool.close(); // again: nothing to wait for
    assertThatThrownBy(() -> pool.take(null, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void defaultCloseWait_twiceTheFetchTimeoutsPlusFiveSeconds() {
    Settings settings = new Settings(GatedFetcher.answering(GatedFetcher.codes(3)));
    settings.timeouts = Timeouts.ofMillis(1_000, 2_000);
    RefillingPool pool = new RefillingPool(settings.build(), pauses::add);

    assertThat(pool.defaultCloseWait()).isEqualTo(Duration.ofSeconds(11));
  }

  /** Runs {@code work} on a thread of its own. */
  static <T> Running<T> start(Supplier<T> work) {
    Running<T> r = new Running<>(work);
    r.thread.start();
    return r;
  }

  /** A task on its own thread, whose waits the test can see. */
  static final class Running<T> {
    final FutureTask<T> task;
    final Thread thread;

    Running(Supplier<T> work) {
      this.task = new FutureTask<>(work::get);
      this.thread = new Thread(task, "test-worker");
      thread.setDaemon(true);
    }

    /** Waits until the thread waits (or has ended). */
    void awaitWaiting() {
      await(
          () ->
              thread.getState() == Thread.State.TIMED_WAITING
                  || thread.getState() == Thread.State.WAITING
                  || thread.getState() == Thread.State.TERMINATED);
    }

    boolean isDone() {
      return task.isDone();
    }

    T get() throws InterruptedException, ExecutionException {
      try {
        return task.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("not done within 10 s", e);
      }
    }
  }

  /** Polls {@code condition} until it holds, failing after 10 s. */
  static void await(BooleanSupplier condition) {
    Polling.await(condition, Duration.ofSeconds(10));
  }
}
