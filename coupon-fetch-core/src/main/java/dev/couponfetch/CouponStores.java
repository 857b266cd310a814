package dev.couponfetch;

import dev.couponfetch.internal.pool.InMemoryCouponStore;

/** The built-in {@link CouponStore}s. */
public final class CouponStores {
  private CouponStores() {}

  /**
   * A store in this JVM's memory: the default of {@link CouponPool}. Coupons are lost on restart,
   * and the store remembers every code and idempotency key it ever held, so it grows with the
   * number of coupons fetched. Thread-safe.
   */
  public static CouponStore inMemory() {
    return new InMemoryCouponStore();
  }
}
