package dev.couponfetch.examples.bench.load;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.examples.bench.load.ClosedLoop.Sample;
import dev.couponfetch.examples.bench.noisy.NoisyBench;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The end-to-end load benchmark: coupon-fetch's {@code fetch} against a hand-written HttpClient 5
 * client ({@link RawClient}) on loopback, for {@code NONE}, {@code BASIC}, {@code DIGEST} and
 * {@code QUERY_STRING}, at concurrency 1, 8 and 64; then Digest against Basic at an endpoint's
 * latency ({@link RemoteProbe}); then 1,000 {@code fetchAsync} calls in flight to a slow endpoint
 * ({@link AsyncProbe}); then {@code fetchAsync} against a hand-written HttpClient 5 async client
 * ({@link RawAsyncClient}) with 64 and 512 calls kept in flight ({@link AsyncLoop}); then the
 * noisy-neighbours benchmark ({@link NoisyBench}; {@code -Dcf.bench.noisy=false} skips it).
 *
 * <p>Each cell (auth type and concurrency) runs baseline and coupon-fetch in short alternating
 * slices (the order flips every round) and reports the median of the rounds; ratios are
 * coupon-fetch over the baseline measured in the same run. Besides throughput and latency it shows
 * the CPU time of the calling threads and of the whole process, and the bytes the calling threads
 * allocated, per call: on a noisy machine these move less than throughput does.
 *
 * <p>System properties change the settings: {@code cf.bench.jitWarmupMs}, {@code
 * cf.bench.cellWarmupMs}, {@code cf.bench.warmupMs}, {@code cf.bench.measureMs}, {@code
 * cf.bench.rounds}, {@code cf.bench.concurrency} (comma-separated), {@code cf.bench.auth}
 * (comma-separated auth types), {@code cf.bench.asyncCalls} (0 skips the async burst), {@code
 * cf.bench.asyncInFlight} (comma-separated calls kept in flight; empty skips the async cells),
 * {@code cf.bench.asyncConnections} (each async side's connections per route and in total; default
 * the calls in flight) and {@code cf.bench.blocking} ({@code false} skips the blocking cells, so
 * that {@code -Dcf.bench.blocking=false -Dcf.bench.asyncCalls=0} runs the async cells alone).
 */
public final class LoadBench {
  static final int CONNECTIONS = 64;
  static final String USER_AGENT = "coupon-fetch-bench/1";
  private static final int SERVER_THREADS = 32;
  private static final int ASYNC_CALLS = 1_000;
  private static final int ASYNC_THREAD_TARGET = 20;
  static final double THROUGHPUT_TARGET = 0.95;
  static final double P99_TARGET = 1.10;
  static final double ASYNC_P99_TARGET = 1.30;

  /** Both async sides' I/O threads: coupon-fetch's default, the processors, at most 4. */
  static final int IO_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

  static final double DIGEST_TARGET = 0.90;

  private LoadBench() {}

  /** {@code --quick} for a short run. */
  public static void main(String[] args) {
    System.exit(run(System.out, args.length > 0 && args[0].equals("--quick")));
  }

  /**
   * Runs the end-to-end load benchmark and prints its tables to {@code out}.
   *
   * @param quick a short run, for smoke tests
   * @return 0 when it ran (whether or not the targets were met: the numbers are the result), 1 when
   *     it could not run
   */
  public static int run(PrintStream out, boolean quick) {
    Settings s = Settings.read(quick);
    Report report = new Report(out, s);
    report.header();
    List<String> verdicts = new ArrayList<>();
    try {
      Map<AuthCase, Map<Integer, Report.Throughput>> throughput = null;
      if (s.fork && s.blocking) {
        AuthForks.Result forks = AuthForks.run(out, s);
        verdicts.addAll(forks.verdicts());
        report.countErrors(forks.errors());
        if (forks.failure() != null) {
          out.println("load benchmark failed: " + forks.failure());
          return 1;
        }
        throughput = forks.throughput();
      }
      try (BenchServer server = BenchServer.start(SERVER_THREADS);
          RawClient raw = new RawClient(CONNECTIONS, USER_AGENT);
          HttpClientCouponFetcher fetcher =
              HttpClientCouponFetcher.builder()
                  .allowPrivateNetworks(true)
                  .userAgent(USER_AGENT)
                  .maxConnectionsTotal(CONNECTIONS)
                  .maxConnectionsPerRoute(CONNECTIONS)
                  .build()) {
        if (s.blocking) {
          if (!s.fork) {
            throughput = measureAll(server, s, raw, fetcher, report, verdicts);
          }
          verdicts.addAll(report.digestVsBasic(throughput));
          if (!s.child && s.auths.contains(AuthCase.DIGEST) && s.auths.contains(AuthCase.BASIC)) {
            verdicts.add(RemoteProbe.run(out, server, raw, fetcher, s));
          }
        }
        if (!s.child) {
          for (int inFlight : s.asyncInFlight) {
            verdicts.add(report.asyncCell(asyncCell(server, s, report, inFlight)));
          }
        }
        int asyncCalls = Integer.getInteger("cf.bench.asyncCalls", ASYNC_CALLS);
        if (asyncCalls > 0) {
          AsyncProbe.Both async =
              AsyncProbe.run(server, asyncCalls, quick ? 15_000 : 30_000, USER_AGENT, true);
          verdicts.add(report.async(async, ASYNC_THREAD_TARGET));
        }
      }
      if (!s.child && Boolean.parseBoolean(System.getProperty("cf.bench.noisy", "true"))) {
        NoisyBench.Result noisy = NoisyBench.run(out, quick);
        verdicts.addAll(noisy.verdicts());
        if (noisy.failure() != null) {
          verdicts.add("MISS NOISY did not run: " + noisy.failure());
        }
      }
      report.summary(verdicts);
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("load benchmark interrupted");
      return 1;
    } catch (IOException | RuntimeException e) {
      out.println("load benchmark failed: " + e);
      return 1;
    }
  }

  /** Every auth type's cells in this JVM; prints their tables and adds their verdicts. */
  private static Map<AuthCase, Map<Integer, Report.Throughput>> measureAll(
      BenchServer server,
      Settings s,
      RawClient raw,
      HttpClientCouponFetcher fetcher,
      Report report,
      List<String> verdicts)
      throws InterruptedException {
    warmUp(server, s, raw, fetcher, report);
    Map<AuthCase, Map<Integer, Report.Throughput>> throughput = new EnumMap<>(AuthCase.class);
    for (AuthCase auth : s.auths) {
      CouponSourceConfig config = auth.config(server);
      Map<Integer, Cell> row = new TreeMap<>();
      for (int threads : s.concurrency) {
        Cell cell =
            measure(
                server,
                s,
                report,
                auth,
                threads,
                () -> raw.caller(auth, server),
                () -> () -> fetcher.fetch(config, Map.of()).first());
        row.put(threads, cell);
      }
      verdicts.addAll(report.table(auth, row));
      throughput.put(auth, Report.throughput(row));
    }
    return throughput;
  }

  /** One async cell: {@code inFlight} calls kept in flight; the baseline's and coupon-fetch's. */
  record AsyncCell(int inFlight, int connections, List<Sample> base, List<Sample> cf) {}

  /**
   * coupon-fetch's {@code fetchAsync} against {@link RawAsyncClient} (the same GET of the fast
   * endpoint and the same JSON read), each on a client of its own with the same connections and I/O
   * threads, {@code inFlight} calls kept in flight, in alternating slices as the blocking cells.
   */
  private static AsyncCell asyncCell(BenchServer server, Settings s, Report report, int inFlight)
      throws InterruptedException {
    int connections = Integer.getInteger("cf.bench.asyncConnections", inFlight);
    int cfConnections = Integer.getInteger("cf.bench.asyncCfConnections", connections);
    CouponSourceConfig config = AuthCase.NONE.config(server);
    String url = AuthCase.NONE.rawUrl(server);
    List<Sample> bs = new ArrayList<>();
    List<Sample> cs = new ArrayList<>();
    try (RawAsyncClient raw = new RawAsyncClient(connections, USER_AGENT, IO_THREADS);
        HttpClientCouponFetcher fetcher =
            HttpClientCouponFetcher.builder()
                .allowPrivateNetworks(true)
                .userAgent(USER_AGENT)
                .maxConnectionsTotal(cfConnections)
                .maxConnectionsPerRoute(cfConnections)
                .ioThreads(IO_THREADS)
                .build()) {
      Supplier<CompletableFuture<?>> base = () -> raw.fetch(url);
      Supplier<CompletableFuture<?>> coupon = () -> fetcher.fetchAsync(config, Map.of());
      // The JIT's warm-up, then this cell's (the pools fill at this many in flight).
      long warm = s.jitWarmupNanos + s.cellWarmupNanos;
      report.asyncWarmUpErrors("baseline", AsyncLoop.run(inFlight, warm, 1, base));
      report.asyncWarmUpErrors("coupon-fetch", AsyncLoop.run(inFlight, warm, 1, coupon));
      for (int round = 0; round < s.rounds; round++) {
        for (int i = 0; i < 2; i++) {
          boolean baseline = (round + i) % 2 == 0;
          System.gc();
          Sample sample =
              AsyncLoop.run(inFlight, s.warmupNanos, s.measureNanos, baseline ? base : coupon);
          (baseline ? bs : cs).add(sample);
        }
      }
    }
    return new AsyncCell(inFlight, connections, bs, cs);
  }

  /** One auth type at one concurrency: the baseline's and coupon-fetch's rounds. */
  record Cell(List<Sample> base, List<Sample> cf, Challenges baseDigest, Challenges cfDigest) {}

  /** Digest requests the server saw and those it let through, over a side's runs. */
  record Challenges(long requests, long answered) {
    Challenges plus(long r, long a) {
      return new Challenges(requests + r, answered + a);
    }
  }

  /** Compiles both sides' hot paths and fills both pools before anything is measured. */
  private static void warmUp(
      BenchServer server, Settings s, RawClient raw, HttpClientCouponFetcher fetcher, Report report)
      throws InterruptedException {
    for (AuthCase auth : s.auths) {
      CouponSourceConfig config = auth.config(server);
      for (int i = 0; i < 2; i++) {
        Supplier<Caller> side =
            i == 0
                ? () -> raw.caller(auth, server)
                : () -> () -> fetcher.fetch(config, Map.of()).first();
        Sample warm = ClosedLoop.run(8, s.jitWarmupNanos, 1, side);
        report.warmUpErrors(i == 0 ? "baseline" : "coupon-fetch", auth, warm);
      }
    }
  }

  private static Cell measure(
      BenchServer server,
      Settings s,
      Report report,
      AuthCase auth,
      int threads,
      Supplier<Caller> base,
      Supplier<Caller> coupon)
      throws InterruptedException {
    List<Sample> bs = new ArrayList<>();
    List<Sample> cs = new ArrayList<>();
    Challenges bd = new Challenges(0, 0);
    Challenges cd = new Challenges(0, 0);
    // Fills both sides' pools (and Digest contexts) at this concurrency.
    report.warmUpErrors("baseline", auth, ClosedLoop.run(threads, s.cellWarmupNanos, 1, base));
    report.warmUpErrors(
        "coupon-fetch", auth, ClosedLoop.run(threads, s.cellWarmupNanos, 1, coupon));
    for (int round = 0; round < s.rounds; round++) {
      // The order flips every round, so that neither side always runs on a warmer machine.
      for (int i = 0; i < 2; i++) {
        boolean baseline = (round + i) % 2 == 0;
        System.gc();
        long r0 = server.digestRequests();
        long a0 = server.digestAnswered();
        Sample sample =
            ClosedLoop.run(threads, s.warmupNanos, s.measureNanos, baseline ? base : coupon);
        long r = server.digestRequests() - r0;
        long a = server.digestAnswered() - a0;
        if (baseline) {
          bs.add(sample);
          bd = bd.plus(r, a);
        } else {
          cs.add(sample);
          cd = cd.plus(r, a);
        }
      }
    }
    return new Cell(bs, cs, bd, cd);
  }

  /** The run's settings. */
  static final class Settings {
    /** The settings a parent gives each fork itself rather than passing its own on. */
    static final Set<String> PER_FORK =
        Set.of("cf.bench.auth", "cf.bench.asyncCalls", "cf.bench.child", "cf.bench.fork");

    final boolean quick;
    final long jitWarmupNanos;
    final long cellWarmupNanos;
    final long warmupNanos;
    final long measureNanos;
    final int rounds;
    final List<Integer> concurrency;
    final List<AuthCase> auths;

    /** The async cells' calls in flight; empty: none. */
    final List<Integer> asyncInFlight;

    /** Whether the blocking cells (and the Digest probe) run. */
    final boolean blocking;

    /** A fork of a parent run: one auth type; its numbers go to the parent. */
    final boolean child;

    /** Each auth type in a JVM of its own ({@link AuthForks}); default when there are several. */
    final boolean fork;

    private Settings(
        boolean quick,
        long jitWarmupMs,
        long cellWarmupMs,
        long warmupMs,
        long measureMs,
        int rounds,
        List<Integer> concurrency,
        List<AuthCase> auths,
        List<Integer> asyncInFlight) {
      this.quick = quick;
      this.asyncInFlight = asyncInFlight;
      this.blocking = Boolean.parseBoolean(System.getProperty("cf.bench.blocking", "true"));
      this.jitWarmupNanos = TimeUnit.MILLISECONDS.toNanos(jitWarmupMs);
      this.cellWarmupNanos = TimeUnit.MILLISECONDS.toNanos(cellWarmupMs);
      this.warmupNanos = TimeUnit.MILLISECONDS.toNanos(warmupMs);
      this.measureNanos = TimeUnit.MILLISECONDS.toNanos(measureMs);
      this.rounds = rounds;
      this.concurrency = concurrency;
      this.auths = auths;
      this.child = Boolean.getBoolean("cf.bench.child");
      this.fork =
          !child
              && auths.size() > 1
              && Boolean.parseBoolean(System.getProperty("cf.bench.fork", "true"));
    }

    static Settings read(boolean quick) {
      // Many short alternating slices ride out a noisy machine's bursts (seconds long) better
      // than a few long rounds: each round's pair ran at nearly the same time. The first warm-up
      // (per side and auth type, at concurrency 8) lets the JIT finish; each cell's warm-up fills
      // the pools at its concurrency; each slice's own warm-up lets its threads get going.
      long jitWarmup = Long.getLong("cf.bench.jitWarmupMs", quick ? 500 : 3_000);
      long cellWarmup = Long.getLong("cf.bench.cellWarmupMs", quick ? 200 : 1_000);
      long warmup = Long.getLong("cf.bench.warmupMs", quick ? 50 : 100);
      long measure = Long.getLong("cf.bench.measureMs", quick ? 250 : 500);
      int rounds = Integer.getInteger("cf.bench.rounds", quick ? 4 : 12);
      List<Integer> concurrency = new ArrayList<>();
      for (String c : System.getProperty("cf.bench.concurrency", "1,8,64").split(",")) {
        concurrency.add(Integer.parseInt(c.trim()));
      }
      List<AuthCase> auths = new ArrayList<>();
      for (String a :
          System.getProperty("cf.bench.auth", "NONE,BASIC,DIGEST,QUERY_STRING").split(",")) {
        auths.add(AuthCase.valueOf(a.trim().toUpperCase(Locale.ROOT)));
      }
      List<Integer> asyncInFlight = new ArrayList<>();
      for (String k : System.getProperty("cf.bench.asyncInFlight", "64,512").split(",")) {
        if (!k.isBlank()) {
          asyncInFlight.add(Integer.parseInt(k.trim()));
        }
      }
      return new Settings(
          quick,
          jitWarmup,
          cellWarmup,
          warmup,
          measure,
          Math.max(1, rounds),
          concurrency,
          auths,
          asyncInFlight);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%s run%s: first warm-up %d ms per side and auth type; per cell a warm-up of %d ms per"
              + " side, then %d round(s) of [warm-up %d ms + measure %d ms] per side, baseline and"
              + " coupon-fetch alternating (order flips each round); concurrency %s; %d"
              + " connections per side; GET, Jetty on 127.0.0.1 (%d fixed threads) in the same"
              + " JVM; async cells: %s calls in flight, each round's slices as above",
          quick ? "quick" : "default",
          !blocking
              ? ", async cells only (-Dcf.bench.blocking=false)"
              : fork
                  ? ", each auth type in a JVM of its own (-Dcf.bench.fork=false: all in one)"
                  : "",
          TimeUnit.NANOSECONDS.toMillis(jitWarmupNanos),
          TimeUnit.NANOSECONDS.toMillis(cellWarmupNanos),
          rounds,
          TimeUnit.NANOSECONDS.toMillis(warmupNanos),
          TimeUnit.NANOSECONDS.toMillis(measureNanos),
          concurrency,
          CONNECTIONS,
          SERVER_THREADS,
          asyncInFlight.isEmpty() ? "no" : asyncInFlight.toString());
    }
  }

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "machine: %d cores, %s %s (%s), max heap %d MiB, %s %s %s, load average %.2f",
        rt.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        rt.maxMemory() >> 20,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
