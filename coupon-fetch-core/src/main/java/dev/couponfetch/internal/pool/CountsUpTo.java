package dev.couponfetch.internal.pool;

/**
 * A store that can count the available coupons of a pool key up to a bound, at a cost that grows
 * with the bound instead of the stock (a database counting index entries): a pool only needs to
 * know whether the stock is below its watermark.
 */
public interface CountsUpTo {
  /** How many coupons of {@code poolKey} are available, or {@code atMost} when there are more. */
  int available(String poolKey, int atMost);
}
