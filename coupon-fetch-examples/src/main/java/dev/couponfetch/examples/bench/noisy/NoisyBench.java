package dev.couponfetch.examples.bench.noisy;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Timeouts;
import dev.couponfetch.examples.bench.ForkedJvm;
import dev.couponfetch.examples.bench.noisy.HealthyLoad.Window;
import dev.couponfetch.examples.bench.noisy.NoisyServer.Mode;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The noisy-neighbours load benchmark: one fetcher for many merchants, each on an origin of its own
 * (a port of {@link NoisyServer} on {@code 127.0.0.1}), three of which misbehave: one hangs, one
 * answers 503, one answers 429 with {@code Retry-After: 2}.
 *
 * <p>Healthy visitors call the healthy merchants in a closed loop ({@code fetch} on N threads, or K
 * {@code fetchAsync} calls in flight), while a steady open-loop stream of {@code fetchAsync} calls
 * goes to the three bad merchants. Three runs alternate in short slices (the order rotates every
 * round), each with a fresh fetcher, a warm-up then a measured window:
 *
 * <ul>
 *   <li><b>A</b> all healthy: the three "bad" origins answer like the others (same load);
 *   <li><b>B</b> noisy, the fetcher's default per-origin policies (bulkhead, circuit breaker);
 *   <li><b>C</b> noisy, those policies off: {@code maxConcurrentPerOrigin(1000)}, {@code
 *       maxQueuedPerOrigin(10000)}, {@code circuitBreaker(0, ...)}.
 * </ul>
 *
 * <p>It reports the healthy calls' medians (throughput, p50, p99) per run with B/A and C/A, the
 * noisy calls' outcomes by {@code Reason}, the JVM's peak live threads and the most connections
 * open at the server at once. The whole benchmark runs in a JVM of its own with a fixed heap unless
 * {@code -Dcf.bench.noisy.fork=false}.
 *
 * <p>System properties: {@code cf.bench.noisy.origins}, {@code .serverThreads}, {@code .threads},
 * {@code .inFlight} (0 skips the async cell), {@code .rate} (noisy calls per second), {@code
 * .warmupMs}, {@code .measureMs}, {@code .rounds}, {@code .jitWarmupMs}, {@code .fork}.
 */
public final class NoisyBench {
  static final String USER_AGENT = "coupon-fetch-bench/1";
  static final double THROUGHPUT_TARGET = 0.90;
  static final double P99_TARGET = 1.10;
  static final String VERDICT = "#noisy-verdict ";
  private static final String CHILD = "cf.bench.noisy.child";
  private static final String HEAP = "2g";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The three runs. */
  enum Run {
    A("all healthy"),
    B("noisy, default policies"),
    C("noisy, policies off");

    final String label;

    Run(String label) {
      this.label = label;
    }
  }

  /** The two ways healthy visitors call. */
  enum Cell {
    BLOCKING,
    ASYNC
  }

  private NoisyBench() {}

  /** {@code --quick} for a short run. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    Result r = run(out, args.length > 0 && args[0].equals("--quick"));
    if (Boolean.getBoolean(CHILD)) {
      r.verdicts().forEach(v -> out.println(VERDICT + v));
    } else {
      out.println();
      out.println("-- targets --");
      r.verdicts().forEach(out::println);
    }
    out.flush();
    System.exit(r.failure() == null ? 0 : 1);
  }

  /** The verdict lines, and why it could not run (null when it ran). */
  public record Result(List<String> verdicts, String failure) {}

  /**
   * Runs the benchmark (in a JVM of its own unless {@code -Dcf.bench.noisy.fork=false}) and prints
   * its tables to {@code out}; the caller prints the verdicts.
   */
  public static Result run(PrintStream out, boolean quick) {
    Settings s = Settings.read(quick);
    try {
      if (s.fork) {
        return fork(out, quick);
      }
      return new NoisyBench.Measure(out, s).all();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("noisy-neighbours benchmark interrupted");
      return new Result(List.of(), "interrupted");
    } catch (IOException | RuntimeException e) {
      out.println("noisy-neighbours benchmark failed: " + e);
      return new Result(List.of(), e.toString());
    }
  }

  /** One benchmark in this JVM. */
  private static final class Measure {
    private final Settings s;
    private final NoisyReport report;

    Measure(PrintStream out, Settings s) {
      this.s = s;
      this.report = new NoisyReport(out, s);
    }

    Result all() throws InterruptedException {
      report.header();
      List<String> verdicts = new ArrayList<>();
      long t0 = System.nanoTime();
      // Exceptions thrown on the fetchers' threads are counted and shown once per kind, not a
      // stack trace each.
      Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
      Map<String, LongAdder> uncaught = new ConcurrentHashMap<>();
      Thread.setDefaultUncaughtExceptionHandler(
          (t, e) ->
              uncaught
                  .computeIfAbsent(
                      t.getName().replaceAll("-\\d+$", "")
                          + ": "
                          + e
                          + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""),
                      k -> new LongAdder())
                  .increment());
      try (NoisyServer server = NoisyServer.start(s.origins, s.serverThreads)) {
        report.server(server, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        Origins o = new Origins(server);
        // Compiles the hot paths of both ways of calling, and of the noisy calls' failures.
        for (Cell cell : s.cells()) {
          slice(server, o, cell, Run.B, Window.after(System.nanoTime(), s.jitWarmupNanos, 1));
        }
        for (Cell cell : s.cells()) {
          Map<Run, List<Slice>> slices = new EnumMap<>(Run.class);
          for (int round = 0; round < s.rounds; round++) {
            for (int i = 0; i < Run.values().length; i++) {
              // The order rotates every round: no run always follows the same one.
              Run run = Run.values()[(round + i) % Run.values().length];
              System.gc();
              Slice slice =
                  slice(
                      server,
                      o,
                      cell,
                      run,
                      Window.after(System.nanoTime(), s.warmupNanos, s.measureNanos));
              slices.computeIfAbsent(run, r -> new ArrayList<>()).add(slice);
            }
          }
          verdicts.addAll(report.table(cell, slices));
          report.uncaught(uncaught);
        }
      } finally {
        Thread.setDefaultUncaughtExceptionHandler(before);
      }
      return new Result(verdicts, null);
    }

    /** One run's slice: a fresh fetcher, the healthy load and the noisy stream over the window. */
    private Slice slice(NoisyServer server, Origins o, Cell cell, Run run, Window w)
        throws InterruptedException {
      for (int i = 0; i < Origins.BAD.size(); i++) {
        server.mode(i, run == Run.A ? Mode.OK : Origins.BAD.get(i));
      }
      // The last slice's fetcher closed its connections: the server sees the last of them go.
      long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (server.open() > 0 && System.nanoTime() < drained) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      int idleThreads = THREADS.getThreadCount();
      THREADS.resetPeakThreadCount();
      server.resetPeak();
      HttpClientCouponFetcher.Builder b =
          HttpClientCouponFetcher.builder().allowPrivateNetworks(true).userAgent(USER_AGENT);
      if (run == Run.C) {
        b.maxConcurrentPerOrigin(1000)
            .maxQueuedPerOrigin(10_000)
            .circuitBreaker(0, Duration.ofSeconds(60), Duration.ofSeconds(30));
      }
      HealthyLoad.Sample healthy;
      NoisyStream.Outcomes noisy;
      int peakThreads;
      int peakConnections;
      try (HttpClientCouponFetcher fetcher = b.build()) {
        try (NoisyStream stream = new NoisyStream(fetcher, o.bad, o.badNames, s.rate, w)) {
          healthy =
              cell == Cell.BLOCKING
                  ? HealthyLoad.blocking(fetcher, o.healthy, s.threads, w)
                  : HealthyLoad.async(fetcher, o.healthy, s.inFlight, w);
          stream.stop();
          noisy = stream.outcomes();
        }
        peakThreads = THREADS.getPeakThreadCount();
        peakConnections = server.peak();
      }
      return new Slice(run, healthy, noisy, idleThreads, peakThreads, peakConnections);
    }
  }

  /** One slice's numbers. */
  record Slice(
      Run run,
      HealthyLoad.Sample healthy,
      NoisyStream.Outcomes noisy,
      int idleThreads,
      int peakThreads,
      int peakConnections) {}

  /** The configs: the first three origins are the bad ones, the rest healthy. */
  static final class Origins {
    static final List<Mode> BAD = List.of(Mode.HANG, Mode.UNAVAILABLE, Mode.RATE_LIMITED);
    final List<CouponSourceConfig> bad = new ArrayList<>();
    final List<String> badNames = List.of("hanging", "503", "429 Retry-After: 2");
    final List<CouponSourceConfig> healthy = new ArrayList<>();

    Origins(NoisyServer server) {
      for (int i = 0; i < server.origins(); i++) {
        (i < BAD.size() ? bad : healthy).add(config(i, server.url(i)));
      }
    }

    static CouponSourceConfig config(int i, String url) {
      return CouponSourceConfig.builder(url)
          .name("merchant-" + i)
          .mapping(MappingConfig.code("data.coupon"))
          .timeouts(Timeouts.ofMillis(1_000, 2_000))
          .build();
    }
  }

  /** Runs the benchmark in a JVM of its own with a fixed heap; its tables pass through. */
  private static Result fork(PrintStream out, boolean quick)
      throws IOException, InterruptedException {
    List<String> cmd = ForkedJvm.java(HEAP);
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("cf.bench.noisy.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
              }
            });
    cmd.add("-D" + CHILD + "=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(NoisyBench.class.getName());
    if (quick) {
      cmd.add("--quick");
    }
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> verdicts = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(VERDICT)) {
          verdicts.add(line.substring(VERDICT.length()));
        } else {
          out.println(line);
        }
      }
    }
    int exit = child.waitFor();
    return new Result(verdicts, exit == 0 ? null : "the noisy-neighbours fork exited with " + exit);
  }

  /** The run's settings. */
  static final class Settings {
    final boolean quick;
    final int origins;
    final int serverThreads;
    final int threads;
    final int inFlight;
    final double rate;
    final long jitWarmupNanos;
    final long warmupNanos;
    final long measureNanos;
    final int rounds;
    final boolean child;
    final boolean fork;

    private Settings(boolean quick) {
      this.quick = quick;
      origins = Math.max(4, Integer.getInteger("cf.bench.noisy.origins", 1_000));
      // One thread counts connections exactly (a close is read before the next connection is
      // accepted); with two, one thread's accept can come before the other's close.
      serverThreads = Math.max(1, Integer.getInteger("cf.bench.noisy.serverThreads", 1));
      threads = Integer.getInteger("cf.bench.noisy.threads", 32);
      inFlight = Integer.getInteger("cf.bench.noisy.inFlight", 64);
      rate = Double.parseDouble(System.getProperty("cf.bench.noisy.rate", "200"));
      jitWarmupNanos = millis("jitWarmupMs", quick ? 2_000 : 5_000);
      // The warm-up outlasts the response timeout (2 s) and a 429's two waits of 2 s: the noisy
      // calls' outcomes are in a steady state, and a circuit that opens has opened, before
      // anything is measured.
      warmupNanos = millis("warmupMs", quick ? 3_000 : 5_000);
      measureNanos = millis("measureMs", quick ? 1_500 : 6_000);
      rounds = Math.max(1, Integer.getInteger("cf.bench.noisy.rounds", quick ? 2 : 4));
      child = Boolean.getBoolean(CHILD);
      fork = !child && Boolean.parseBoolean(System.getProperty("cf.bench.noisy.fork", "true"));
    }

    static Settings read(boolean quick) {
      return new Settings(quick);
    }

    private static long millis(String name, long quickOrDefault) {
      return TimeUnit.MILLISECONDS.toNanos(Long.getLong("cf.bench.noisy." + name, quickOrDefault));
    }

    List<Cell> cells() {
      List<Cell> cells = new ArrayList<>();
      for (String c : System.getProperty("cf.bench.noisy.cells", "blocking,async").split(",")) {
        Cell cell = Cell.valueOf(c.trim().toUpperCase(Locale.ROOT));
        if (cell == Cell.BLOCKING ? threads > 0 : inFlight > 0) {
          cells.add(cell);
        }
      }
      return cells;
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%s run: %d origins on 127.0.0.1 (one port each; %d bad); healthy load: fetch on %d"
              + " threads%s, each call to one of the %d healthy configs at random; noisy load:"
              + " %.0f fetchAsync calls/s in turn to the bad origins; timeouts connect 1 s,"
              + " response 2 s; per cell a JIT warm-up of %d ms, then %d round(s) of runs A, B, C"
              + " (order rotating), each a fresh fetcher, warm-up %d ms + measure %d ms",
          quick ? "quick" : "default",
          origins,
          Origins.BAD.size(),
          threads,
          inFlight > 0 ? " (cell 1) or " + inFlight + " fetchAsync calls in flight (cell 2)" : "",
          origins - Origins.BAD.size(),
          rate,
          TimeUnit.NANOSECONDS.toMillis(jitWarmupNanos),
          rounds,
          TimeUnit.NANOSECONDS.toMillis(warmupNanos),
          TimeUnit.NANOSECONDS.toMillis(measureNanos));
    }
  }
}
