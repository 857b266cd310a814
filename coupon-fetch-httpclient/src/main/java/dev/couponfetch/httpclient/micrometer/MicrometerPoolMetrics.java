package dev.couponfetch.httpclient.micrometer;

import dev.couponfetch.CouponPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link CouponPool}'s {@link CouponPool.Stats} as Micrometer meters, tagged {@code
 * pool} with the name given here:
 *
 * <ul>
 *   <li>a gauge {@value #STOCK_GAUGE}: coupons available in the store;
 *   <li>a counter {@value #COUPONS_COUNTER} tagged {@code event}: {@code fetched}, {@code taken},
 *       {@code skipped} (expiring within the margin), {@code duplicate} (already stored) and {@code
 *       fallback} (fallback codes served);
 *   <li>a counter {@value #REFILLS_COUNTER} tagged {@code outcome}: {@code success}, {@code
 *       failure}.
 * </ul>
 *
 * <pre>{@code
 * new MicrometerPoolMetrics(pool, "spring-sale").bindTo(registry);
 * }</pre>
 *
 * <p>A scrape reads the pool's stats once (a JDBC store answers one {@code COUNT} query) and reuses
 * them for a second. Counters count from the pool's start, on this node. Thread-safe.
 */
public final class MicrometerPoolMetrics implements MeterBinder {
  /** The stock gauge's name. */
  public static final String STOCK_GAUGE = "couponfetch.pool.stock";

  /** The coupon counter's name. */
  public static final String COUPONS_COUNTER = "couponfetch.pool.coupons";

  /** The refill counter's name. */
  public static final String REFILLS_COUNTER = "couponfetch.pool.refills";

  private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final CouponPool pool;
  private final String name;
  private CouponPool.Stats last; // guarded by this
  private long lastAt;

  /** Metrics of {@code pool}, tagged {@code pool=name} (keep names few: one per pool). */
  public MicrometerPoolMetrics(CouponPool pool, String name) {
    this.pool = Objects.requireNonNull(pool, "pool == null");
    this.name = Objects.requireNonNull(name, "name == null");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry == null");
    Gauge.builder(STOCK_GAUGE, this, m -> m.stats().stock())
        .description("Coupons available in the pool's store")
        .baseUnit("coupons")
        .tag("pool", name)
        .strongReference(true)
        .register(registry);
    coupons(registry, "fetched", s -> s.fetched());
    coupons(registry, "taken", s -> s.taken());
    coupons(registry, "skipped", s -> s.skipped());
    coupons(registry, "duplicate", s -> s.duplicates());
    coupons(registry, "fallback", s -> s.fallbacks());
    refills(registry, "success", s -> s.refills());
    refills(registry, "failure", s -> s.failures());
  }

  private void coupons(MeterRegistry registry, String event, ToDoubleFunction<CouponPool.Stats> f) {
    FunctionCounter.builder(COUPONS_COUNTER, this, m -> f.applyAsDouble(m.stats()))
        .description("Coupons through the pool, by event")
        .baseUnit("coupons")
        .tag("pool", name)
        .tag("event", event)
        .register(registry);
  }

  private void refills(
      MeterRegistry registry, String outcome, ToDoubleFunction<CouponPool.Stats> f) {
    FunctionCounter.builder(REFILLS_COUNTER, this, m -> f.applyAsDouble(m.stats()))
        .description("Pool refills, by outcome")
        .tag("pool", name)
        .tag("outcome", outcome)
        .register(registry);
  }

  private synchronized CouponPool.Stats stats() {
    long now = System.nanoTime();
    if (last == null || now - lastAt > REUSE_NANOS) {
      last = pool.stats();
      lastAt = now;
    }
    return last;
  }
}
