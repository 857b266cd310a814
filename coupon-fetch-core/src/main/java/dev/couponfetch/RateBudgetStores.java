package dev.couponfetch;

import dev.couponfetch.internal.jdbc.JdbcRateBudgetStore;
import javax.sql.DataSource;

/**
 * The built-in {@link RateBudgetStore}s. Without one, a fetcher counts its configs' budgets ({@link
 * Limits#requestsPerSecond()}) in its own memory; give every node the same store to share them:
 *
 * <pre>{@code
 * CouponFetcher fetcher =
 *     HttpClientCouponFetcher.builder()
 *         .rateBudgetStore(RateBudgetStores.jdbc(dataSource))
 *         .build();
 * }</pre>
 */
public final class RateBudgetStores {
  private RateBudgetStores() {}

  /**
   * A store in a PostgreSQL or H2 database, for several nodes sharing a merchant's budget: table
   * {@code coupon_fetch_rate_budget} (created when missing, like {@link CouponStores#jdbc}'s
   * tables, from {@code dev/couponfetch/sql/postgresql/rate_budget.sql} or {@code …/h2/…}; run that
   * script yourself where the application may not create tables). Each budget is a fixed-window
   * counter, one row per budget and window; a take is one atomic statement, so that of all the
   * nodes' takes in a window exactly the budget's limit succeed. Past windows' rows are deleted as
   * the store goes. Windows follow each node's clock: keep them in step (NTP). The rows hold opaque
   * keys and counts, nothing secret. Thread-safe.
   *
   * @throws IllegalArgumentException when the database is neither PostgreSQL nor H2
   * @throws IllegalStateException when the database cannot be reached or the table not created
   */
  public static RateBudgetStore jdbc(DataSource dataSource) {
    return new JdbcRateBudgetStore(dataSource);
  }
}
