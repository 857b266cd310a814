package dev.couponfetch;

import dev.couponfetch.internal.pool.PoolSettings;
import dev.couponfetch.internal.pool.RefillingPool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Serves one coupon per visitor from codes fetched ahead of time, so a visitor never waits on the
 * merchant's endpoint. The pool refills its {@link CouponStore} in the background when the stock
 * falls below the low watermark ({@code SINGLE} configs by several calls, {@code BULK} ones by one
 * call per refill), with a bounded number of refills in flight and backoff after a failed refill.
 * Coupons expiring within the expiry margin are skipped and counted. Every stored coupon is handed
 * out at most once.
 *
 * <p>When the stock is empty and the last refill failed (and its backoff has not passed), {@link
 * #take} fails at once with the last failure's {@link Reason}, or serves the fallback code if one
 * is configured, instead of hanging.
 *
 * <p>A refill whose store attempt fails is tried again after a pause, up to three attempts, unless
 * the failure is a database error that will not pass by itself (a missing table, a denied grant); a
 * database out of reach, a closed connection pool or a lost race is tried again.
 *
 * <p>Thread-safe: build one per config and share it. Close it before the fetcher and the store's
 * {@code DataSource}: {@link #close()} waits for the refills in flight to store what the endpoint
 * already minted; it closes neither the fetcher nor the store.
 */
public final class CouponPool implements AutoCloseable {
  private final RefillingPool pool;

  private CouponPool(RefillingPool pool) {
    this.pool = pool;
  }

  /** A builder for a pool over {@code fetcher} and {@code config}. */
  public static Builder builder(CouponFetcher fetcher, CouponSourceConfig config) {
    return new Builder(fetcher, config);
  }

  /** One coupon, waiting at most the builder's {@code takeTimeout}. */
  public Served take() {
    return pool.take(null, null);
  }

  /**
   * One coupon, waiting at most {@code timeout} for a refill.
   *
   * @throws CouponFetchException with the last failure's reason when the stock is empty and the
   *     endpoint is failing (and no fallback code is configured), or {@link Reason#TIMEOUT} when no
   *     coupon came within {@code timeout}
   * @throws IllegalStateException when the pool is closed
   */
  public Served take(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    return pool.take(null, timeout);
  }

  /**
   * {@link #take(Duration)} for a visitor: a retried take with the same {@code idempotencyKey}
   * returns the same coupon (a fallback code is not bound to the key).
   */
  public Served take(String idempotencyKey, Duration timeout) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
    Objects.requireNonNull(timeout, "timeout == null");
    return pool.take(idempotencyKey, timeout);
  }

  /** The pool's counters and stock now. */
  public Stats stats() {
    return pool.stats();
  }

  /**
   * Stops refilling and waits for the refills in flight to store their coupons, at most twice the
   * config's connect + response timeouts plus 5 seconds (35 s with the default timeouts): long
   * enough for a fetch as {@code HttpClientCouponFetcher} bounds it by default. See {@link
   * #close(Duration)}.
   */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * Stops refilling: takes then throw {@link IllegalStateException} (those waiting wake at once),
   * no new call to the endpoint begins, and a {@code SINGLE} refill stops after its current call.
   * Then waits up to {@code timeout} for the calls in flight to store the coupons the endpoint
   * minted for them (a failed store is tried again meanwhile), and closes the pool's own executor.
   * Close the fetcher and the store's {@code DataSource} after this returns.
   *
   * <p>When the time runs out first, logs a warning with the number of calls abandoned and of
   * coupons that may not be stored (counts, never codes). An abandoned call keeps running: if it
   * ends while the fetcher and the store are still open its coupons are stored, otherwise they are
   * lost and logged. Idempotent; a later call waits again.
   *
   * @return true when every call in flight ended in time; false when some were abandoned
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout is negative: " + timeout);
    }
    return pool.close(timeout).clean();
  }

  /**
   * A coupon handed out by {@link #take}.
   *
   * @param coupon the coupon
   * @param fallback true when this is the configured fallback code, served because the stock was
   *     empty and the endpoint failing
   */
  public record Served(Coupon coupon, boolean fallback) {
    /** Checks the coupon. */
    public Served {
      Objects.requireNonNull(coupon, "coupon == null");
    }

    /** The coupon's code. */
    public String code() {
      return coupon.code();
    }
  }

  /**
   * The pool's counters since it was built. {@code fetched = taken + stock + skipped + duplicates}
   * holds when the pool is the only user of its store key, no refill is mid-way and no take was a
   * retry with an idempotency key (a retried take counts in {@code taken} again).
   *
   * @param stock coupons available in the store now
   * @param fetched coupons the endpoint returned
   * @param taken coupons handed out (fallback codes not included)
   * @param skipped coupons dropped because they expired within the margin
   * @param duplicates coupons not stored because the store already held their code
   * @param refills refills that succeeded
   * @param failures refills that failed
   * @param fallbacks fallback codes served
   * @param lastFailure the reason of the last failed refill, empty once a refill succeeded
   */
  public record Stats(
      int stock,
      long fetched,
      long taken,
      long skipped,
      long duplicates,
      long refills,
      long failures,
      long fallbacks,
      Optional<Reason> lastFailure) {}

  /** Builds a {@link CouponPool}; not thread-safe. */
  public static final class Builder {
    private final CouponFetcher fetcher;
    private final CouponSourceConfig config;
    private Map<String, String> variables = Map.of();
    private CouponStore store;
    private String poolKey;
    private int lowWatermark = 10;
    private int maxRefillsInFlight = 2;
    private int singleCallsPerRefill = 10;
    private Duration expiryMargin = Duration.ZERO;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    private Duration takeTimeout = Duration.ofSeconds(5);
    private String fallbackCode;
    private int lowStockThreshold = -1;
    private Consumer<Stats> lowStockListener;
    private Executor executor;
    private Clock clock = Clock.systemUTC();

    private Builder(CouponFetcher fetcher, CouponSourceConfig config) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher == null");
      this.config = Objects.requireNonNull(config, "config == null");
    }

    /** Values for the config's {@code {{variables}}} on every refill; copied. */
    public Builder variables(Map<String, String> variables) {
      this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables == null"));
      return this;
    }

    /** Where coupons are kept; default {@link CouponStores#inMemory()}. */
    public Builder store(CouponStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** The key of this pool's coupons in the store; default the config's name, else endpoint. */
    public Builder poolKey(String poolKey) {
      Objects.requireNonNull(poolKey, "poolKey == null");
      if (poolKey.isBlank()) {
        throw new IllegalArgumentException("poolKey is blank");
      }
      this.poolKey = poolKey;
      return this;
    }

    /** A refill starts when the stock is below this; default 10. */
    public Builder lowWatermark(int lowWatermark) {
      this.lowWatermark = atLeast(1, lowWatermark, "lowWatermark");
      return this;
    }

    /** At most this many refills run at once (per pool); default 2. */
    public Builder maxRefillsInFlight(int max) {
      this.maxRefillsInFlight = atLeast(1, max, "maxRefillsInFlight");
      return this;
    }

    /** For a {@code SINGLE} config: the calls one refill makes; default 10. */
    public Builder singleCallsPerRefill(int calls) {
      this.singleCallsPerRefill = atLeast(1, calls, "singleCallsPerRefill");
      return this;
    }

    /** Coupons expiring within this margin of now are skipped; default zero. */
    public Builder expiryMargin(Duration margin) {
      this.expiryMargin = notNegative(margin, "expiryMargin");
      return this;
    }

    /**
     * Backoff after a failed refill, doubled per failure in a row; default 1 s up to 1 min. A
     * failure that says when to come back ({@link CouponFetchException#retryAt()}: a paused
     * endpoint, a rate limit) holds refills back until then, however short the backoff.
     */
    public Builder backoff(Duration initial, Duration max) {
      notNegative(initial, "initial");
      notNegative(max, "max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max < initial");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** How long {@link CouponPool#take()} waits for a refill; default 5 s. */
    public Builder takeTimeout(Duration timeout) {
      this.takeTimeout = notNegative(timeout, "takeTimeout");
      return this;
    }

    /** A code served (flagged as fallback) when the stock is empty and the endpoint failing. */
    public Builder fallbackCode(String code) {
      this.fallbackCode = Coupon.of(code).code();
      return this;
    }

    /**
     * Calls {@code listener} when a take leaves the stock at or below {@code threshold}, once per
     * fall (again after the stock rose above it). Called on the taking thread: it must be quick.
     */
    public Builder lowStockListener(int threshold, Consumer<Stats> listener) {
      this.lowStockThreshold = atLeast(0, threshold, "threshold");
      this.lowStockListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** Runs refills; default a small executor the pool owns and closes. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /** The clock for expiry and backoff; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The pool; it starts its first refill at once. */
    public CouponPool build() {
      String key =
          poolKey != null ? poolKey : config.name() != null ? config.name() : config.endpoint();
      PoolSettings settings =
          new PoolSettings(
              fetcher,
              config,
              variables,
              store != null ? store : CouponStores.inMemory(),
              key,
              lowWatermark,
              maxRefillsInFlight,
              singleCallsPerRefill,
              expiryMargin,
              initialBackoff,
              maxBackoff,
              takeTimeout,
              fallbackCode,
              lowStockThreshold,
              lowStockListener,
              executor,
              clock);
      return new CouponPool(new RefillingPool(settings));
    }

    private static int atLeast(int min, int value, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " < " + min + ": " + value);
      }
      return value;
    }

    private static Duration notNegative(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " is negative: " + d);
      }
      return d;
    }
  }
}
