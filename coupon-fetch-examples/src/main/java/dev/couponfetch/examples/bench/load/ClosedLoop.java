package dev.couponfetch.examples.bench.load;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a closed loop: N threads, each calling as fast as its previous call returns, a warm-up then
 * a measured window; every call completed inside the window is timed with {@link
 * System#nanoTime()}. Not thread-safe: one run at a time.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** One run's result. Latencies in nanoseconds, exact percentiles of every measured call. */
  record Sample(
      int threads,
      long calls,
      double callsPerSecond,
      long p50,
      long p99,
      long errors,
      String error,
      double cpuNanosPerCall,
      double bytesPerCall,
      double processCpuNanosPerCall) {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * Runs {@code threads} threads, each with its own caller from {@code callers} (created on the
   * thread that uses it).
   */
  static Sample run(int threads, long warmupNanos, long measureNanos, Supplier<Caller> callers)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long[] start = new long[1];
    long[][] latencies = new long[threads][];
    int[] counts = new int[threads];
    long[] cpu = new long[threads];
    long[] alloc = new long[threads];
    int[] startedCalls = new int[threads];
    Thread[] workers = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      int id = i;
      workers[i] =
          new Thread(
              () -> {
                Caller caller = callers.get();
                long[] mine = new long[4096];
                int n = 0;
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                long measureFrom = start[0] + warmupNanos;
                long end = measureFrom + measureNanos;
                long t0;
                long cpu0 = 0;
                long alloc0 = 0;
                int started = 0;
                while ((t0 = System.nanoTime()) < end) {
                  if (t0 >= measureFrom && started++ == 0) {
                    // The calling thread's own work: HttpClient classic does all of a call's
                    // client-side work on it (the server's and helper threads' are not counted).
                    cpu0 = THREADS.getCurrentThreadCpuTime();
                    alloc0 = THREADS.getCurrentThreadAllocatedBytes();
                  }
                  try {
                    caller.call();
                  } catch (Exception | Error e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                    continue;
                  }
                  long t1 = System.nanoTime();
                  if (t0 >= measureFrom && t1 <= end) {
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = t1 - t0;
                  }
                }
                if (started > 0) {
                  cpu[id] = THREADS.getCurrentThreadCpuTime() - cpu0;
                  alloc[id] = THREADS.getCurrentThreadAllocatedBytes() - alloc0;
                  startedCalls[id] = started;
                }
                caller.release();
                latencies[id] = mine;
                counts[id] = n;
              },
              "bench-worker-" + i);
      workers[i].setDaemon(true);
      workers[i].start();
    }
    ready.await();
    start[0] = System.nanoTime();
    go.countDown(); // publishes start[0] to the workers
    // The whole process's CPU over the measured window: client, server and helper threads.
    sleepUntil(start[0] + warmupNanos);
    long process0 = OS.getProcessCpuTime();
    sleepUntil(start[0] + warmupNanos + measureNanos);
    long process1 = OS.getProcessCpuTime();
    for (Thread w : workers) {
      w.join();
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int at = 0;
    for (int i = 0; i < threads; i++) {
      if (latencies[i] != null) {
        System.arraycopy(latencies[i], 0, all, at, counts[i]);
        at += counts[i];
      }
    }
    Arrays.sort(all);
    long started = Arrays.stream(startedCalls).asLongStream().sum();
    double perCall = Math.max(1, started);
    return new Sample(
        threads,
        total,
        total / (measureNanos / 1e9),
        percentile(all, 0.50),
        percentile(all, 0.99),
        errors.get(),
        firstError.get(),
        Arrays.stream(cpu).sum() / perCall,
        Arrays.stream(alloc).sum() / perCall,
        (process1 - process0) / Math.max(1.0, total));
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** Nearest-rank percentile of a sorted array; 0 when empty. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
