package dev.couponfetch.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponStores;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Exactly-once takes from the JDBC store on PostgreSQL: 4 {@link CouponPool}s, each with its own
 * store and connection pool as 4 application nodes would have, on one database, {@value #THREADS}
 * threads taking (a quarter on each pool) from a stock filled beforehand. Two cases: the 4 pools
 * share one pool key (4 nodes serving one config: the case exactly-once is for), and 4 pool keys.
 * The baseline, on the same database with the same threads, is a bare queue table emptied by {@code
 * DELETE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING code}.
 *
 * <p>Each case prints takes per second (the median of its slices) and checks that every coupon was
 * handed out once: as many distinct codes as takes, and as many rows claimed in the database.
 */
public final class JdbcPoolBench {
  /** Taking threads, spread evenly over the 4 pools. */
  static final int THREADS = 16;

  static final int POOLS = 4;

  /** The takes per second the JDBC store should reach (issue 16). */
  static final double TARGET = 2_000;

  private JdbcPoolBench() {}

  /** Where the database is; {@code url} null means none was given. */
  public record Database(String url, String user, String password) {
    /** From {@code COUPON_FETCH_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}, or a given URL. */
    public static Database of(String url) {
      String u = url != null ? url : System.getenv("COUPON_FETCH_TEST_PG_URL");
      return new Database(
          u == null || u.isBlank() ? null : u,
          System.getenv("COUPON_FETCH_TEST_PG_USER"),
          System.getenv("COUPON_FETCH_TEST_PG_PASSWORD"));
    }

    @Override
    public String toString() {
      return "Database[" + url + ", user=" + user + "]";
    }
  }

  /** One measured case. */
  private record Result(double median, List<Double> slices, long taken, long distinct, long rows) {
    boolean exactlyOnce() {
      return taken == distinct && (rows < 0 || rows == taken);
    }
  }

  /**
   * Runs the cases and prints their table; prints why and returns 0 when no database is given or it
   * cannot be reached.
   *
   * @return 0 when every case ran and handed every coupon out once, 1 otherwise
   */
  public static int run(PrintWriter out, boolean quick, Database db) {
    out.println("== JDBC pool on PostgreSQL: exactly-once takes, " + THREADS + " threads ==");
    String include = System.getProperty(MicroBench.INCLUDE);
    if (include != null
        && !include.isBlank()
        && !java.util.regex.Pattern.compile(include).matcher("JdbcPoolBench").find()) {
      out.println("skipped: -D" + MicroBench.INCLUDE + "=" + include + " leaves it out");
      out.flush();
      return 0;
    }
    if (db.url() == null) {
      out.println(
          "skipped: no database (set COUPON_FETCH_TEST_PG_URL/_USER/_PASSWORD, e.g. with"
              + " eval \"$(bash .ci/postgres)\", or pass --jdbc-url)");
      out.flush();
      return 0;
    }
    if (!db.url().startsWith("jdbc:postgresql:")) {
      out.println("skipped: not a PostgreSQL URL: " + db.url());
      out.flush();
      return 0;
    }
    try (HikariDataSource probe = dataSource(db, 2)) {
      try (Connection c = probe.getConnection()) {
        out.println("database: " + c.getMetaData().getDatabaseProductVersion());
      }
    } catch (RuntimeException | SQLException e) {
      out.println("skipped: cannot reach " + db.url() + ": " + e.getMessage());
      out.flush();
      return 0;
    }
    int slices = quick ? 3 : 5;
    long sliceMillis = quick ? 1_000 : 2_000;
    int stock = quick ? 50_000 : 200_000;
    out.printf(
        Locale.ROOT,
        "takes/s = median of %d slices of %d ms after a %d ms warmup; stock filled beforehand:"
            + " %,d coupons per case%n",
        slices,
        sliceMillis,
        sliceMillis,
        stock);
    out.flush();
    String header = "%-44s %12s  %-40s %s%n";
    out.printf(header, "case", "takes/s", "slices", "ratio / check");
    int status = 0;
    String run = Long.toString(System.currentTimeMillis(), 36);
    try {
      Result base = baseline(db, run, stock, slices, sliceMillis);
      out.printf(
          header,
          "DELETE ... SKIP LOCKED loop (baseline)",
          rate(base.median),
          slices(base.slices),
          check(base));
      out.flush();
      status |= base.exactlyOnce() ? 0 : 1;
      String[] cases = {"4 pools (4 nodes), one pool key", "4 pools, 4 pool keys"};
      for (int k = 0; k < cases.length; k++) {
        boolean shared = k == 0;
        Result r =
            pools(db, i -> "bench-" + run + (shared ? "" : "-" + i), stock, slices, sliceMillis);
        out.printf(
            header,
            cases[k],
            rate(r.median),
            slices(r.slices),
            String.format(
                    Locale.ROOT,
                    "%.2fx baseline (target >= %.0f/s: %s); ",
                    r.median / base.median,
                    TARGET,
                    r.median >= TARGET ? "met" : "MISSED")
                + check(r));
        out.flush();
        status |= r.exactlyOnce() ? 0 : 1;
      }
    } catch (RuntimeException | SQLException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      out.println("failed: " + e);
      status = 1;
    } finally {
      cleanUp(db, run);
    }
    out.flush();
    return status;
  }

  /** The bare loop: a queue table emptied one row per statement, in auto-commit. */
  private static Result baseline(Database db, String run, int stock, int slices, long sliceMillis)
      throws SQLException, InterruptedException {
    String table = "coupon_fetch_bench_" + run;
    try (HikariDataSource ds = dataSource(db, THREADS)) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, code TEXT NOT NULL)");
        s.execute(
            "INSERT INTO "
                + table
                + " (code) SELECT 'B-' || g FROM generate_series(1, "
                + stock
                + ") g");
        s.execute("ANALYZE " + table);
      }
      String sql =
          "DELETE FROM "
              + table
              + " WHERE id = (SELECT id FROM "
              + table
              + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING code";
      return measure(
          slices,
          sliceMillis,
          t -> {
            Connection c = ds.getConnection();
            PreparedStatement ps = c.prepareStatement(sql);
            return new Taker() {
              @Override
              public String take() throws SQLException {
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }

              @Override
              public void close() throws SQLException {
                ps.close();
                c.close();
              }
            };
          },
          -1);
    }
  }

  /** 4 pools, each on its own store and connection pool, over the given pool keys. */
  private static Result pools(
      Database db, IntFunction<String> poolKey, int stock, int slices, long sliceMillis)
      throws SQLException, InterruptedException {
    List<HikariDataSource> sources = new ArrayList<>();
    List<CouponPool> pools = new ArrayList<>();
    try {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < POOLS; i++) {
        keys.add(poolKey.apply(i));
      }
      // Filled before any pool exists, in one statement per key (the store creates the table).
      try (HikariDataSource filler = dataSource(db, 1)) {
        CouponStores.jdbc(filler);
        try (Connection c = filler.getConnection();
            PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO coupon_fetch_coupon (pool_key, code) SELECT ?, ? || g"
                        + " FROM generate_series(1, ?) g")) {
          for (String key : keys) {
            ps.setString(1, key);
            ps.setString(2, key + "-");
            ps.setInt(3, stock / keys.size());
            ps.executeUpdate();
          }
          try (Statement s = c.createStatement()) {
            s.execute("ANALYZE coupon_fetch_coupon");
          }
        }
      }
      for (int i = 0; i < POOLS; i++) {
        HikariDataSource ds = dataSource(db, THREADS / POOLS + 2);
        sources.add(ds);
        pools.add(
            CouponPool.builder(new BulkStub(1_000), ConcurrencyBench.bulkConfig())
                .store(CouponStores.jdbc(ds))
                .poolKey(poolKey.apply(i))
                .lowWatermark(1)
                .build());
      }
      Result r = measure(slices, sliceMillis, t -> () -> pools.get(t % POOLS).take().code(), 0);
      long rows = claimed(sources.get(0), keys);
      return new Result(r.median, r.slices, r.taken, r.distinct, rows);
    } finally {
      pools.forEach(CouponPool::close);
      sources.forEach(HikariDataSource::close);
    }
  }

  /** What one thread takes with. */
  private interface Taker extends AutoCloseable {
    String take() throws SQLException;

    @Override
    default void close() throws SQLException {}
  }

  private interface TakerFactory {
    Taker open(int thread) throws SQLException;
  }

  /** Runs {@link #THREADS} takers: a warmup slice, then {@code slices} measured ones. */
  private static Result measure(int slices, long sliceMillis, TakerFactory takers, long rows)
      throws InterruptedException {
    LongAdder count = new LongAdder();
    List<List<String>> codes = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    for (int t = 0; t < THREADS; t++) {
      List<String> mine = new ArrayList<>();
      codes.add(mine);
      int id = t;
      Thread th =
          new Thread(
              () -> {
                try (Taker taker = takers.open(id)) {
                  while (!stop.get()) {
                    String code = taker.take();
                    if (code == null) {
                      break;
                    }
                    mine.add(code);
                    count.increment();
                  }
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              "jdbc-bench-" + t);
      th.start();
      threads.add(th);
    }
    TimeUnit.MILLISECONDS.sleep(sliceMillis);
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      long before = count.sum();
      long t0 = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(sliceMillis);
      long n = count.sum() - before;
      rates.add(n * 1e9 / (System.nanoTime() - t0));
    }
    stop.set(true);
    for (Thread th : threads) {
      th.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a taker failed: " + failures.get(0), failures.get(0));
    }
    Set<String> distinct = new HashSet<>();
    long taken = 0;
    for (List<String> l : codes) {
      distinct.addAll(l);
      taken += l.size();
    }
    List<Double> sorted = new ArrayList<>(rates);
    sorted.sort(null);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Result(median, rates, taken, distinct.size(), rows);
  }

  /** Rows claimed in the database under {@code keys}. */
  private static long claimed(HikariDataSource ds, Set<String> keys) throws SQLException {
    long n = 0;
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM coupon_fetch_coupon WHERE pool_key = ? AND state = 'C'")) {
      for (String key : keys) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          n += rs.getLong(1);
        }
      }
    }
    return n;
  }

  /** Drops the baseline's table and deletes the pools' rows of this run. */
  private static void cleanUp(Database db, String run) {
    try (HikariDataSource ds = dataSource(db, 1);
        Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS coupon_fetch_bench_" + run);
      s.execute("DELETE FROM coupon_fetch_coupon WHERE pool_key LIKE 'bench-" + run + "%'");
    } catch (RuntimeException | SQLException e) {
      // The rows are the bench's own, under pool keys no one else uses.
    }
  }

  private static HikariDataSource dataSource(Database db, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.url());
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(size);
    c.setConnectionTimeout(5_000);
    c.setPoolName("jdbc-pool-bench");
    return new HikariDataSource(c);
  }

  private static String rate(double r) {
    return String.format(Locale.ROOT, "%,.0f", r);
  }

  private static String slices(List<Double> rates) {
    List<String> s = new ArrayList<>();
    rates.forEach(r -> s.add(String.format(Locale.ROOT, "%.0f", r)));
    return String.join(" ", s);
  }

  private static String check(Result r) {
    return String.format(
        Locale.ROOT,
        "%s: %,d taken, %,d distinct%s",
        r.exactlyOnce() ? "exactly once" : "NOT EXACTLY ONCE",
        r.taken,
        r.distinct,
        r.rows < 0 ? "" : String.format(Locale.ROOT, ", %,d rows claimed", r.rows));
  }
}
