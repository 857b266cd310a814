package dev.couponfetch.examples.bench.noisy;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The healthy merchants' visitors: a closed loop over the healthy configs, each call to a config
 * picked at random, either {@code threads} threads calling {@code fetch} or {@code inFlight} chains
 * of {@code fetchAsync} (each starting its next call when the last one completes). Calls that
 * started and ended inside the measured window are timed. One run at a time.
 */
final class HealthyLoad {
  private HealthyLoad() {}

  /** One run's healthy calls. Latencies in nanoseconds, exact percentiles of the measured calls. */
  record Sample(
      long calls,
      double callsPerSecond,
      long p50,
      long p99,
      long errors,
      Map<String, Long> errorsByKind,
      String firstError) {}

  /** The measured window, in {@link System#nanoTime()}: [{@code from}, {@code end}). */
  record Window(long start, long from, long end) {
    static Window after(long start, long warmupNanos, long measureNanos) {
      return new Window(start, start + warmupNanos, start + warmupNanos + measureNanos);
    }

    double seconds() {
      return (end - from) / 1e9;
    }

    boolean measured(long t0, long t1) {
      return t0 >= from && t1 <= end;
    }
  }

  /** {@code threads} threads calling {@code fetch} until the window ends. */
  static Sample blocking(
      CouponFetcher fetcher, List<CouponSourceConfig> configs, int threads, Window w)
      throws InterruptedException {
    Errors errors = new Errors();
    long[][] latencies = new long[threads][];
    int[] counts = new int[threads];
    Thread[] workers = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      int id = i;
      workers[i] =
          new Thread(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long[] mine = new long[4096];
                int n = 0;
                long t0;
                while ((t0 = System.nanoTime()) < w.end()) {
                  CouponSourceConfig config = configs.get(random.nextInt(configs.size()));
                  try {
                    fetcher.fetch(config, Map.of()).first();
                  } catch (RuntimeException e) {
                    errors.add(e);
                    continue;
                  }
                  long t1 = System.nanoTime();
                  if (w.measured(t0, t1)) {
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = t1 - t0;
                  }
                }
                latencies[id] = mine;
                counts[id] = n;
              },
              "bench-healthy-" + i);
      workers[i].setDaemon(true);
      workers[i].start();
    }
    for (Thread t : workers) {
      t.join();
    }
    return sample(latencies, counts, w, errors);
  }

  /** {@code inFlight} chains of {@code fetchAsync} until the window ends; no thread of its own. */
  static Sample async(
      CouponFetcher fetcher, List<CouponSourceConfig> configs, int inFlight, Window w)
      throws InterruptedException {
    Errors errors = new Errors();
    CountDownLatch done = new CountDownLatch(inFlight);
    Chain[] chains = new Chain[inFlight];
    for (int i = 0; i < inFlight; i++) {
      chains[i] = new Chain(fetcher, configs, w, errors, done);
    }
    for (Chain c : chains) {
      c.next();
    }
    long left = w.end() - System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    if (!done.await(left, TimeUnit.NANOSECONDS)) {
      errors.add(new IllegalStateException("async calls still running 30 s after the window"));
    }
    long[][] latencies = new long[inFlight][];
    int[] counts = new int[inFlight];
    for (int i = 0; i < inFlight; i++) {
      synchronized (chains[i]) {
        latencies[i] = chains[i].latencies;
        counts[i] = chains[i].n;
      }
    }
    return sample(latencies, counts, w, errors);
  }

  /** One caller of the async loop: a call at a time, the next started when the last completes. */
  private static final class Chain {
    private final CouponFetcher fetcher;
    private final List<CouponSourceConfig> configs;
    private final Window w;
    private final Errors errors;
    private final CountDownLatch done;
    long[] latencies = new long[4096];
    int n;

    Chain(
        CouponFetcher fetcher,
        List<CouponSourceConfig> configs,
        Window w,
        Errors errors,
        CountDownLatch done) {
      this.fetcher = fetcher;
      this.configs = configs;
      this.w = w;
      this.errors = errors;
      this.done = done;
    }

    void next() {
      // Calls that complete at once are taken in this loop rather than by recursion.
      while (true) {
        long t0 = System.nanoTime();
        if (t0 >= w.end()) {
          done.countDown();
          return;
        }
        CouponSourceConfig config =
            configs.get(ThreadLocalRandom.current().nextInt(configs.size()));
        CompletableFuture<CouponBatch> f = fetcher.fetchAsync(config, Map.of());
        if (f.isDone()) {
          record(t0, f.handle((b, e) -> e).join());
          continue;
        }
        f.whenComplete(
            (b, e) -> {
              record(t0, e);
              next();
            });
        return;
      }
    }

    private synchronized void record(long t0, Throwable e) {
      long t1 = System.nanoTime();
      if (e != null) {
        errors.add(e);
      } else if (w.measured(t0, t1)) {
        if (n == latencies.length) {
          latencies = Arrays.copyOf(latencies, n * 2);
        }
        latencies[n++] = t1 - t0;
      }
    }
  }

  private static Sample sample(long[][] latencies, int[] counts, Window w, Errors errors) {
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int i = 0; i < counts.length; i++) {
      if (latencies[i] != null) {
        System.arraycopy(latencies[i], 0, all, at, counts[i]);
        at += counts[i];
      }
    }
    Arrays.sort(all);
    return new Sample(
        total,
        total / w.seconds(),
        percentile(all, 0.50),
        percentile(all, 0.99),
        errors.count.get(),
        errors.byKind(),
        errors.first.get());
  }

  /** Nearest-rank percentile of a sorted array; 0 when empty. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** The kind of a failed call: its {@code Reason}, or its exception's class. */
  static String kind(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof CouponFetchException
        ? ((CouponFetchException) t).reason().name()
        : t.getClass().getSimpleName();
  }

  /** Failed calls counted by kind, and the first one. Thread-safe. */
  static final class Errors {
    final AtomicLong count = new AtomicLong();
    final AtomicReference<String> first = new AtomicReference<>();
    final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();

    void add(Throwable e) {
      count.incrementAndGet();
      first.compareAndSet(null, e.toString());
      kinds.computeIfAbsent(kind(e), k -> new LongAdder()).increment();
    }

    Map<String, Long> byKind() {
      Map<String, Long> m = new java.util.TreeMap<>();
      kinds.forEach((k, v) -> m.put(k, v.sum()));
      return m;
    }
  }
}
