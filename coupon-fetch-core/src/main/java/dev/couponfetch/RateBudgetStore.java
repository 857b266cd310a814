package dev.couponfetch;

import java.time.Duration;

/**
 * Where configured request budgets ({@link Limits#requestsPerSecond()}) are counted when several
 * application nodes must share them, so that a cluster does not send a merchant more than its
 * limit. Without one, each fetcher counts its own. Implementations must be thread-safe and, to be
 * useful, shared by every node ({@code RateBudgetStores.jdbc(dataSource)}).
 */
public interface RateBudgetStore {
  /**
   * Takes one request from budget {@code key}, which allows {@code limit} requests in each fixed
   * window of length {@code window} (windows start at multiples of {@code window} since the epoch).
   *
   * @param key the budget's key (an opaque hash of the endpoint origin and credentials)
   * @param limit requests allowed per window, at least 1
   * @param window the window's length, positive
   * @return {@link Duration#ZERO} when a request was taken; otherwise how long until the next
   *     window starts (nothing was taken)
   */
  Duration take(String key, int limit, Duration window);
}
