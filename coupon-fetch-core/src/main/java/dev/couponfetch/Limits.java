package dev.couponfetch;

/**
 * How hard one configuration may press its endpoint: the config's {@code limits}. Every part is
 * optional; an absent one takes the fetcher's default. Immutable.
 *
 * <pre>{@code
 * "limits": {"maxConcurrent": 4, "maxQueued": 20, "requestsPerSecond": 5, "whenRateLimited": "FAIL"}
 * }</pre>
 *
 * @param maxConcurrent the most requests of this config in flight at once to its endpoint's origin
 *     (1 to 1,000; null: the fetcher's {@code maxConcurrentPerOrigin})
 * @param maxQueued how many more fetches may wait for one of those to end before a fetch fails at
 *     once with {@link Reason#ENDPOINT_BUSY} (0 to 10,000; null: the fetcher's {@code
 *     maxQueuedPerOrigin})
 * @param requestsPerSecond the most requests per second this config sends (more than 0, at most
 *     10,000; null: no budget of its own); shared by every config with the same endpoint origin and
 *     credentials, and across nodes when the fetcher has a {@link RateBudgetStore}
 * @param whenRateLimited what a fetch does when the budget, or the endpoint itself ({@code
 *     Retry-After}, {@code RateLimit-*} headers), says to wait: {@link WhenRateLimited#WAIT}
 *     (default; never past the fetch's deadline) or {@link WhenRateLimited#FAIL} at once
 */
public record Limits(
    Integer maxConcurrent,
    Integer maxQueued,
    Double requestsPerSecond,
    WhenRateLimited whenRateLimited) {

  /** No limits of the config's own: the fetcher's defaults. */
  public static final Limits NONE = new Limits(null, null, null, null);

  /** The largest {@link #maxConcurrent()}. */
  public static final int MAX_CONCURRENT = 1_000;

  /** The largest {@link #maxQueued()}. */
  public static final int MAX_QUEUED = 10_000;

  /** The largest {@link #requestsPerSecond()}. */
  public static final double MAX_REQUESTS_PER_SECOND = 10_000;

  /** What a fetch does when a rate limit says to wait. */
  public enum WhenRateLimited {
    /** Wait for the limit to let the request through, if that is before the fetch's deadline. */
    WAIT,
    /** Fail at once with {@link Reason#RATE_LIMITED}, saying when to come back. */
    FAIL
  }

  /**
   * Checks each part's range.
   *
   * @throws IllegalArgumentException naming the part out of range
   */
  public Limits {
    if (maxConcurrent != null && (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT)) {
      throw new IllegalArgumentException(
          "limits.maxConcurrent must be between 1 and " + MAX_CONCURRENT + ": " + maxConcurrent);
    }
    if (maxQueued != null && (maxQueued < 0 || maxQueued > MAX_QUEUED)) {
      throw new IllegalArgumentException(
          "limits.maxQueued must be between 0 and " + MAX_QUEUED + ": " + maxQueued);
    }
    if (requestsPerSecond != null
        && (!(requestsPerSecond > 0) || requestsPerSecond > MAX_REQUESTS_PER_SECOND)) {
      throw new IllegalArgumentException(
          "limits.requestsPerSecond must be more than 0 and at most 10000: " + requestsPerSecond);
    }
  }

  /** These limits with {@code maxConcurrent}. */
  public Limits withMaxConcurrent(Integer maxConcurrent) {
    return new Limits(maxConcurrent, maxQueued, requestsPerSecond, whenRateLimited);
  }

  /** These limits with {@code maxQueued}. */
  public Limits withMaxQueued(Integer maxQueued) {
    return new Limits(maxConcurrent, maxQueued, requestsPerSecond, whenRateLimited);
  }

  /** These limits with {@code requestsPerSecond}. */
  public Limits withRequestsPerSecond(Double requestsPerSecond) {
    return new Limits(maxConcurrent, maxQueued, requestsPerSecond, whenRateLimited);
  }

  /** These limits with {@code whenRateLimited}. */
  public Limits withWhenRateLimited(WhenRateLimited whenRateLimited) {
    return new Limits(maxConcurrent, maxQueued, requestsPerSecond, whenRateLimited);
  }

  /** {@link #whenRateLimited()}, {@link WhenRateLimited#WAIT} when not set. */
  public WhenRateLimited rateLimitPolicy() {
    return whenRateLimited == null ? WhenRateLimited.WAIT : whenRateLimited;
  }

  /** Whether no part is set. */
  public boolean isNone() {
    return equals(NONE);
  }
}
