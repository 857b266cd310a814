package dev.couponfetch.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import dev.couponfetch.testing.CapturedLogs;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Storing what a refill fetched: retried while the failure may pass, never beyond that. */
class RefillingPoolStoreTest {
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();
  private final GatedFetcher fetcher = GatedFetcher.answering(GatedFetcher.codes(5));
  private final TestStore store = new TestStore();
  private final Settings settings = new Settings(fetcher);

  {
    settings.store = store;
  }

  private RefillingPool pool() {
    return new RefillingPool(settings.build(), pauses::add);
  }

  @Test
  void add_failsOnce_storedAfterAHalfSecondPause() {
    store.failNextAdds(1);

    RefillingPool pool = pool();

    assertThat(store.adds).hasValue(2);
    assertThat(pauses).containsExactly(Duration.ofMillis(500));
    assertThat(pool.stats().stock()).isEqualTo(5);
    assertThat(pool.stats().refills()).isEqualTo(1);
    assertThat(pool.stats().failures()).isZero();
  }

  @Test
  void add_databaseOutOfReach_triedAgain() {
    store.failure =
        new IllegalStateException(
            "JDBC coupon store: adding coupons failed",
            new SQLTransientConnectionException("pool timed out", "08001"));
    store.failNextAdds(2);

    RefillingPool pool = pool();

    assertThat(store.adds).hasValue(3);
    assertThat(pool.stats().stock()).isEqualTo(5);
  }

  @Test
  void add_closedConnectionPoolWithoutSqlState_triedAgain() {
    store.failure =
        new IllegalStateException(
            "JDBC coupon store: adding coupons failed",
            new SQLException("HikariDataSource (h2) has been closed."));
    store.failNextAdds(1);

    assertThat(pool().stats().stock()).isEqualTo(5);
    assertThat(store.adds).hasValue(2);
  }

  @Test
  void add_failsEveryAttempt_threeAttemptsThenTheRefillFails() {
    store.failNextAdds(100);

    RefillingPool pool = pool();

    assertThat(store.adds).hasValue(3);
    assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(pool.stats().failures()).isEqualTo(1);
    assertThat(pool.stats().fetched()).isEqualTo(5);
    assertThat(pool.stats().stock()).isZero();
    assertThatThrownBy(() -> pool.take(null, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            CouponFetchException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ENDPOINT_ERROR);
              assertThat(e.getMessage())
                  .contains("the coupon store failed to take 5 fetched coupons")
                  .contains("database restarting");
            });
  }

  @Test
  void add_permanentDatabaseError_notTriedAgain() {
    store.failure =
        new IllegalStateException(
            "JDBC coupon store: adding coupons failed",
            new SQLException("permission denied for table coupon_fetch_coupon", "42501"));
    store.failNextAdds(1);

    RefillingPool pool = pool();

    assertThat(store.adds).hasValue(1);
    assertThat(pauses).isEmpty();
    assertThat(pool.stats().failures()).isEqualTo(1);
  }

  @Test
  void add_interruptedWhilePausing_givesUpAndKeepsTheInterrupt() {
    store.failNextAdds(1);
    RefillingPool.Pause interrupted =
        d -> {
          throw new InterruptedException();
        };

    RefillingPool pool = new RefillingPool(settings.build(), interrupted);

    assertThat(Thread.interrupted()).isTrue(); // the refill ran on this thread
    assertThat(store.adds).hasValue(1);
    assertThat(pool.stats().failures()).isEqualTo(1);
  }

  @Test
  void refill_expiringWithinMargin_skippedNotStored() {
    fetcher.answer =
        n ->
            List.of(
                new Coupon("SOON", Settings.T0.plusSeconds(60)),
                new Coupon("AT-LIMIT", Settings.T0.plusSeconds(3600)),
                new Coupon("LATER", Settings.T0.plusSeconds(3601)),
                Coupon.of("NEVER"));
    settings.expiryMargin = Duration.ofHours(1);

    RefillingPool pool = pool();

    assertThat(pool.stats().skipped()).isEqualTo(2);
    assertThat(pool.stats().stock()).isEqualTo(2);
    assertThat(pool.take(null, Duration.ZERO).code()).isEqualTo("LATER");
  }

  @Test
  void refill_someCodesAlreadyStored_countedAsDuplicates() {
    fetcher.answer = n -> List.of(Coupon.of("A"), Coupon.of("B" + n));
    settings.lowWatermark = 3;

    RefillingPool pool = pool();

    // A, B1; then A again and B2: one duplicate, stock 3 reached.
    assertThat(fetcher.calls).hasValue(2);
    assertThat(pool.stats().duplicates()).isEqualTo(1);
    assertThat(pool.stats().stock()).isEqualTo(3);
    assertThat(pool.stats().fetched()).isEqualTo(4);
  }

  @Test
  void storePause_halfASecondThenOne() {
    assertThat(RefillingPool.storePause(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(RefillingPool.storePause(2)).isEqualTo(Duration.ofSeconds(1));
  }
}
