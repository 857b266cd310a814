package dev.couponfetch.httpclient;

import dev.couponfetch.Limits;
import dev.couponfetch.RateBudgetStore;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;

/**
 * A configured request budget ({@code limits.requestsPerSecond}) of one endpoint origin and set of
 * credentials: {@code r} requests a second, as {@code r} per second when {@code r} is whole, else
 * one per {@code 1/r} seconds. Counted by a Resilience4j rate limiter in this fetcher, or by a
 * {@link RateBudgetStore} shared by every node. Thread-safe.
 */
final class RateBudget {
  /** Never reserve a turn further ahead than this: a fetch cannot wait so long anyway. */
  static final Duration MAX_RESERVATION = Duration.ofMinutes(1);

  private final int limit;
  private final Duration window;
  private final AtomicRateLimiter limiter;
  private volatile long lastUsed = System.nanoTime();

  /**
   * @param policy WAIT reserves a later turn when none is free now; FAIL takes a turn only now
   */
  RateBudget(String name, double perSecond, Limits.WhenRateLimited policy) {
    boolean whole = perSecond >= 1 && perSecond == Math.rint(perSecond);
    this.limit = whole ? (int) perSecond : 1;
    this.window = whole ? Duration.ofSeconds(1) : Duration.ofNanos((long) (1e9 / perSecond));
    Duration timeout = policy == Limits.WhenRateLimited.FAIL ? Duration.ZERO : MAX_RESERVATION;
    this.limiter =
        new AtomicRateLimiter(
            name,
            RateLimiterConfig.custom()
                .limitForPeriod(limit)
                .limitRefreshPeriod(window)
                .timeoutDuration(timeout)
                .writableStackTraceEnabled(false)
                .build());
  }

  /**
   * A turn in this fetcher's budget: 0 to go now, the nanoseconds to wait for a turn reserved
   * (WAIT), or -1 when there is none now (FAIL) or within {@link #MAX_RESERVATION}.
   */
  long reserve() {
    lastUsed = System.nanoTime();
    return limiter.reservePermission();
  }

  /** When the budget lets the next request through, in nanoseconds from now (0: now). */
  long nanosToNext() {
    return Math.max(0, limiter.getDetailedMetrics().getNanosToWait());
  }

  /** A turn in the budget shared through {@code store}: ZERO to go, else the wait (none taken). */
  Duration take(RateBudgetStore store, String sharedKey) {
    lastUsed = System.nanoTime();
    Duration wait = store.take(sharedKey, limit, window);
    if (wait == null || wait.isNegative()) {
      throw new IllegalStateException("RateBudgetStore.take returned " + wait);
    }
    return wait;
  }

  Duration window() {
    return window;
  }

  boolean idle() {
    return System.nanoTime() - lastUsed > MAX_RESERVATION.toNanos();
  }
}
