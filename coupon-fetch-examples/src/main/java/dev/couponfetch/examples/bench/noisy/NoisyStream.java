package dev.couponfetch.examples.bench.noisy;

import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.examples.bench.noisy.HealthyLoad.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The misbehaving merchants' visitors: an open loop of {@code fetchAsync} calls at a fixed rate
 * over the bad origins in turn, started whatever happened to the earlier ones (no bench thread
 * waits for them), from the window's start to its end. Counts the outcomes of the calls that ended
 * inside the measured window, per origin, and times them (from their start): in a steady state as
 * many end as start, and no slice has to wait for its slowest calls. Thread-safe.
 */
final class NoisyStream implements AutoCloseable {
  private static final long TICK_MICROS = 2_000;

  /** What the calls that ended in the measured window came to. */
  record Outcomes(
      long started,
      long ended,
      int inFlightAtEnd,
      Map<String, Map<String, Long>> byOrigin,
      long p50,
      long p99,
      int peakInFlight) {}

  private final CouponFetcher fetcher;
  private final List<CouponSourceConfig> configs;
  private final List<String> names;
  private final double perSecond;
  private final Window w;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-noisy");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final LongAdder startedInWindow = new LongAdder();
  private final LongAdder endedInWindow = new LongAdder();
  private volatile int inFlightAtEnd = -1;
  private long issued; // on the timer thread only

  /**
   * Starts calling {@code configs} in turn at {@code perSecond} calls per second from {@code
   * w.start()}; {@code names} name each config's origin in the outcomes.
   */
  NoisyStream(
      CouponFetcher fetcher,
      List<CouponSourceConfig> configs,
      List<String> names,
      double perSecond,
      Window w) {
    this.fetcher = fetcher;
    this.configs = configs;
    this.names = names;
    this.perSecond = perSecond;
    this.w = w;
    if (perSecond > 0) {
      timer.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }
  }

  /** Starts the calls that are due: the rate holds however late the timer runs. */
  private void tick() {
    long now = System.nanoTime();
    if (now >= w.end()) {
      if (inFlightAtEnd < 0) {
        inFlightAtEnd = inFlight.get();
      }
      return;
    }
    long due = (long) ((now - w.start()) / 1e9 * perSecond);
    while (issued < due) {
      int i = (int) (issued++ % configs.size());
      call(i);
    }
  }

  private void call(int i) {
    long t0 = System.nanoTime();
    if (t0 >= w.from() && t0 < w.end()) {
      startedInWindow.increment();
    }
    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    fetcher
        .fetchAsync(configs.get(i), Map.of())
        .whenComplete(
            (batch, e) -> {
              long t1 = System.nanoTime();
              inFlight.decrementAndGet();
              if (t1 >= w.from() && t1 < w.end()) {
                endedInWindow.increment();
                latencies.add(t1 - t0);
                outcomes
                    .computeIfAbsent(names.get(i), n -> new ConcurrentHashMap<>())
                    .computeIfAbsent(e == null ? "OK" : HealthyLoad.kind(e), k -> new LongAdder())
                    .increment();
              }
            });
  }

  /** The outcomes; call it after the window. */
  Outcomes outcomes() {
    long[] sorted;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    Map<String, Map<String, Long>> by = new TreeMap<>();
    outcomes.forEach(
        (origin, kinds) -> {
          Map<String, Long> m = new TreeMap<>();
          kinds.forEach((k, v) -> m.put(k, v.sum()));
          by.put(origin, m);
        });
    return new Outcomes(
        startedInWindow.sum(),
        endedInWindow.sum(),
        Math.max(0, inFlightAtEnd),
        by,
        HealthyLoad.percentile(sorted, 0.50),
        HealthyLoad.percentile(sorted, 0.99),
        peakInFlight.get());
  }

  /** Stops starting calls (those running go on). */
  void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
