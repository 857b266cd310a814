package dev.couponfetch.examples.bench.load;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Starts many {@code fetchAsync} calls to the server's slow endpoint at once: one burst that also
 * opens the connections, then three that find them pooled (the median one is reported), and watches
 * how many threads the JVM grows meanwhile. The server's pool is fixed and started before, so new
 * threads are the client's. Not thread-safe.
 */
final class AsyncProbe {
  /** JIT warm-up: batches of calls to the fast endpoint, each side with a client of its own. */
  private static final int WARM_UP_BATCHES = 100;

  private static final int WARM_UP_BATCH = 100;

  /** Bursts on pooled connections; the median one is reported. */
  private static final int WARM_BURSTS = 3;

  private final BenchServer server;
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Set<Long> before = new HashSet<>();
  private Map<String, Integer> byName = new TreeMap<>();

  private AsyncProbe(BenchServer server) {
    this.server = server;
  }

  /**
   * What happened.
   *
   * @param newThreads the JVM's peak thread count during both bursts minus the count before the
   *     fetcher was built
   * @param byName the threads alive at the busiest sample that were not there before, by name with
   *     its numbers dropped
   */
  record Result(int newThreads, Map<String, Integer> byName, Burst cold, Burst warm) {}

  /** coupon-fetch's result, and the raw async client's (null when not run). */
  record Both(Result couponFetch, Result raw) {}

  /**
   * One burst.
   *
   * @param submitMillis how long the caller took to start every call
   * @param arrivalSpreadMillis from the first request's arrival at the server to the last one's
   * @param serverPeak the most slow requests the server held at once
   */
  record Burst(
      int calls,
      int succeeded,
      int failed,
      String firstError,
      boolean timedOut,
      long wallMillis,
      double submitMillis,
      double arrivalSpreadMillis,
      int serverPeak) {}

  /** coupon-fetch's {@code fetchAsync}, then (when {@code withRaw}) the raw async client. */
  static Both run(
      BenchServer server, int calls, long limitMillis, String userAgent, boolean withRaw)
      throws InterruptedException {
    warmUp(server, userAgent, withRaw);
    CouponSourceConfig config = AuthCase.config(server.url("/slow"), AuthConfig.none());
    Result cf =
        new AsyncProbe(server)
            .run(
                () ->
                    HttpClientCouponFetcher.builder()
                        .allowPrivateNetworks(true)
                        .userAgent(userAgent)
                        .maxConnectionsTotal(calls + 24)
                        .maxConnectionsPerRoute(calls + 24)
                        .build(),
                fetcher -> fetcher.fetchAsync(config, Map.of()),
                calls,
                limitMillis);
    Result raw =
        withRaw
            ? new AsyncProbe(server)
                .run(
                    () -> new RawAsyncClient(calls + 24, userAgent),
                    client -> client.fetch(server.url("/slow")),
                    calls,
                    limitMillis)
            : null;
    return new Both(cf, raw);
  }

  /**
   * Compiles both sides' async paths before anything is measured: a run whose load cells ran in
   * other JVMs ({@link AuthForks}) would otherwise measure coupon-fetch's first few thousand calls,
   * interpreted, against a client whose few steps compile at once.
   */
  private static void warmUp(BenchServer server, String userAgent, boolean withRaw) {
    String url = server.url("/open/coupon");
    CouponSourceConfig open = AuthCase.config(url, AuthConfig.none());
    try (HttpClientCouponFetcher fetcher =
            HttpClientCouponFetcher.builder()
                .allowPrivateNetworks(true)
                .userAgent(userAgent)
                .build();
        RawAsyncClient raw = new RawAsyncClient(WARM_UP_BATCH, userAgent)) {
      for (int i = 0; i < WARM_UP_BATCHES; i++) {
        List<CompletableFuture<?>> batch = new ArrayList<>();
        for (int j = 0; j < WARM_UP_BATCH; j++) {
          batch.add(fetcher.fetchAsync(open, Map.of()).handle((c, e) -> null));
          if (withRaw) {
            batch.add(raw.fetch(url).handle((c, e) -> null));
          }
        }
        CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).join();
      }
    }
  }

  private <C extends AutoCloseable> Result run(
      Supplier<C> clients, Function<C, CompletableFuture<?>> call, int calls, long limitMillis)
      throws InterruptedException {
    // Counted from before the client is built: its own threads are part of what it costs.
    for (long id : mx.getAllThreadIds()) {
      before.add(id);
    }
    int countBefore = mx.getThreadCount();
    mx.resetPeakThreadCount();
    C client = clients.get();
    try {
      Burst cold = burst(() -> call.apply(client), calls, limitMillis);
      Burst warm = null;
      if (!cold.timedOut()) {
        // How fast a burst reaches a loaded 2-core loopback server varies from burst to burst:
        // the median of three, by how many the server held at once.
        List<Burst> warms = new ArrayList<>();
        for (int i = 0; i < WARM_BURSTS && (i == 0 || !warms.get(i - 1).timedOut()); i++) {
          warms.add(burst(() -> call.apply(client), calls, limitMillis));
        }
        warms.sort(Comparator.comparingInt(Burst::serverPeak));
        warm = warms.get(warms.size() / 2);
      }
      // The peak minus the count before undercounts when an earlier client's threads were still
      // ending meanwhile; the new threads seen by name are a floor.
      int grown = Math.max(mx.getPeakThreadCount() - countBefore, total(byName));
      return new Result(grown, byName, cold, warm);
    } finally {
      try {
        client.close(); // unfinished calls fail fast
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the client: " + e, e);
      }
    }
  }

  private Burst burst(Supplier<CompletableFuture<?>> call, int calls, long limitMillis)
      throws InterruptedException {
    server.resetSlowPeak();
    long t0 = System.nanoTime();
    List<CompletableFuture<?>> futures = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      futures.add(call.get());
    }
    double submit = (System.nanoTime() - t0) / 1e6;
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture<?>[]::new))
            .exceptionally(e -> null);
    long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(limitMillis);
    boolean timedOut = false;
    while (true) {
      Map<String, Integer> now = newThreadsByName();
      if (total(now) > total(byName)) {
        byName = now;
      }
      try {
        all.get(50, TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e); // cannot happen: failures were mapped to null
      }
    }
    long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    int ok = 0;
    String firstError = null;
    for (CompletableFuture<?> f : futures) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        ok++;
      } else if (firstError == null && f.isCompletedExceptionally()) {
        firstError = f.handle((v, e) -> String.valueOf(e)).join();
      }
    }
    return new Burst(
        calls,
        ok,
        calls - ok,
        firstError,
        timedOut,
        wall,
        submit,
        server.slowArrivalSpreadMillis(),
        server.slowPeak());
  }

  private Map<String, Integer> newThreadsByName() {
    long[] fresh = Arrays.stream(mx.getAllThreadIds()).filter(id -> !before.contains(id)).toArray();
    return Arrays.stream(mx.getThreadInfo(fresh, 0))
        .filter(i -> i != null)
        .map(ThreadInfo::getThreadName)
        .collect(
            Collectors.toMap(
                n -> n.replaceAll("[-_#\\s]*\\d+$", ""), n -> 1, Integer::sum, TreeMap::new));
  }

  private static int total(Map<String, Integer> byName) {
    return byName.values().stream().mapToInt(Integer::intValue).sum();
  }
}
