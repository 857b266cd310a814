package dev.couponfetch.examples.bench.load;

import dev.couponfetch.examples.bench.load.ClosedLoop.Sample;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A closed loop of async calls: {@code inFlight} calls kept in flight, each started again as soon
 * as the previous one on its lane completes (on whichever thread completed it), a warm-up then a
 * measured window; every call completed inside the window is timed from its start. No thread waits
 * for a call. Not thread-safe: one run at a time.
 */
final class AsyncLoop {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** How long after the window the last calls may take before the run gives up on them. */
  private static final long DRAIN_SECONDS = 30;

  private AsyncLoop() {}

  /** One lane: a chain of calls, one at a time; only the thread completing its call touches it. */
  private static final class Lane {
    long[] latencies = new long[1024];
    int n;
  }

  /**
   * Runs {@code inFlight} lanes of {@code call}. The sample's {@code threads} is {@code inFlight};
   * its calling-thread CPU is NaN (no thread is the caller's); its bytes per call are those every
   * thread of the process (the server's too) allocated in the window, over the calls completed.
   */
  static Sample run(
      int inFlight, long warmupNanos, long measureNanos, Supplier<CompletableFuture<?>> call)
      throws InterruptedException {
    Lane[] lanes = new Lane[inFlight];
    CountDownLatch done = new CountDownLatch(inFlight);
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    for (int i = 0; i < inFlight; i++) {
      lanes[i] = new Lane();
      next(lanes[i], call, measureFrom, end, done, errors, firstError);
    }
    sleepUntil(measureFrom);
    long process0 = OS.getProcessCpuTime();
    long alloc0 = allocated();
    sleepUntil(end);
    long process1 = OS.getProcessCpuTime();
    long alloc1 = allocated();
    if (!done.await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          done.getCount() + " async calls still in flight " + DRAIN_SECONDS + " s after the run");
    }
    int total = 0;
    for (Lane l : lanes) {
      total += l.n;
    }
    long[] all = new long[total];
    int at = 0;
    for (Lane l : lanes) {
      System.arraycopy(l.latencies, 0, all, at, l.n);
      at += l.n;
    }
    Arrays.sort(all);
    return new Sample(
        inFlight,
        total,
        total / (measureNanos / 1e9),
        ClosedLoop.percentile(all, 0.50),
        ClosedLoop.percentile(all, 0.99),
        errors.get(),
        firstError.get(),
        Double.NaN,
        (alloc1 - alloc0) / Math.max(1.0, total),
        (process1 - process0) / Math.max(1.0, total));
  }

  /** Starts the lane's next call, unless its time is up; loops when a call completes at once. */
  private static void next(
      Lane lane,
      Supplier<CompletableFuture<?>> call,
      long measureFrom,
      long end,
      CountDownLatch done,
      AtomicLong errors,
      AtomicReference<String> firstError) {
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.countDown();
        return;
      }
      CompletableFuture<?> f = start(call);
      if (f.isDone()) {
        // Completed on this thread (a failure at once): record it and loop, not recurse.
        record(lane, f, t0, measureFrom, end, errors, firstError);
        continue;
      }
      f.whenComplete(
          (v, e) -> {
            record(lane, f, t0, measureFrom, end, errors, firstError);
            next(lane, call, measureFrom, end, done, errors, firstError);
          });
      return;
    }
  }

  private static CompletableFuture<?> start(Supplier<CompletableFuture<?>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void record(
      Lane lane,
      CompletableFuture<?> f,
      long t0,
      long measureFrom,
      long end,
      AtomicLong errors,
      AtomicReference<String> firstError) {
    long t1 = System.nanoTime();
    if (f.isCompletedExceptionally()) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, f.handle((v, e) -> String.valueOf(e)).join());
      return;
    }
    if (t0 >= measureFrom && t1 <= end) {
      if (lane.n == lane.latencies.length) {
        lane.latencies = Arrays.copyOf(lane.latencies, lane.n * 2);
      }
      lane.latencies[lane.n++] = t1 - t0;
    }
  }

  /** Bytes allocated so far by the threads alive now (threads that ended are not counted). */
  private static long allocated() {
    long sum = 0;
    for (long b : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      if (b > 0) {
        sum += b;
      }
    }
    return sum;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
