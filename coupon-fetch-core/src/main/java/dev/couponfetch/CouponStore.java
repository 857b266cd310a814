package dev.couponfetch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a {@link CouponPool} keeps the coupons it fetched ahead of time, keyed by pool key. A
 * coupon is stored before it can be handed out, and {@link #claim} hands each stored coupon out at
 * most once, even when several pools (in one JVM or on several nodes) share the store.
 *
 * <p>Implementations must be thread-safe: every method is called from many threads at once. The
 * built-in stores are in {@link CouponStores}.
 */
public interface CouponStore {
  /**
   * Stores {@code coupons} under {@code poolKey}, skipping any code this store already holds or
   * once held for that key (available or claimed), so a refill that fetches a code again never
   * hands it out twice.
   *
   * @return how many coupons were actually added
   * @throws RuntimeException when the coupons could not be stored (all or none); a {@link
   *     CouponPool} tries again after a pause unless the failure is caused by an {@link
   *     java.sql.SQLException} whose SQLState says trying again cannot help, so a store on a
   *     database should keep the driver's exception as the cause
   */
  int add(String poolKey, List<Coupon> coupons);

  /**
   * Claims one available coupon of {@code poolKey}, atomically: no other claim, on any node, gets
   * it. Available coupons expiring at or before {@code expiringBefore} are never returned; those
   * the store meets while looking are removed and passed to {@code discarded}.
   *
   * <p>With a non-null {@code idempotencyKey}, the first claim binds the coupon to the key and
   * every later claim with the same key returns that same coupon (nothing more is claimed), so a
   * retried take for the same visitor gets the same coupon.
   *
   * @return the coupon, or empty when none is available
   */
  Optional<Coupon> claim(
      String poolKey, String idempotencyKey, Instant expiringBefore, Consumer<Coupon> discarded);

  /** How many coupons of {@code poolKey} are available (stored and not claimed). */
  int available(String poolKey);
}
