package dev.couponfetch.examples.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH micro-benchmarks of this package in forked JVMs and prints one table per group:
 * every score next to its baseline measured in the same run, and their ratio. Scores are medians of
 * the measurement iterations of all forks (JMH's average-time mode per iteration); the error is
 * JMH's 99.9% confidence half-width of the mean.
 */
public final class MicroBench {
  private MicroBench() {}

  /**
   * A score and the baseline it is compared with, with the ratio it should stay under and the value
   * (in the score's unit) it should stay under; NaN when there is none. A name ending in {@value
   * #P99} is the method's 99th percentile in {@link Mode#SampleTime}.
   */
  private record Comparison(String candidate, String baseline, double target, double limit) {
    Comparison(String candidate, String baseline, double target) {
      this(candidate, baseline, target, Double.NaN);
    }
  }

  /** The suffix of a method's name for its 99th percentile, sampled call by call. */
  private static final String P99 = " p99";

  /**
   * A regular expression: only the benchmarks whose {@code Class.method} (simple class name) it
   * finds run, e.g. {@code -Dcf.bench.include=ConcurrencyBench.(poolTake|queuePoll)}.
   */
  static final String INCLUDE = "cf.bench.include";

  private record Group(String title, Class<?> benchmark, List<Comparison> comparisons) {}

  private static final List<Group> GROUPS =
      List.of(
          new Group(
              "Mapping, per response (bytes in, coupons out)",
              MappingBench.class,
              List.of(
                  new Comparison("dotted", "jacksonWalk", 1.3),
                  new Comparison("jsonPath", "jacksonWalk", 3.0))),
          new Group(
              "Expiry parsing, per value (AUTO)",
              ExpiryBench.class,
              List.of(new Comparison("auto", "javaTime", Double.NaN))),
          new Group(
              "Under 64 threads, per call on one thread",
              ConcurrencyBench.class,
              List.of(
                  new Comparison("poolTake", "queuePoll", Double.NaN),
                  new Comparison("poolTake" + P99, "queuePoll" + P99, Double.NaN, 50_000),
                  new Comparison("tokenLookup", "mapGet", Double.NaN))));

  /**
   * Runs every group and prints its table to {@code out}.
   *
   * @param quick one fork, one short warmup and two short iterations: a smoke run of about a minute
   * @return 0 when every benchmark ran, 1 otherwise
   */
  public static int run(PrintWriter out, boolean quick) {
    out.printf(
        "Micro-benchmarks (JMH, %s): %s%n",
        quick ? "quick" : "full", quick ? "1 fork, 1 x 0.5 s warmup, 2 x 0.5 s" : FULL);
    out.println("machine: " + machine());
    out.println(
        "score = median of the measurement iterations of all forks; error = JMH's 99.9%"
            + " interval of the mean; ratio = time / baseline's time (lower is better); a row"
            + " named '... p99' is the 99th percentile of single calls sampled in all forks (JMH"
            + " SampleTime)");
    out.flush();
    int status = 0;
    String include = System.getProperty(INCLUDE);
    Pattern only = include == null || include.isBlank() ? null : Pattern.compile(include);
    for (Group g : GROUPS) {
      List<String> methods = methods(g.benchmark, only);
      if (methods.isEmpty()) {
        continue;
      }
      out.println();
      out.println("== " + g.title + " ==");
      out.flush();
      try {
        print(out, g, run(g.benchmark, methods, quick));
      } catch (RunnerException | RuntimeException e) {
        out.println("failed: " + e.getMessage());
        status = 1;
      }
      out.flush();
    }
    return status;
  }

  private static final String FULL = "2 forks, 2 x 1 s warmup, 3 x 1 s";

  /** The benchmark methods of {@code benchmark} that {@code only} (when not null) finds. */
  private static List<String> methods(Class<?> benchmark, Pattern only) {
    List<String> methods = new ArrayList<>();
    for (Method m : benchmark.getMethods()) {
      if (m.isAnnotationPresent(Benchmark.class)
          && (only == null || only.matcher(benchmark.getSimpleName() + "." + m.getName()).find())) {
        methods.add(m.getName());
      }
    }
    return methods;
  }

  private static Collection<RunResult> run(Class<?> benchmark, List<String> methods, boolean quick)
      throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder().shouldFailOnError(true);
    for (String m : methods) {
      o.include("^" + Pattern.quote(benchmark.getName() + "." + m) + "$");
    }
    o.shouldFailOnError(true).jvmArgsAppend("-Xms512m", "-Xmx2g");
    if (quick) {
      o.forks(1)
          .warmupIterations(1)
          .warmupTime(TimeValue.milliseconds(500))
          .measurementIterations(2)
          .measurementTime(TimeValue.milliseconds(500));
    } else {
      o.forks(2)
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(3)
          .measurementTime(TimeValue.seconds(1));
    }
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    return new Runner(
            o.build(), OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT))
        .run();
  }

  /** Rows by parameter values, then by method: baselines first, each candidate with its ratio. */
  private static void print(PrintWriter out, Group g, Collection<RunResult> results) {
    Map<String, Map<String, RunResult>> byParams = new LinkedHashMap<>();
    for (RunResult r : results) {
      String params = params(r);
      String method = method(r) + (r.getParams().getMode() == Mode.SampleTime ? P99 : "");
      byParams.computeIfAbsent(params, k -> new LinkedHashMap<>()).put(method, r);
    }
    String header = "%-24s %-17s %20s %26s  %s%n";
    out.printf(header, "benchmark", "param", "median", "mean ± error", "ratio");
    for (Map.Entry<String, Map<String, RunResult>> p : byParams.entrySet()) {
      Map<String, RunResult> m = p.getValue();
      List<String> printed = new ArrayList<>();
      for (Comparison c : g.comparisons) {
        RunResult base = m.get(c.baseline);
        if (base != null && !printed.contains(c.baseline)) {
          out.printf(header, c.baseline + " (baseline)", p.getKey(), score(base), mean(base), "");
          printed.add(c.baseline);
        }
        RunResult cand = m.get(c.candidate);
        if (cand != null) {
          out.printf(
              header, c.candidate, p.getKey(), score(cand), mean(cand), ratio(c, cand, base));
        }
      }
    }
  }

  private static String ratio(Comparison c, RunResult cand, RunResult base) {
    if (base == null) {
      return "(no baseline)";
    }
    double ratio = value(cand) / value(base);
    String s = String.format(Locale.ROOT, "%s / %s = %.2fx time", c.candidate, c.baseline, ratio);
    if (!Double.isNaN(c.target)) {
      s +=
          String.format(
              Locale.ROOT,
              " (target <= %.1fx: %s)",
              c.target,
              ratio <= c.target ? "met" : "MISSED");
    }
    if (!Double.isNaN(c.limit)) {
      s +=
          String.format(
              Locale.ROOT,
              " (target <= %.0f %s: %s)",
              c.limit,
              cand.getPrimaryResult().getScoreUnit(),
              value(cand) <= c.limit ? "met" : "MISSED");
    }
    return s;
  }

  private static String score(RunResult r) {
    return String.format(Locale.ROOT, "%.3f %s", value(r), r.getPrimaryResult().getScoreUnit());
  }

  /**
   * The median of the iterations, or for a sampled run the 99th percentile of every call sampled in
   * every fork.
   */
  private static double value(RunResult r) {
    return r.getParams().getMode() == Mode.SampleTime
        ? r.getPrimaryResult().getStatistics().getPercentile(99)
        : median(r);
  }

  private static String mean(RunResult r) {
    double err = r.getPrimaryResult().getScoreError();
    String e = Double.isNaN(err) ? "n/a" : String.format(Locale.ROOT, "%.3f", err);
    return String.format(Locale.ROOT, "%.3f ± %s", r.getPrimaryResult().getScore(), e);
  }

  /** The median of the measurement iterations of every fork. */
  static double median(RunResult r) {
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult fork : r.getBenchmarkResults()) {
      for (IterationResult it : fork.getIterationResults()) {
        scores.add(it.getPrimaryResult().getScore());
      }
    }
    if (scores.isEmpty()) {
      return r.getPrimaryResult().getScore();
    }
    scores.sort(null);
    int n = scores.size();
    return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
  }

  private static String method(RunResult r) {
    String name = r.getParams().getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String params(RunResult r) {
    List<String> values = new ArrayList<>();
    for (String key : r.getParams().getParamsKeys()) {
      values.add(r.getParams().getParam(key));
    }
    return values.isEmpty() ? "-" : String.join(",", values);
  }

  private static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s (%s), %s %s %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }
}
