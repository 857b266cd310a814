package dev.couponfetch.httpclient;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Waits} that remember what async fetches wait for on the timer, so that closing the fetcher
 * can end those waits at once ({@link #endAll()}): each fetch then goes on, finds the fetcher
 * closed, and completes its future, rather than never (the closed timer drops them). Thread-safe.
 */
final class TrackedWaits implements Waits {
  private final Waits inner;
  private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();

  TrackedWaits(Waits inner) {
    this.inner = inner;
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    inner.sleep(d);
  }

  @Override
  public void schedule(Runnable then, Duration d, ScheduledExecutorService timer) {
    Runnable once =
        new Runnable() {
          private final AtomicBoolean ran = new AtomicBoolean();

          @Override
          public void run() {
            if (ran.compareAndSet(false, true)) {
              waiting.remove(this);
              then.run();
            }
          }
        };
    waiting.add(once);
    try {
      inner.schedule(once, d, timer);
    } catch (RuntimeException e) {
      waiting.remove(once);
      throw e;
    }
  }

  /** Ends every wait now, on the calling thread. */
  void endAll() {
    for (Runnable r : waiting) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // that fetch's future says what went wrong
      }
    }
  }
}
