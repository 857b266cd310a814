package dev.couponfetch.examples.bench.noisy;

import dev.couponfetch.examples.bench.noisy.NoisyBench.Cell;
import dev.couponfetch.examples.bench.noisy.NoisyBench.Run;
import dev.couponfetch.examples.bench.noisy.NoisyBench.Slice;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/** Prints the noisy-neighbours benchmark's tables and verdicts. Not thread-safe. */
final class NoisyReport {
  /** The fetcher's default {@code maxConnectionsTotal}: the bound of each of its two pools. */
  static final int MAX_CONNECTIONS_TOTAL = 200;

  /**
   * The server counts a connection closed when it reads its end, which may come after the client's
   * next connection was accepted: a count a few over the client's bound is not one more connection
   * held.
   */
  static final double COUNT_SLACK = 1.05;

  private final PrintStream out;
  private final NoisyBench.Settings s;

  NoisyReport(PrintStream out, NoisyBench.Settings s) {
    this.out = out;
    this.s = s;
  }

  void header() {
    out.println();
    out.println("== noisy neighbours: one fetcher, many merchants, three misbehaving ==");
    out.println(machine());
    out.println(s.describe());
    out.println(
        "A: all origins healthy (same load); B: hanging, 503 and 429 origins, the fetcher's default"
            + " per-origin policies; C: the same, policies off (maxConcurrentPerOrigin 1000,"
            + " maxQueuedPerOrigin 10000, circuitBreaker(0, ...)). Numbers are medians of the"
            + " rounds; ratios are over A's medians.");
    out.flush();
  }

  void server(NoisyServer server, long startMillis) {
    out.printf(
        Locale.ROOT,
        "server: %d ports listening on %d thread(s), started in %d ms%n",
        server.origins(),
        server.threads(),
        startMillis);
    out.flush();
  }

  /** One cell's tables; returns its verdicts. */
  List<String> table(Cell cell, Map<Run, List<Slice>> slices) {
    boolean blocking = cell == Cell.BLOCKING;
    int bound = (blocking ? 2 : 1) * MAX_CONNECTIONS_TOTAL;
    out.println();
    out.printf(
        Locale.ROOT,
        "-- noisy neighbours, healthy visitors on %s; %.0f noisy calls/s --%n",
        blocking ? "fetch, " + s.threads + " threads" : "fetchAsync, " + s.inFlight + " in flight",
        s.rate);
    out.printf(
        Locale.ROOT,
        "run                         | healthy calls/s | vs A | p50/p99 ms     | p99 vs A | errors"
            + " | peak threads (before) | peak server conns (bound %d%s)%n",
        bound,
        blocking ? ": 2 pools x " + MAX_CONNECTIONS_TOTAL : "");
    List<Slice> a = slices.get(Run.A);
    double at = median(a, x -> x.healthy().callsPerSecond());
    double ap99 = median(a, x -> x.healthy().p99());
    Map<Run, double[]> ratios = new TreeMap<>();
    for (Run run : Run.values()) {
      List<Slice> l = slices.get(run);
      double t = median(l, x -> x.healthy().callsPerSecond());
      double p99 = median(l, x -> x.healthy().p99());
      long errors = l.stream().mapToLong(x -> x.healthy().errors()).sum();
      ratios.put(run, new double[] {t / at, p99 / ap99});
      out.printf(
          Locale.ROOT,
          "%s %-25s | %15.0f | %4.2f | %6.3f/%7.3f | %8.2f | %6d | %9.0f (%4.0f)      | %6.0f%n",
          run,
          run.label,
          t,
          t / at,
          median(l, x -> x.healthy().p50()) / 1e6,
          p99 / 1e6,
          p99 / ap99,
          errors,
          median(l, x -> x.peakThreads()),
          median(l, x -> x.idleThreads()),
          median(l, x -> x.peakConnections()));
    }
    for (Run run : List.of(Run.B, Run.C)) {
      StringBuilder b = new StringBuilder();
      List<Slice> l = slices.get(run);
      for (int i = 0; i < l.size(); i++) {
        b.append(
            String.format(
                Locale.ROOT,
                " %.2f",
                l.get(i).healthy().callsPerSecond() / a.get(i).healthy().callsPerSecond()));
      }
      out.println("  " + run + "/A throughput, each round:" + b);
    }
    out.println("  most over the rounds: threads / server connections:");
    for (Run run : Run.values()) {
      List<Slice> l = slices.get(run);
      out.printf(
          Locale.ROOT,
          "    %s %d / %d%n",
          run,
          l.stream().mapToInt(Slice::peakThreads).max().orElse(0),
          l.stream().mapToInt(Slice::peakConnections).max().orElse(0));
    }
    out.println(
        "  noisy calls that ended in the measured windows (all rounds), by origin and outcome;"
            + " p50/p99 from their start (a call that ended in the window may have started in the"
            + " warm-up):");
    for (Run run : Run.values()) {
      List<Slice> l = slices.get(run);
      Map<String, Map<String, Long>> sum = new TreeMap<>();
      long started = 0;
      long ended = 0;
      int peakInFlight = 0;
      for (Slice x : l) {
        started += x.noisy().started();
        ended += x.noisy().ended();
        peakInFlight = Math.max(peakInFlight, x.noisy().peakInFlight());
        x.noisy()
            .byOrigin()
            .forEach(
                (o, kinds) ->
                    kinds.forEach(
                        (k, n) ->
                            sum.computeIfAbsent(o, y -> new TreeMap<>()).merge(k, n, Long::sum)));
      }
      out.printf(
          Locale.ROOT,
          "    %s started %d, ended %d, in flight at the end %.0f (median), p50/p99 %.1f/%.1f ms,"
              + " most in flight %d: %s%n",
          run,
          started,
          ended,
          median(l, x -> x.noisy().inFlightAtEnd()),
          median(l, x -> x.noisy().p50()) / 1e6,
          median(l, x -> x.noisy().p99()) / 1e6,
          peakInFlight,
          sum);
      for (Slice x : l) {
        if (x.healthy().errors() > 0) {
          out.printf(
              Locale.ROOT,
              "    !!! %s healthy errors: %s, first: %s%n",
              run,
              x.healthy().errorsByKind(),
              x.healthy().firstError());
        }
      }
    }
    out.flush();
    List<String> verdicts = new ArrayList<>();
    double[] b = ratios.get(Run.B);
    double[] c = ratios.get(Run.C);
    int bConnections = slices.get(Run.B).stream().mapToInt(Slice::peakConnections).max().orElse(0);
    boolean pass =
        b[0] >= NoisyBench.THROUGHPUT_TARGET
            && b[1] <= NoisyBench.P99_TARGET
            && bConnections <= bound * COUNT_SLACK;
    verdicts.add(
        String.format(
            Locale.ROOT,
            "%s NOISY %-8s B/A throughput %.2fx (>= %.2f), p99 %.2fx (<= %.2f), server"
                + " connections <= %d (bound %d, counted at the server: x%.2f); C/A (policies off): throughput %.2fx, p99 %.2fx",
            pass ? "PASS" : "MISS",
            cell.name().toLowerCase(Locale.ROOT),
            b[0],
            NoisyBench.THROUGHPUT_TARGET,
            b[1],
            NoisyBench.P99_TARGET,
            bConnections,
            bound,
            COUNT_SLACK,
            c[0],
            c[1]));
    return verdicts;
  }

  /** Exceptions no one caught on the fetchers' threads, by thread and kind; then forgets them. */
  void uncaught(Map<String, LongAdder> uncaught) {
    uncaught.forEach(
        (k, n) ->
            out.printf(Locale.ROOT, "  !!! uncaught exception, %d times, on %s%n", n.sum(), k));
    uncaught.clear();
    out.flush();
  }

  static double median(List<Slice> slices, ToDoubleFunction<Slice> f) {
    double[] v = slices.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "machine: %d cores, %s %s, max heap %d MiB, load average %.2f",
        rt.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        rt.maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
