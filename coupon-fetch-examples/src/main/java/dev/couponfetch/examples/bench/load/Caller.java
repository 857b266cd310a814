package dev.couponfetch.examples.bench.load;

import dev.couponfetch.Coupon;

/** One client's call for one coupon; an instance is used by one thread only. */
@FunctionalInterface
interface Caller {
  /** Fetches one coupon; any exception counts as an error. */
  Coupon call() throws Exception;

  /** Called by its thread once it has made its last call: gives back what it held. */
  default void release() {}
}
