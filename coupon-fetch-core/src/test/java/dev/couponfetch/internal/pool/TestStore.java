package dev.couponfetch.internal.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory store that counts what the pool asks of it, fails the next adds on request, can hold
 * adds until the test lets them through, and runs a test's hook before each claim.
 */
final class TestStore implements CouponStore {
  final InMemoryCouponStore delegate = new InMemoryCouponStore();
  final AtomicInteger adds = new AtomicInteger();
  final AtomicInteger counts = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private final Semaphore addGate = new Semaphore(Integer.MAX_VALUE);
  private final Semaphore addEntered = new Semaphore(0);
  volatile RuntimeException failure = new IllegalStateException("database restarting");
  volatile Runnable beforeClaim = () -> {};

  /** The next {@code n} adds throw {@link #failure}. */
  TestStore failNextAdds(int n) {
    failNext.set(n);
    return this;
  }

  /** Adds wait until {@link #releaseAdds} from now on. */
  void holdAdds() {
    addGate.drainPermits();
  }

  void releaseAdds() {
    addGate.release(Integer.MAX_VALUE / 2);
  }

  /** Waits until an add has begun. */
  void awaitAdd() throws InterruptedException {
    if (!addEntered.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no add within 10 s");
    }
  }

  @Override
  public int add(String poolKey, List<Coupon> coupons) {
    adds.incrementAndGet();
    addEntered.release();
    try {
      if (!addGate.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the add");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    addGate.release();
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw failure;
    }
    return delegate.add(poolKey, coupons);
  }

  @Override
  public Optional<Coupon> claim(
      String poolKey, String idempotencyKey, Instant expiringBefore, Consumer<Coupon> discarded) {
    beforeClaim.run();
    return delegate.claim(poolKey, idempotencyKey, expiringBefore, discarded);
  }

  @Override
  public int available(String poolKey) {
    counts.incrementAndGet();
    return delegate.available(poolKey);
  }
}
