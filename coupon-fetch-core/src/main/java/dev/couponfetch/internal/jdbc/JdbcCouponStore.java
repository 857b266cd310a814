package dev.couponfetch.internal.jdbc;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponStore;
import dev.couponfetch.internal.pool.CountsUpTo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link CouponStore} in a PostgreSQL or H2 database, table {@code coupon_fetch_coupon}.
 *
 * <p>Exactly once: a claim marks the oldest available row claimed in the statement that finds it
 * (PostgreSQL: {@code UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) RETURNING}, so
 * concurrent claims on any number of nodes skip each other's rows instead of waiting or sharing
 * them; H2: {@code UPDATE … WHERE id = ? AND state = 'A'} on one of the oldest rows, which only one
 * claim can change). A crash before the commit leaves the row available. Rows are never deleted, so
 * a code fetched again is not added again ({@code ON CONFLICT DO NOTHING} / {@code MERGE … WHEN NOT
 * MATCHED}). An idempotency key is stored as its SHA-256 and bound by a unique constraint: of two
 * claims racing with one key, the second fails on the constraint, rolls back (its row stays
 * available) and returns the first's.
 */
public final class JdbcCouponStore implements CouponStore, CountsUpTo {
  private static final int MAX_POOL_KEY = 512;
  private static final int BATCH = 500;

  /** At most this many claims share one statement. */
  private static final int MAX_COMBINED = 32;

  /**
   * The oldest available row of a pool: read from the partial index on {@code (pool_key, id)}. The
   * key is a range of one ({@code >= ? AND <= ?}) and the order names it, because with {@code
   * pool_key = ?} PostgreSQL drops the key from the order and may walk the primary key instead,
   * past every other pool's rows, when this pool holds many (measured: 152 ms a claim with 480,000
   * rows of other pools before 200,000 of this one, 0.9 ms with the range).
   */
  private static final String PG_OLDEST = " WHERE pool_key >= ? AND pool_key <= ? AND state = 'A'";

  private static final String PG_CLAIM =
      "UPDATE coupon_fetch_coupon SET state = 'C', claimed_at = CURRENT_TIMESTAMP, claim_key = ?"
          + " WHERE id = (SELECT id FROM coupon_fetch_coupon"
          + PG_OLDEST
          + " ORDER BY pool_key, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " RETURNING id, code, expires_at";
  private static final int H2_CANDIDATES = 8;
  // H2 walks the index in order (no sort of every available row) only when ORDER BY names its
  // columns from the first: equal to ORDER BY id here, since the other two are fixed.
  private static final String H2_PICK =
      "SELECT id, code, expires_at FROM coupon_fetch_coupon WHERE pool_key = ? AND state = 'A'"
          + " ORDER BY pool_key, state, id FETCH FIRST "
          + H2_CANDIDATES
          + " ROWS ONLY";
  private static final String H2_MARK =
      "UPDATE coupon_fetch_coupon SET state = 'C', claimed_at = CURRENT_TIMESTAMP, claim_key = ?"
          + " WHERE id = ? AND state = 'A'";
  private static final String EXPIRE =
      "UPDATE coupon_fetch_coupon SET state = 'X', claim_key = NULL WHERE id = ?";
  private static final String BY_KEY =
      "SELECT code, expires_at FROM coupon_fetch_coupon WHERE pool_key = ? AND claim_key = ?";
  private static final String AVAILABLE =
      "SELECT COUNT(*) FROM coupon_fetch_coupon WHERE pool_key = ? AND state = 'A'";
  private static final String AVAILABLE_UP_TO =
      "SELECT COUNT(*) FROM (SELECT 1 FROM coupon_fetch_coupon WHERE pool_key = ? AND state = 'A'"
          + " LIMIT ?) a";

  /**
   * PostgreSQL, the claims of several takers at once (see {@link Combiner}): the oldest {@code n}
   * available rows not locked by another claim, each claimed, or marked expired when it expires at
   * or before the cut-off, in one statement and one commit; the rows as {@link #PG_CLAIM} finds
   * them. One statement per {@code n}, the limit written in, so that each is planned for its own.
   */
  private static final String[] PG_CLAIM_MANY = new String[MAX_COMBINED + 1];

  static {
    for (int n = 1; n <= MAX_COMBINED; n++) {
      PG_CLAIM_MANY[n] =
          "UPDATE coupon_fetch_coupon SET"
              + " state = CASE WHEN expires_at <= ? THEN 'X' ELSE 'C' END,"
              + " claimed_at = CASE WHEN expires_at <= ? THEN NULL ELSE CURRENT_TIMESTAMP END"
              + " WHERE id = ANY (ARRAY(SELECT id FROM coupon_fetch_coupon"
              + PG_OLDEST
              + " ORDER BY pool_key, id LIMIT "
              + n
              + " FOR UPDATE SKIP LOCKED))"
              + " RETURNING id, code, expires_at, state";
    }
  }

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Map<String, ReentrantLock> h2Turns = new ConcurrentHashMap<>();
  private final Map<String, Combiner> combiners = new ConcurrentHashMap<>();

  /** A store on {@code dataSource}, creating the schema when it is missing. */
  public JdbcCouponStore(DataSource dataSource) {
    this.jdbc =
        new Jdbc(Objects.requireNonNull(dataSource, "dataSource == null"), "JDBC coupon store");
    this.dialect = Schema.ensure(jdbc);
  }

  @Override
  public int add(String poolKey, List<Coupon> coupons) {
    checkPoolKey(poolKey);
    Objects.requireNonNull(coupons, "coupons == null");
    coupons.forEach(c -> Objects.requireNonNull(c, "coupon == null"));
    if (coupons.isEmpty()) {
      return 0;
    }
    // All or nothing: a coupon is either stored (and will be handed out) or the caller hears why.
    // H2 reports a concurrent add of the same new code as a duplicate key, and two adds of the
    // same codes in different orders can deadlock: the retry sees the other's rows. A database
    // out of reach is not retried here but by the caller, after a pause (SqlFailures.mayPass).
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbc.inTransaction("adding coupons", c -> insert(c, poolKey, coupons));
      } catch (IllegalStateException e) {
        if (attempt >= 3 || !Jdbc.isConflict(e)) {
          throw e;
        }
      }
    }
  }

  private int insert(Connection c, String poolKey, List<Coupon> coupons) throws SQLException {
    int added = 0;
    try (PreparedStatement ps = c.prepareStatement(dialect.addCoupon)) {
      for (int from = 0; from < coupons.size(); from += BATCH) {
        for (Coupon coupon : coupons.subList(from, Math.min(coupons.size(), from + BATCH))) {
          ps.setString(1, poolKey);
          ps.setString(2, coupon.code());
          ps.setObject(3, Jdbc.timestamp(coupon.expiresAt()));
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          // Unknown (pgjdbc's reWriteBatchedInserts): counted as added; only the stats can tell.
          added += n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
      }
    }
    return added;
  }

  @Override
  public Optional<Coupon> claim(
      String poolKey, String idempotencyKey, Instant expiringBefore, Consumer<Coupon> discarded) {
    checkPoolKey(poolKey);
    Objects.requireNonNull(expiringBefore, "expiringBefore == null");
    Objects.requireNonNull(discarded, "discarded == null");
    String key = idempotencyKey == null ? null : sha256(idempotencyKey);
    List<Coupon> dropped = new ArrayList<>(0);
    Optional<Coupon> claimed;
    try {
      claimed =
          key != null
              ? keyed(poolKey, key, expiringBefore, dropped)
              : dialect == Dialect.POSTGRESQL
                  ? combiners
                      .computeIfAbsent(poolKey, k -> new Combiner(k))
                      .claim(expiringBefore, dropped)
                  : claimOnce(poolKey, null, expiringBefore, dropped);
    } finally {
      // Those marked expired stay so even when a later step failed: report them.
      dropped.forEach(discarded);
    }
    return claimed;
  }

  private Optional<Coupon> keyed(
      String poolKey, String key, Instant expiringBefore, List<Coupon> dropped) {
    for (int attempt = 1; ; attempt++) {
      Optional<Coupon> bound =
          jdbc.call("finding a claim by idempotency key", c -> byKey(c, poolKey, key));
      if (bound.isPresent()) {
        return bound;
      }
      try {
        return claimOnce(poolKey, key, expiringBefore, dropped);
      } catch (IllegalStateException e) {
        // Another take with the same key won the race: its coupon is this key's (look again).
        if (attempt >= 3 || !Jdbc.isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  /** Claims the oldest available coupon, marking those expiring before the cut-off on the way. */
  private Optional<Coupon> claimOnce(
      String poolKey, String key, Instant expiringBefore, List<Coupon> dropped) {
    while (true) {
      Row row =
          dialect == Dialect.POSTGRESQL
              ? jdbc.call("claiming a coupon", c -> claimPostgres(c, poolKey, key))
              : claimH2(poolKey, key);
      if (row == null) {
        return Optional.empty();
      }
      if (row.coupon.expiresAt() == null || row.coupon.expiresAt().isAfter(expiringBefore)) {
        return Optional.of(row.coupon);
      }
      jdbc.call(
          "marking an expired coupon",
          c -> {
            try (PreparedStatement ps = c.prepareStatement(EXPIRE)) {
              ps.setLong(1, row.id);
              return ps.executeUpdate();
            }
          });
      dropped.add(row.coupon);
    }
  }

  private static Row claimPostgres(Connection c, String poolKey, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PG_CLAIM)) {
      ps.setString(1, key);
      ps.setString(2, poolKey);
      ps.setString(3, poolKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  /**
   * H2 applies {@code FETCH FIRST} before {@code SKIP LOCKED} (a claim racing another would find
   * nothing), so it claims optimistically: of the oldest available rows, the first whose {@code
   * UPDATE … WHERE state = 'A'} changes a row; after losing every one of them to racing claims, it
   * starts at a random one, to spread out.
   */
  private Row claimH2(String poolKey, String key) {
    // Racing claims of one store would mostly lose to each other: they take turns per pool key.
    ReentrantLock turn = h2Turns.computeIfAbsent(poolKey, k -> new ReentrantLock());
    turn.lock();
    try {
      return jdbc.call("claiming a coupon", c -> claimH2(c, poolKey, key));
    } finally {
      turn.unlock();
    }
  }

  private static Row claimH2(Connection c, String poolKey, String key) throws SQLException {
    for (boolean first = true; ; first = false) {
      List<Row> candidates = new ArrayList<>(H2_CANDIDATES);
      try (PreparedStatement ps = c.prepareStatement(H2_PICK)) {
        ps.setString(1, poolKey);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            candidates.add(row(rs));
          }
        }
      }
      if (candidates.isEmpty()) {
        return null;
      }
      int start = first ? 0 : ThreadLocalRandom.current().nextInt(candidates.size());
      try (PreparedStatement ps = c.prepareStatement(H2_MARK)) {
        for (int i = 0; i < candidates.size(); i++) {
          Row row = candidates.get((start + i) % candidates.size());
          ps.setString(1, key);
          ps.setLong(2, row.id);
          if (ps.executeUpdate() == 1) {
            return row;
          }
        }
      }
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getLong(1),
        new Coupon(rs.getString(2), Jdbc.instant(rs.getObject(3, OffsetDateTime.class))));
  }

  private static Optional<Coupon> byKey(Connection c, String poolKey, String key)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BY_KEY)) {
      ps.setString(1, poolKey);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Coupon(rs.getString(1), Jdbc.instant(rs.getObject(2, OffsetDateTime.class))))
            : Optional.empty();
      }
    }
  }

  @Override
  public int available(String poolKey, int atMost) {
    checkPoolKey(poolKey);
    return jdbc.call(
        "counting coupons",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(AVAILABLE_UP_TO)) {
            ps.setString(1, poolKey);
            ps.setInt(2, Math.max(0, atMost));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  /**
   * PostgreSQL: the claims without an idempotency key of one pool key in this store, combined. A
   * claim queues; if no claim of the key is running, it runs one for itself and every claim queued
   * (up to {@value #MAX_COMBINED}): one statement and one commit for all, each row handed to one of
   * them. A claim that finds one running waits for it to hand over a coupon or the lead. Exactly
   * once as before: every row is claimed and committed before its coupon is handed out, to a taker
   * waiting for one.
   */
  private final class Combiner {
    private final String poolKey;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private boolean running;

    Combiner(String poolKey) {
      this.poolKey = poolKey;
    }

    Optional<Coupon> claim(Instant expiringBefore, List<Coupon> dropped) {
      Waiter me = new Waiter(expiringBefore);
      synchronized (this) {
        queue.addLast(me);
        if (running) {
          while (!me.done && !me.leads) {
            try {
              wait();
            } catch (InterruptedException e) {
              // Leaving would lose a coupon claimed for this taker: wait, then keep the interrupt.
              me.interrupted = true;
            }
          }
          if (me.interrupted) {
            Thread.currentThread().interrupt();
          }
          if (me.done) {
            return me.result();
          }
        } else {
          running = true;
        }
      }
      // This claim leads: it claims for the queue (itself first), then hands the lead on.
      List<Waiter> batch = new ArrayList<>();
      synchronized (this) {
        while (!queue.isEmpty() && batch.size() < MAX_COMBINED) {
          batch.add(queue.pollFirst());
        }
      }
      try {
        serve(batch, dropped);
      } finally {
        synchronized (this) {
          Waiter next = queue.peekFirst();
          if (next == null) {
            running = false;
          } else {
            next.leads = true;
          }
          notifyAll();
        }
      }
      return me.result();
    }

    /** Claims a coupon for each of {@code batch}; a failure is every one's failure. */
    private void serve(List<Waiter> batch, List<Coupon> dropped) {
      List<Waiter> left = batch;
      try {
        while (!left.isEmpty()) {
          Instant cutOff = left.get(0).expiringBefore;
          for (Waiter w : left) {
            if (w.expiringBefore.isAfter(cutOff)) {
              cutOff = w.expiringBefore;
            }
          }
          int wanted = left.size();
          List<Row> rows = claimMany(cutOff, wanted);
          int claimed = 0;
          int i = 0;
          for (Row row : rows) {
            if (row.expired) {
              dropped.add(row.coupon);
            } else {
              left.get(i++).coupon = row.coupon;
              claimed++;
            }
          }
          left = left.subList(claimed, left.size());
          if (rows.size() < wanted) {
            // Fewer rows than asked for: no more are available now.
            break;
          }
        }
      } catch (RuntimeException e) {
        for (Waiter w : batch) {
          if (w.coupon == null) {
            w.failure = e;
          }
        }
      }
      synchronized (this) {
        for (Waiter w : batch) {
          w.done = true;
        }
        notifyAll();
      }
    }

    private List<Row> claimMany(Instant cutOff, int n) {
      return jdbc.call(
          "claiming coupons",
          c -> {
            try (PreparedStatement ps = c.prepareStatement(PG_CLAIM_MANY[n])) {
              ps.setObject(1, Jdbc.timestamp(cutOff));
              ps.setObject(2, Jdbc.timestamp(cutOff));
              ps.setString(3, poolKey);
              ps.setString(4, poolKey);
              List<Row> rows = new ArrayList<>(n);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  Row row = row(rs);
                  row.expired = "X".equals(rs.getString(4));
                  rows.add(row);
                }
              }
              // RETURNING gives no order: the oldest first, as a single claim would.
              rows.sort((a, b) -> Long.compare(a.id, b.id));
              return rows;
            }
          });
    }
  }

  /** One claim in a {@link Combiner}'s queue; guarded by the combiner's monitor. */
  private static final class Waiter {
    final Instant expiringBefore;
    Coupon coupon;
    RuntimeException failure;
    boolean done;
    boolean leads;
    boolean interrupted;

    Waiter(Instant expiringBefore) {
      this.expiringBefore = expiringBefore;
    }

    Optional<Coupon> result() {
      if (failure != null) {
        // The leader's exception, rethrown on this thread too: keep this thread's stack.
        throw new IllegalStateException(failure.getMessage(), failure.getCause());
      }
      return Optional.ofNullable(coupon);
    }
  }

  @Override
  public int available(String poolKey) {
    checkPoolKey(poolKey);
    return jdbc.call(
        "counting coupons",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(AVAILABLE)) {
            ps.setString(1, poolKey);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  private static void checkPoolKey(String poolKey) {
    Objects.requireNonNull(poolKey, "poolKey == null");
    if (poolKey.length() > MAX_POOL_KEY) {
      throw new IllegalArgumentException(
          "poolKey is longer than " + MAX_POOL_KEY + " characters: choose a shorter pool key");
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcCouponStore{" + dialect + "}";
  }

  /** A claimed row. */
  private static final class Row {
    final long id;
    final Coupon coupon;
    boolean expired;

    Row(long id, Coupon coupon) {
      this.id = id;
      this.coupon = coupon;
    }
  }
}
