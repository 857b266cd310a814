package dev.couponfetch.httpclient;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How a fetch waits before sending a request again: the blocking driver sleeps, the async one
 * schedules. Tests give the fetcher an implementation that records the waits and goes on at once.
 */
interface Waits {
  /** Really waiting, interruptibly, or on the fetcher's timer. */
  Waits REAL =
      new Waits() {
        @Override
        public void sleep(Duration d) throws InterruptedException {
          if (!d.isNegative() && !d.isZero()) {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
          }
        }

        @Override
        public void schedule(Runnable then, Duration d, ScheduledExecutorService timer) {
          timer.schedule(then, d.toNanos(), TimeUnit.NANOSECONDS);
        }
      };

  /** Waits {@code d} on the calling thread. */
  void sleep(Duration d) throws InterruptedException;

  /**
   * Runs {@code then} after {@code d}, on {@code timer}.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the timer is shut down
   */
  void schedule(Runnable then, Duration d, ScheduledExecutorService timer);
}
