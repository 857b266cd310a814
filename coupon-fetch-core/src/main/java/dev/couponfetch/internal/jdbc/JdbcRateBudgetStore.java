package dev.couponfetch.internal.jdbc;

import dev.couponfetch.RateBudgetStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * {@link RateBudgetStore} in a PostgreSQL or H2 database, table {@code coupon_fetch_rate_budget}: a
 * fixed-window counter, one row per budget and window, so that every node sharing the database
 * takes from the same count.
 *
 * <p>A take is one statement, atomic on the row: PostgreSQL inserts the window's row or raises its
 * count while it is below the limit ({@code ON CONFLICT … DO UPDATE … WHERE used < limit RETURNING
 * used}); H2 does the same with {@code MERGE … WHEN MATCHED AND used < limit}. A row back means a
 * request was taken. When a take opens a window, the budget's older rows are deleted; every 1,000th
 * take also deletes every budget's rows older than a minute (or than the take's window, if longer),
 * which keeps the table at about one row per budget in use. Budgets with windows longer than a
 * minute should not share a database with budgets of shorter ones.
 *
 * <p>Windows are counted by this store's clock: the nodes' clocks must agree to well within a
 * window. Thread-safe.
 */
public final class JdbcRateBudgetStore implements RateBudgetStore {
  private static final long KEEP_MILLIS = 60_000;
  private static final int SWEEP_EVERY = 1_000;

  /** A lost race to insert a window's row (H2) is tried again this many times. */
  private static final int ATTEMPTS = 5;

  private static final String TAKE_POSTGRESQL =
      "INSERT INTO coupon_fetch_rate_budget (budget_key, window_start, used) VALUES (?, ?, 1)"
          + " ON CONFLICT (budget_key, window_start) DO UPDATE"
          + " SET used = coupon_fetch_rate_budget.used + 1"
          + " WHERE coupon_fetch_rate_budget.used < ? RETURNING used";

  private static final String TAKE_H2 =
      "SELECT used FROM FINAL TABLE (MERGE INTO coupon_fetch_rate_budget t"
          + " USING (VALUES (CAST(? AS VARCHAR(512)), CAST(? AS BIGINT)))"
          + " AS s(budget_key, window_start)"
          + " ON t.budget_key = s.budget_key AND t.window_start = s.window_start"
          + " WHEN MATCHED AND t.used < ? THEN UPDATE SET used = t.used + 1"
          + " WHEN NOT MATCHED THEN INSERT (budget_key, window_start, used)"
          + " VALUES (s.budget_key, s.window_start, 1))";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Clock clock;
  private final AtomicLong takes = new AtomicLong();

  /** A store on {@code dataSource}, creating its table when it is missing. */
  public JdbcRateBudgetStore(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  /** A store whose windows follow {@code clock} (tests). */
  JdbcRateBudgetStore(DataSource dataSource, Clock clock) {
    this.jdbc =
        new Jdbc(
            Objects.requireNonNull(dataSource, "dataSource == null"), "JDBC rate budget store");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.dialect = Schema.ensure(jdbc);
    Schema.ensureExtra(jdbc, dialect, "rate_budget");
  }

  @Override
  public Duration take(String key, int limit, Duration window) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(window, "window == null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    long length = window.toMillis();
    if (length < 1) {
      throw new IllegalArgumentException("window must be at least 1 ms: " + window);
    }
    long now = clock.millis();
    long start = now - Math.floorMod(now, length);
    boolean sweep = takes.incrementAndGet() % SWEEP_EVERY == 0;
    boolean taken =
        jdbc.call(
            "taking from a rate budget",
            c -> {
              boolean took = takeWithRetry(c, key, start, limit);
              if (sweep) {
                delete(c, null, now - Math.max(KEEP_MILLIS, length));
              }
              return took;
            });
    return taken ? Duration.ZERO : Duration.ofMillis(start + length - now);
  }

  private boolean takeWithRetry(Connection c, String key, long start, int limit)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return takeOnce(c, key, start, limit);
      } catch (SQLException e) {
        // H2: two nodes opening the same window race on its primary key; the loser counts again.
        if (attempt >= ATTEMPTS || !SqlFailures.isConflict(e.getSQLState())) {
          throw e;
        }
      }
    }
  }

  private boolean takeOnce(Connection c, String key, long start, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(dialect == Dialect.POSTGRESQL ? TAKE_POSTGRESQL : TAKE_H2)) {
      ps.setString(1, key);
      ps.setLong(2, start);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false; // the window's budget is spent
        }
        if (rs.getInt(1) == 1) {
          delete(c, key, start); // this take opened the window: the budget's older ones are done
        }
        return true;
      }
    }
  }

  /** Deletes the windows starting before {@code before}: of budget {@code key}, or of all. */
  private static void delete(Connection c, String key, long before) throws SQLException {
    String sql =
        "DELETE FROM coupon_fetch_rate_budget WHERE window_start < ?"
            + (key == null ? "" : " AND budget_key = ?");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, before);
      if (key != null) {
        ps.setString(2, key);
      }
      ps.executeUpdate();
    }
  }
}
