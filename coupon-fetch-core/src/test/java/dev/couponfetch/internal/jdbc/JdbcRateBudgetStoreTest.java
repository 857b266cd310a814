package dev.couponfetch.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.RateBudgetStore;
import dev.couponfetch.RateBudgetStores;
import dev.couponfetch.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The shared fixed-window budget on H2 and (when reachable) PostgreSQL. */
class JdbcRateBudgetStoreTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  /** 2027-01-01T00:00:00Z, a whole second. */
  private static final long T0 = 1_798_761_600_000L;

  @RegisterExtension final TestDatabases databases = new TestDatabases();
  private final String key = "budget-" + UUID.randomUUID();
  private final ManualClock clock = new ManualClock(T0);

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_withinLimit_granted_thenWaitPointsAtNextWindow(String database) {
    RateBudgetStore store = new JdbcRateBudgetStore(databases.open(database), clock);
    clock.set(T0 + 300);

    assertThat(store.take(key, 2, SECOND)).isZero();
    assertThat(store.take(key, 2, SECOND)).isZero();
    assertThat(store.take(key, 2, SECOND)).isEqualTo(Duration.ofMillis(700));
    clock.set(T0 + 999);
    assertThat(store.take(key, 2, SECOND)).isEqualTo(Duration.ofMillis(1));

    clock.set(T0 + 1_000);
    assertThat(store.take(key, 2, SECOND)).isZero();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_windowsStartAtMultiplesOfTheirLength(String database) {
    RateBudgetStore store = new JdbcRateBudgetStore(databases.open(database), clock);
    Duration window = Duration.ofMillis(2_500);
    clock.set(T0 + 4_000); // T0 is a multiple of 2.5 s: this window runs 2.5 s to 5 s after it

    assertThat(store.take(key, 1, window)).isZero();
    assertThat(store.take(key, 1, window)).isEqualTo(Duration.ofMillis(1_000));
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_separateKeys_independent(String database) {
    RateBudgetStore store = new JdbcRateBudgetStore(databases.open(database), clock);

    assertThat(store.take(key, 1, SECOND)).isZero();
    assertThat(store.take(key + "-other", 1, SECOND)).isZero();
    assertThat(store.take(key, 1, SECOND)).isPositive();
    assertThat(store.take(key + "-other", 1, SECOND)).isPositive();
    assertThat(store.take(key + "-third", 3, SECOND)).isZero();
  }

  /** 4 nodes (stores) × 4 threads on one key: exactly the limit is granted in each window. */
  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_fourNodesFourThreadsEach_exactlyLimitPerWindow(String database) throws Exception {
    DataSource ds = databases.open(database);
    List<RateBudgetStore> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(new JdbcRateBudgetStore(ds, clock));
    }
    Random random = new Random(1616);
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 3; round++) {
        int limit = 1 + random.nextInt(40);
        int perThread = 1 + (limit + random.nextInt(20)) / 8; // 16 threads: about twice the limit
        clock.set(T0 + round * 1_000L + random.nextInt(1_000));
        CyclicBarrier start = new CyclicBarrier(16);
        List<Future<Integer>> granted = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          RateBudgetStore node = nodes.get(t % 4);
          granted.add(
              threads.submit(
                  () -> {
                    start.await(30, TimeUnit.SECONDS);
                    int n = 0;
                    for (int i = 0; i < perThread; i++) {
                      n += node.take(key, limit, SECOND).isZero() ? 1 : 0;
                    }
                    return n;
                  }));
        }
        int total = 0;
        for (Future<Integer> f : granted) {
          total += f.get(60, TimeUnit.SECONDS);
        }
        assertThat(16 * perThread).isGreaterThan(limit);
        assertThat(total).as("round %d, limit %d", round, limit).isEqualTo(limit);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_newWindow_deletesTheBudgetsOlderWindows(String database) throws SQLException {
    DataSource ds = databases.open(database);
    RateBudgetStore store = new JdbcRateBudgetStore(ds, clock);
    store.take(key, 5, SECOND);
    store.take(key + "-idle", 5, SECOND);
    clock.set(T0 + 1_000);
    store.take(key, 5, SECOND);
    store.take(key, 5, SECOND);

    assertThat(windows(ds, key)).containsExactly(T0 + 1_000);
    assertThat(windows(ds, key + "-idle")).containsExactly(T0);
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_everyThousandth_deletesEveryBudgetsWindowsOlderThanAMinute(String database)
      throws SQLException {
    DataSource ds = databases.open(database);
    RateBudgetStore store = new JdbcRateBudgetStore(ds, clock);
    store.take(key + "-idle", 5, SECOND);
    store.take(key + "-recent", 5, SECOND);
    clock.set(T0 + 61_000);
    store.take(key + "-recent", 5, SECOND);
    for (int i = 3; i < 1_000; i++) {
      store.take(key, 10_000, SECOND);
      assertThat(windows(ds, key + "-idle")).hasSize(i < 999 ? 1 : 0);
    }

    assertThat(windows(ds, key + "-idle")).isEmpty();
    assertThat(windows(ds, key)).containsExactly(T0 + 61_000);
  }

  @Test
  void take_badArguments_rejected() {
    RateBudgetStore store = RateBudgetStores.jdbc(databases.open("h2"));

    assertThatThrownBy(() -> store.take(key, 0, SECOND)).hasMessageContaining("limit");
    assertThatThrownBy(() -> store.take(key, 1, Duration.ZERO)).hasMessageContaining("window");
    assertThatThrownBy(() -> store.take(null, 1, SECOND)).hasMessage("key == null");
  }

  @Test
  void take_databaseGone_illegalStateNamingTheStore() {
    HikariDataSource ds = databases.open("h2");
    RateBudgetStore store = RateBudgetStores.jdbc(ds);
    ds.close();

    assertThatThrownBy(() -> store.take(key, 1, SECOND))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("JDBC rate budget store: taking from a rate budget failed");
  }

  private static List<Long> windows(DataSource ds, String key) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT window_start FROM coupon_fetch_rate_budget WHERE budget_key = ?"
                    + " ORDER BY window_start")) {
      ps.setString(1, key);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    }
  }

  /** A clock the test sets. */
  private static final class ManualClock extends Clock {
    private final AtomicLong millis;

    ManualClock(long millis) {
      this.millis = new AtomicLong(millis);
    }

    void set(long millis) {
      this.millis.set(millis);
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
