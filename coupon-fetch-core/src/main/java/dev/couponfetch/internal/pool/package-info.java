/**
 * The coupon pool's engine ({@code RefillingPool}: takes from the store, refills it in the
 * background, hands each coupon out once) and the in-memory {@link dev.couponfetch.CouponStore}.
 * Reached through {@link dev.couponfetch.CouponPool} and {@link dev.couponfetch.CouponStores}. Not
 * API.
 */
package dev.couponfetch.internal.pool;
