package dev.couponfetch.internal.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponType;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.internal.jdbc.SqlFailures;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of {@link CouponPool}: takes from the store, refills it on an executor.
 *
 * <p>A refill is one or more calls to the endpoint, each followed by storing what it returned.
 * {@link #close(Duration)} lets no call begin, then waits for those running to store their coupons:
 * a coupon the endpoint minted exists nowhere else.
 */
public final class RefillingPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RefillingPool.class);

  private static final int RECOUNT_EVERY = 16;

  /** Attempts to store one call's coupons while the store fails in a way that may pass. */
  static final int STORE_ATTEMPTS = 3;

  /** What {@link #close()} allows for storing, on top of a fetch's own time limit. */
  static final Duration STORE_ALLOWANCE = Duration.ofSeconds(5);

  /** Waits between store attempts; tests give one that records instead of sleeping. */
  interface Pause {
    Pause SLEEP = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

    void pause(Duration d) throws InterruptedException;
  }

  /**
   * What a close left behind when it stopped waiting.
   *
   * @param calls refill calls still running: waiting on the endpoint or storing its coupons
   * @param waiting those of the calls still waiting on the endpoint
   * @param unstored coupons the others fetched and had not stored yet
   * @param atRisk an estimate of the coupons the endpoint may have minted that are not stored:
   *     {@code unstored} and, for each call still waiting, one coupon ({@code SINGLE}) or the
   *     largest batch seen so far, at least one ({@code BULK})
   */
  public record Shutdown(int calls, int waiting, int unstored, int atRisk) {
    /** Whether every call had stored its coupons (or failed) when the close returned. */
    public boolean clean() {
      return calls == 0;
    }
  }

  private final PoolSettings s;
  private final Pause pause;
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

  /** Counts a coupon dropped by a claim as expiring; one instance, not one per take. */
  private final Consumer<Coupon> discarded = d -> skipped.increment();

  /**
   * The stock as last counted, less this pool's takes since: a take counts the store again only
   * when this nears the watermark or threshold, or every {@value #RECOUNT_EVERY} takes (other nodes
   * take too), so a JDBC store answers one query per claim, not two.
   */
  private final AtomicInteger stockHint = new AtomicInteger();

  private final AtomicInteger takesSinceCount = new AtomicInteger();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Written under lock, read without it on the take's fast path. generation counts store changes
  // and refill ends, so a taker that found the store empty waits only if nothing happened since
  // it looked.
  private volatile long generation;
  private volatile boolean closed;
  // Set when a close stopped waiting for the calls still running: they store no more retries.
  private volatile boolean abandoned;
  // Written under lock; read without it by a take's check whether a refill might start.
  private volatile int inFlight;
  // Guarded by lock.
  // Refills that began a call and have not finished: what a close waits for.
  private int busy;
  private int largestBatch;
  private int fetching;
  private int storing;
  private int unstored;
  private int failuresInARow;
  private Instant backoffUntil;
  private CouponFetchException lastFailure;

  public RefillingPool(PoolSettings settings) {
    this(settings, Pause.SLEEP);
  }

  RefillingPool(PoolSettings settings, Pause pause) {
    this.s = settings;
    this.pause = pause;
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
      Optional<Coupon> c = s.store().claim(s.poolKey(), idempotencyKey, cutOff(), discarded);
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

  /**
   * How long {@link #close()} waits: long enough for a fetch that {@code HttpClientCouponFetcher}
   * bounds by default (twice the config's connect + response timeouts) and for storing its coupons.
   */
  Duration defaultCloseWait() {
    Timeouts t = s.config().timeouts();
    return t.connect().plus(t.response()).multipliedBy(2).plus(STORE_ALLOWANCE);
  }

  /** {@link #close(Duration)} with {@link #defaultCloseWait()}. */
  @Override
  public void close() {
    close(defaultCloseWait());
  }

  /**
   * Stops refilling: no call to the endpoint begins, takes throw, and waiting takers wake. Then
   * waits up to {@code wait} for the calls running to store their coupons, logs by count what it
   * had to abandon, and shuts down the pool's own executor.
   */
  public Shutdown close(Duration wait) {
    long left = TimeUnit.NANOSECONDS.convert(wait);
    Shutdown behind;
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
      while (busy > 0 && left > 0) {
        left = changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      behind = leftBehind();
      if (!behind.clean()) {
        abandoned = true;
      }
      lock.unlock();
    }
    if (owned != null) {
      owned.shutdown();
    }
    if (!behind.clean()) {
      LOG.warn(
          "coupon pool '{}': close stopped waiting after {} and abandoned {} refill call(s) in"
              + " flight: about {} coupon(s) the endpoint may have minted are not stored ({} fetched"
              + " and not yet stored, {} call(s) still waiting on the endpoint); a call that ends"
              + " while the store is still open stores its coupons, one that fails is logged",
          s.poolKey(),
          wait,
          behind.calls(),
          behind.atRisk(),
          behind.unstored(),
          behind.waiting());
    }
    return behind;
  }

  /** Under lock: what is running now. */
  private Shutdown leftBehind() {
    int perCall = s.config().couponType() == CouponType.BULK ? Math.max(1, largestBatch) : 1;
    return new Shutdown(fetching + storing, fetching, unstored, unstored + fetching * perCall);
  }

  /** Coupons expiring at or before this instant are not handed out. */
  private Instant cutOff() {
    Instant now = s.clock().instant();
    return s.expiryMargin().isZero() ? now : now.plus(s.expiryMargin());
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
        && lowStockArmed.get()
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
    // Without the lock first: under load the refills allowed are mostly in flight already, and
    // taking the lock on every take below the watermark would queue the takers on it.
    if (stock >= s.lowWatermark() || closed || inFlight >= s.maxRefillsInFlight()) {
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
      // A failure like any other, so that takers back off instead of trying again at once.
      finishRefill(
          CouponFetchException.builder(
                  Reason.ENDPOINT_ERROR,
                  "coupon pool '" + s.poolKey() + "': its executor refused a refill: " + e)
              .retryable(true)
              .cause(e)
              .build(),
          false);
    }
  }

  private void refill() {
    int calls = s.config().couponType() == CouponType.BULK ? 1 : s.singleCallsPerRefill();
    int made = 0;
    boolean addedAny = false;
    CouponFetchException failure = null;
    try {
      while (made < calls && beginCall(made == 0)) {
        made++;
        addedAny |= fetchAndStore() > 0;
      }
      if (made > 0 && !addedAny) {
        // Codes already stored, or all expiring: calling again at once would bring the same.
        failure =
            CouponFetchException.builder(
                    Reason.NO_COUPONS,
                    "a refill of coupon pool '"
                        + s.poolKey()
                        + "' brought no new coupon (those fetched were already stored or expire"
                        + " within the expiry margin)")
                .retryable(true)
                .build();
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
    finishRefill(failure, made > 0);
    if (failure == null && !closed) {
      afterRefill();
    }
  }

  /** Whether a call to the endpoint may begin (not once the pool is closed). */
  private boolean beginCall(boolean first) {
    boolean open;
    lock.lock();
    try {
      open = !closed;
      if (open) {
        if (first) {
          busy++;
        }
        fetching++;
      }
    } finally {
      lock.unlock();
    }
    return open;
  }

  /**
   * One call to the endpoint and the storing of what it returned, counted for {@link #close}.
   *
   * @return the coupons added to the store
   */
  private int fetchAndStore() {
    List<Coupon> coupons = null;
    try {
      coupons = s.fetcher().fetch(s.config(), s.variables()).coupons();
      fetchedNotStored(coupons.size());
      int added = store(coupons);
      if (abandoned) {
        LOG.info(
            "coupon pool '{}': a refill call that close had abandoned stored its {} coupon(s)",
            s.poolKey(),
            coupons.size());
      }
      return added;
    } catch (RuntimeException e) {
      if (coupons == null && abandoned) {
        LOG.warn(
            "coupon pool '{}': a refill call that close had abandoned failed ({}): coupons the"
                + " endpoint may have minted for it are lost",
            s.poolKey(),
            e instanceof CouponFetchException f ? f.reason() : e.getClass().getSimpleName());
      }
      throw e;
    } finally {
      if (coupons == null) {
        callFailed();
      } else {
        callSettled(coupons.size());
      }
    }
  }

  private void fetchedNotStored(int n) {
    lock.lock();
    try {
      largestBatch = Math.max(largestBatch, n);
      fetching--;
      storing++;
      unstored += n;
    } finally {
      lock.unlock();
    }
  }

  /** The endpoint gave nothing; the end of the refill, which follows, wakes those waiting. */
  private void callFailed() {
    lock.lock();
    try {
      fetching--;
    } finally {
      lock.unlock();
    }
  }

  /** The coupons of a call are stored (or lost and logged): takers and a close may go on. */
  private void callSettled(int n) {
    lock.lock();
    try {
      storing--;
      unstored -= n;
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** After a refill that succeeded: the listener may fire again, and more may be needed. */
  private void afterRefill() {
    try {
      int stock = count();
      if (stock > s.lowStockThreshold()) {
        lowStockArmed.set(true);
      }
      maybeRefill(stock);
    } catch (RuntimeException e) {
      // Its coupons are stored; the next take counts again.
      LOG.warn("coupon pool '{}': counting the stock after a refill failed", s.poolKey(), e);
    }
  }

  /**
   * The stock, counted for the watermark and threshold: a store that {@link CountsUpTo} counts no
   * further than a count above them that stays above them for the {@value #RECOUNT_EVERY} takes
   * before the next count.
   */
  private int count() {
    takesSinceCount.set(0);
    int stock =
        s.store() instanceof CountsUpTo bounded
            ? bounded.available(
                s.poolKey(),
                Math.max(s.lowWatermark(), s.lowStockThreshold() + 1) + RECOUNT_EVERY + 1)
            : s.store().available(s.poolKey());
    stockHint.set(stock);
    return stock;
  }

  /** Stores the coupons that do not expire within the margin; returns how many were added. */
  private int store(List<Coupon> coupons) {
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
    return added;
  }

  /**
   * Adds to the store, trying again after a pause when the store failed in a way that may pass
   * (adding is idempotent): coupons the endpoint minted but the store never took are lost to every
   * visitor. Not after a database error that stays (a missing table), nor once a close gave up.
   */
  private int add(List<Coupon> usable) {
    for (int attempt = 1; ; attempt++) {
      try {
        return s.store().add(s.poolKey(), usable);
      } catch (RuntimeException e) {
        if (attempt >= STORE_ATTEMPTS
            || abandoned
            || !SqlFailures.mayPass(e)
            || !paused(storePause(attempt))) {
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
      }
    }
  }

  /** The pause after failed store attempt {@code attempt}: 0.5 s, then 1 s. */
  static Duration storePause(int attempt) {
    return Duration.ofMillis(250L << attempt);
  }

  private boolean paused(Duration d) {
    try {
      pause.pause(d);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void finishRefill(CouponFetchException failure, boolean ran) {
    lock.lock();
    try {
      inFlight--;
      if (ran) {
        busy--;
      }
      generation++;
      if (failure != null) {
        failures.increment();
        failuresInARow++;
        lastFailure = failure;
        backoffUntil = s.clock().instant().plus(backoff(failuresInARow));
        // A paused endpoint or a rate limit says when to come back: no refill before then.
        Instant comeBack = failure.retryAt().orElse(null);
        if (comeBack != null && comeBack.isAfter(backoffUntil)) {
          backoffUntil = comeBack;
        }
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
