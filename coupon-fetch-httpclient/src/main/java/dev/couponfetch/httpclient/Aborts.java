package dev.couponfetch.httpclient;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Aborts requests that outlive their time. A timer task per request costs a schedule and a cancel
 * on a locked queue, and a wake-up of the timer thread, on every fetch; here a request only enters
 * and leaves a concurrent set, and one sweep every {@value #TICK_MS} ms on the fetcher's timer
 * cancels those past their end, so an abort lands at most that late. The sweep runs once anything
 * was armed and keeps running until the timer is shut down. Thread-safe.
 */
final class Aborts {
  static final long TICK_MS = 10;

  /** A request that may be aborted; {@link #fired} says whether it was. */
  static final class Armed {
    private final Cancellable request;
    private final long end;
    final AtomicBoolean fired = new AtomicBoolean();

    private Armed(Cancellable request, long end) {
      this.request = request;
      this.end = end;
    }
  }

  private final ScheduledExecutorService timer;
  private final Set<Armed> armed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean sweeping = new AtomicBoolean();

  Aborts(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /**
   * Aborts {@code request} once {@link System#nanoTime()} passes {@code end}, unless disarmed.
   *
   * @throws RejectedExecutionException when the timer is shut down (the fetcher is closed)
   */
  Armed arm(Cancellable request, long end) {
    if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
      timer.scheduleWithFixedDelay(this::sweep, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }
    if (timer.isShutdown()) {
      throw new RejectedExecutionException("the fetcher is closed");
    }
    Armed a = new Armed(request, end);
    armed.add(a);
    return a;
  }

  void disarm(Armed a) {
    armed.remove(a);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Armed a : armed) {
      if (now - a.end >= 0 && armed.remove(a)) {
        a.fired.set(true);
        a.request.cancel();
      }
    }
  }
}
