package dev.couponfetch;

import dev.couponfetch.internal.jdbc.JdbcCouponStore;
import dev.couponfetch.internal.pool.InMemoryCouponStore;
import javax.sql.DataSource;

/** The built-in {@link CouponStore}s. */
public final class CouponStores {
  private CouponStores() {}

  /**
   * A store in this JVM's memory: the default of {@link CouponPool}. Coupons are lost on restart.
   * Per pool key it remembers the codes it holds and the last million it handed out (with their
   * idempotency keys), so that a code fetched again is not handed out twice while memory stays
   * bounded; a code older than that could come back. Use {@link #jdbc} to remember them all.
   * Thread-safe.
   */
  public static CouponStore inMemory() {
    return new InMemoryCouponStore();
  }

  /**
   * A store in a PostgreSQL database (several nodes sharing one pool) or an H2 database (one node,
   * coupons kept on disk across restarts), table {@code coupon_fetch_coupon}. Each coupon is handed
   * out once across every node: a claim marks its row in the statement (PostgreSQL) or transaction
   * (H2) that finds it, skipping rows other claims hold ({@code FOR UPDATE SKIP LOCKED}). Claimed
   * rows are kept, so a code fetched again is never stored twice.
   *
   * <p>Creates its tables when they are missing, from the script shipped in this jar at {@code
   * dev/couponfetch/sql/postgresql/V1__coupon_fetch.sql} (or {@code …/h2/…}); run that script
   * yourself where the application may not create tables. Give it a connection pool (HikariCP or
   * your platform's): every call borrows one connection briefly. Thread-safe.
   *
   * @throws IllegalArgumentException when the database is neither PostgreSQL nor H2
   * @throws IllegalStateException when the database cannot be reached or the schema not created
   */
  public static CouponStore jdbc(DataSource dataSource) {
    return new JdbcCouponStore(dataSource);
  }
}
