package dev.couponfetch.internal.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponType;
import dev.couponfetch.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine of {@link CouponPool}: takes from the store, refills it on an executor. */
public final class RefillingPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RefillingPool.class);

  private final PoolSettings s;
  private final Executor executor;
  private final ExecutorService owned;
  private final LongAdder fetched = new LongAdder();
  private final LongAdder taken = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder refills = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final AtomicBoolean lowStockArmed = new AtomicBoolean(true);

  /**
   * The stock as last counted, less this pool's takes since: a take counts the store again only
   * when this nears the watermark or threshold, or every {@value #RECOUNT_EVERY} takes (other nodes
   * take too), so a JDBC store answers one query per claim, not two.
   */
  private final AtomicInteger stockHint = new AtomicInteger();

  private final AtomicInteger takesSinceCount = new AtomicInteger();
  private static final int RECOUNT_EVERY = 16;
  private static final int STORE_ATTEMPTS = 3;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Written under lock, read without it on the take's fast path. generation counts store changes
  // and refill ends, so a taker that found the store empty waits only if nothing happened since
  // it looked.
  private volatile long generation;
  private volatile boolean closed;
  // Guarded by lock.
  private int inFlight;
  private int failuresInARow;
  private Instant backoffUntil;
  private CouponFetchException lastFailure;

  public RefillingPool(PoolSettings settings) {
    this.s = settings;
    if (settings.executor() != null) {
      this.owned = null;
      this.executor = settings.executor();
    } else {
      this.owned =
          Executors.newFixedThreadPool(
              settings.maxRefillsInFlight(),
              r -> {
                Thread t = new Thread(r, "coupon-pool-refill");
                t.setDaemon(true);
                return t;
              });
      this.executor = owned;
    }
    maybeRefill(count());
  }

  public CouponPool.Served take(String idempotencyKey, Duration timeout) {
    Duration wait = timeout != null ? timeout : s.takeTimeout();
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      ensureOpen();
      long seen = generation;
      Optional<Coupon> c =
          s.store()
              .claim(
                  s.poolKey(),
                  idempotencyKey,
                  s.clock().instant().plus(s.expiryMargin()),
                  d -> skipped.increment());
      if (c.isPresent()) {
        taken.increment();
        afterTake();
        return new CouponPool.Served(c.get(), false);
      }
      boolean start;
      lock.lock();
      try {
        ensureOpen();
        if (lastFailure != null && inBackoff()) {
          if (s.fallbackCode() != null) {
            fallbacks.increment();
            return new CouponPool.Served(Coupon.of(s.fallbackCode()), true);
          }
          throw emptyAndFailing(lastFailure);
        }
        start = reserveRefill();
        if (!start && generation == seen) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw CouponFetchException.builder(
                    Reason.TIMEOUT,
                    "coupon pool '" + s.poolKey() + "' had no coupon within " + wait)
                .retryable(true)
                .build();
          }
          changed.awaitNanos(remaining);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CouponFetchException.builder(Reason.TIMEOUT, "interrupted waiting for a coupon")
            .cause(e)
            .build();
      } finally {
        lock.unlock();
      }
      if (start) {
        launch();
      }
    }
  }

  public CouponPool.Stats stats() {
    Optional<Reason> last;
    lock.lock();
    try {
      last = Optional.ofNullable(lastFailure).map(CouponFetchException::reason);
    } finally {
      lock.unlock();
    }
    return new CouponPool.Stats(
        s.store().available(s.poolKey()),
        fetched.sum(),
        taken.sum(),
        skipped.sum(),
        duplicates.sum(),
        refills.sum(),
        failures.sum(),
        fallbacks.sum(),
        last);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (owned != null) {
      owned.shutdown();
    }
  }

  private void afterTake() {
    int hint = stockHint.decrementAndGet();
    int level = Math.max(s.lowWatermark(), s.lowStockThreshold() + 1);
    if (hint > level && takesSinceCount.incrementAndGet() < RECOUNT_EVERY) {
      return;
    }
    int stock = count();
    if (s.lowStockListener() != null
        && stock <= s.lowStockThreshold()
        && lowStockArmed.compareAndSet(true, false)) {
      try {
        s.lowStockListener().accept(stats());
      } catch (RuntimeException e) {
        LOG.warn("low-stock listener of coupon pool '{}' threw", s.poolKey(), e);
      }
    }
    maybeRefill(stock);
  }

  private void maybeRefill(int stock) {
    if (stock >= s.lowWatermark()) {
      return;
    }
    boolean start;
    lock.lock();
    try {
      start = reserveRefill();
    } finally {
      lock.unlock();
    }
    if (start) {
      launch();
    }
  }

  /** Under lock: whether a refill may start now; if so, counts it in flight. */
  private boolean reserveRefill() {
    if (closed || inFlight >= s.maxRefillsInFlight() || inBackoff()) {
      return false;
    }
    inFlight++;
    return true;
  }

  private boolean inBackoff() {
    return backoffUntil != null && s.clock().instant().isBefore(backoffUntil);
  }

  // Outside the lock: an executor may run the task on the calling thread.
  private void launch() {
    try {
      executor.execute(this::refill);
    } catch (RejectedExecutionException e) {
      finishRefill(null, false);
    }
  }

  private void refill() {
    CouponFetchException failure = null;
    boolean fetched = false;
    try {
      int calls = s.config().couponType() == CouponType.BULK ? 1 : s.singleCallsPerRefill();
      for (int i = 0; i < calls && !isClosed(); i++) {
        fetched = true;
        store(s.fetcher().fetch(s.config(), s.variables()).coupons());
      }
    } catch (CouponFetchException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure =
          CouponFetchException.builder(Reason.ENDPOINT_ERROR, "refill failed: " + e)
              .cause(e)
              .build();
    }
    // A refill the pool's close stopped before its first call is no refill.
    finishRefill(failure, fetched);
    if (failure == null && fetched) {
      maybeRefill(count());
    }
  }

  private int count() {
    takesSinceCount.set(0);
    int stock = s.store().available(s.poolKey());
    stockHint.set(stock);
    return stock;
  }

  private void store(List<Coupon> coupons) {
    fetched.add(coupons.size());
    Instant limit = s.clock().instant().plus(s.expiryMargin());
    List<Coupon> usable = new ArrayList<>(coupons.size());
    for (Coupon c : coupons) {
      if (c.expiresAt() != null && !c.expiresAt().isAfter(limit)) {
        skipped.increment();
      } else {
        usable.add(c);
      }
    }
    int added = add(usable);
    duplicates.add(usable.size() - added);
    if (count() > s.lowStockThreshold() && s.lowStockListener() != null) {
      lowStockArmed.set(true);
    }
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds to the store, trying again after a store failure: adding is idempotent, and coupons the
   * endpoint minted but the store never took are lost to every visitor.
   */
  private int add(List<Coupon> usable) {
    for (int attempt = 1; ; attempt++) {
      try {
        return s.store().add(s.poolKey(), usable);
      } catch (RuntimeException e) {
        if (attempt >= STORE_ATTEMPTS || isClosed()) {
          LOG.error(
              "coupon pool '{}': {} fetched coupons could not be stored and are lost",
              s.poolKey(),
              usable.size(),
              e);
          throw CouponFetchException.builder(
                  Reason.ENDPOINT_ERROR,
                  "the coupon store failed to take "
                      + usable.size()
                      + " fetched coupons: "
                      + e.getMessage())
              .cause(e)
              .build();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100L << attempt));
      }
    }
  }

  private void finishRefill(CouponFetchException failure, boolean ran) {
    lock.lock();
    try {
      inFlight--;
      generation++;
      if (failure != null) {
        failures.increment();
        failuresInARow++;
        lastFailure = failure;
        backoffUntil = s.clock().instant().plus(backoff(failuresInARow));
      } else if (ran) {
        refills.increment();
        failuresInARow = 0;
        lastFailure = null;
        backoffUntil = null;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Duration backoff(int inARow) {
    Duration d = s.initialBackoff();
    for (int i = 1; i < inARow && d.compareTo(s.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(s.maxBackoff()) > 0 ? s.maxBackoff() : d;
  }

  private boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("coupon pool '" + s.poolKey() + "' is closed");
    }
  }

  private CouponFetchException emptyAndFailing(CouponFetchException last) {
    CouponFetchException.Builder b =
        CouponFetchException.builder(
                last.reason(),
                "coupon pool '"
                    + s.poolKey()
                    + "' is empty and its endpoint is failing: "
                    + last.getMessage())
            .retryable(last.retryable())
            .cause(last);
    last.status().ifPresent(b::status);
    return b.build();
  }
}
