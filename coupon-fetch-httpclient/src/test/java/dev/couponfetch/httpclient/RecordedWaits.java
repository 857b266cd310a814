package dev.couponfetch.httpclient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Waits that record how long they were asked to wait and go on at once, for retry tests. */
final class RecordedWaits implements Waits {
  private final List<Duration> waits;

  private RecordedWaits(List<Duration> waits) {
    this.waits = waits;
  }

  /** Waits recorded into {@code waits} (a thread-safe list). */
  static Waits into(List<Duration> waits) {
    return new RecordedWaits(waits);
  }

  @Override
  public void sleep(Duration d) {
    waits.add(d);
  }

  @Override
  public void schedule(Runnable then, Duration d, ScheduledExecutorService timer) {
    waits.add(d);
    timer.schedule(then, 0, TimeUnit.NANOSECONDS);
  }
}
