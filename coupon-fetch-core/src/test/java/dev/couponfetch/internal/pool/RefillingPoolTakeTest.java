package dev.couponfetch.internal.pool;

import static dev.couponfetch.internal.pool.RefillingPoolCloseTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.Reason;
import dev.couponfetch.internal.pool.RefillingPoolCloseTest.Running;
import dev.couponfetch.testing.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Taking: when the store is counted, when a take waits, wakes or gives up. */
class RefillingPoolTakeTest {
  private final TestStore store = new TestStore();
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  private Settings settings(GatedFetcher fetcher) {
    Settings s = new Settings(fetcher);
    s.store = store;
    return s;
  }

  private static RefillingPool pool(Settings s) {
    return new RefillingPool(s.build(), d -> {});
  }

  private static void take(RefillingPool pool, int n) {
    for (int i = 0; i < n; i++) {
      pool.take(null, Duration.ZERO);
    }
  }

  @Test
  void take_plentyOfStock_countsTheStoreEverySixteenthTake() {
    Settings s = settings(GatedFetcher.answering(GatedFetcher.codes(100)));
    s.lowWatermark = 10;
    RefillingPool pool = pool(s);
    int counted = store.counts.get();

    take(pool, 15);
    assertThat(store.counts.get() - counted).isZero();
    take(pool, 1);
    assertThat(store.counts.get() - counted).isEqualTo(1);
    take(pool, 15);
    assertThat(store.counts.get() - counted).isEqualTo(1);
    take(pool, 1);
    assertThat(store.counts.get() - counted).isEqualTo(2);
  }

  @Test
  void take_stockNearTheWatermark_countsEveryTake() {
    Settings s = settings(GatedFetcher.answering(GatedFetcher.codes(20)));
    s.lowWatermark = 10;
    RefillingPool pool = pool(s);
    int counted = store.counts.get();

    take(pool, 9); // stock 11: above the watermark, not counted
    assertThat(store.counts.get() - counted).isZero();
    take(pool, 1); // stock 10
    assertThat(store.counts.get() - counted).isEqualTo(1);
    take(pool, 1); // stock 9: counted, and the refill it starts counts after storing
    assertThat(store.counts.get() - counted).isEqualTo(3);
    assertThat(pool.stats().stock()).isEqualTo(29);
  }

  @Test
  void take_executorRefusesRefills_failsFastAndBacksOff() {
    GatedFetcher fetcher = GatedFetcher.answering(GatedFetcher.codes(3));
    Settings s = settings(fetcher);
    s.executor =
        r -> {
          throw new RejectedExecutionException("queue full");
        };
    RefillingPool pool = pool(s);

    assertThatThrownBy(() -> pool.take(null, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            CouponFetchException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_ERROR);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("its executor refused a refill");
            });
    assertThat(pool.stats().failures()).isEqualTo(1);
    assertThat(fetcher.calls).hasValue(0);
  }

  @Test
  void take_refillsInFlightAtTheLimit_noMoreStartedAndTheTakeTimesOut() {
    List<Runnable> queued = new ArrayList<>();
    Settings s = settings(GatedFetcher.answering(GatedFetcher.codes(3)));
    s.executor = queued::add;
    RefillingPool pool = pool(s);
    assertThat(queued).hasSize(1);

    assertThatThrownBy(() -> pool.take(null, Duration.ZERO))
        .isInstanceOfSatisfying(
            CouponFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    assertThat(queued).hasSize(1);

    queued.remove(0).run();
    assertThat(pool.take(null, Duration.ZERO).code()).isEqualTo("1-0");
  }

  @Test
  void take_closedWhileLooking_throwsClosedNotAFailure() {
    GatedFetcher fetcher =
        GatedFetcher.answering(
            n -> {
              throw CouponFetchException.of(Reason.SERVER_ERROR, "HTTP 503");
            });
    RefillingPool pool = pool(settings(fetcher));
    store.beforeClaim = () -> pool.close(Duration.ZERO);

    assertThatThrownBy(() -> pool.take(null, Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("coupon pool 'promo' is closed");
  }

  @Test
  void take_waiting_wakesWhenTheFirstCallOfASingleRefillIsStored() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(1));
    Settings s = settings(fetcher);
    s.type = CouponType.SINGLE;
    s.singleCallsPerRefill = 2;
    s.executor = null;
    RefillingPool pool = pool(s);
    fetcher.awaitCall();
    Running<String> taker = start(() -> pool.take(null, Duration.ofMinutes(1)).code());
    taker.awaitWaiting();

    fetcher.open(1);

    assertThat(taker.get()).isEqualTo("1-0"); // while the second call still waits
    fetcher.open(1);
    assertThat(pool.close(Duration.ofMinutes(1)).clean()).isTrue();
  }

  @Test
  void take_waiting_failsFastWhenTheRefillFails() throws Exception {
    GatedFetcher fetcher =
        GatedFetcher.gated(
            n -> {
              throw CouponFetchException.of(Reason.UNAUTHORIZED, "HTTP 401");
            });
    Settings s = settings(fetcher);
    s.executor = null;
    RefillingPool pool = pool(s);
    fetcher.awaitCall();
    Running<String> taker = start(() -> pool.take(null, Duration.ofMinutes(1)).code());
    taker.awaitWaiting();

    fetcher.open(1);

    assertThatThrownBy(taker::get)
        .hasCauseInstanceOf(CouponFetchException.class)
        .hasMessageContaining("is empty and its endpoint is failing: HTTP 401");
    pool.close();
  }

  @Test
  void take_interruptedWhileWaiting_timeoutReasonAndTheInterruptKept() throws Exception {
    Settings s = settings(GatedFetcher.answering(GatedFetcher.codes(3)));
    s.executor = r -> {}; // the refill never runs
    RefillingPool pool = pool(s);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicReference<CouponFetchException> failure = new AtomicReference<>();
    Running<Object> taker =
        start(
            () -> {
              try {
                return pool.take(null, Duration.ofMinutes(1));
              } catch (CouponFetchException e) {
                failure.set(e);
                interrupted.set(Thread.currentThread().isInterrupted());
                return null;
              }
            });
    taker.awaitWaiting();

    taker.thread.interrupt();

    taker.get();
    assertThat(failure.get().reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failure.get()).hasMessage("interrupted waiting for a coupon");
    assertThat(interrupted).isTrue();
  }
}
