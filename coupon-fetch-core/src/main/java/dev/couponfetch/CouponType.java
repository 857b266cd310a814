package dev.couponfetch;

/** How many coupons one response carries: the config's {@code couponType}. */
public enum CouponType {
  /** Exactly one code per response (an array of exactly one counts). */
  SINGLE,
  /** Any number of codes per response; duplicates are dropped with a warning. */
  BULK
}
