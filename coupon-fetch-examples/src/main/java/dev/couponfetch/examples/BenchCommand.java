package dev.couponfetch.examples;

import dev.couponfetch.examples.bench.JdbcPoolBench;
import dev.couponfetch.examples.bench.MicroBench;
import dev.couponfetch.examples.bench.load.LoadBench;
import dev.couponfetch.examples.bench.noisy.NoisyBench;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the JMH micro-benchmarks (mapping, expiry parsing, pool and token lookups under 64
 * threads), then the end-to-end load benchmark, each printed as tables of scores with their ratio
 * to a baseline measured in the same run.
 */
@Command(
    name = "bench",
    description = {
      "Runs the benchmarks and prints each score with its ratio to a baseline measured in the"
          + " same run.",
      "The micro-benchmarks fork JVMs from this jar: run it as java -jar coupon-fetch.jar bench."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description = "A short smoke run (one fork, short iterations): numbers are rough.")
  boolean quick;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "The PostgreSQL database of the JDBC pool bench (user and password from"
              + " COUPON_FETCH_TEST_PG_USER/_PASSWORD); default COUPON_FETCH_TEST_PG_URL, else the"
              + " JDBC pool bench is skipped.")
  String jdbcUrl;

  @ArgGroup(exclusive = true)
  Only only;

  /** At most one of the groups. */
  static final class Only {
    @Option(names = "--micro-only", description = "Only the JMH micro-benchmarks.")
    boolean micro;

    @Option(
        names = "--load-only",
        description = "Only the end-to-end load benchmark (noisy neighbours included).")
    boolean load;

    @Option(
        names = "--noisy-only",
        description =
            "Only the noisy-neighbours load benchmark: 1,000 merchants' origins, one hanging, one"
                + " answering 503, one 429.")
    boolean noisy;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int status = CouponFetchCli.OK;
    if (only == null || only.micro) {
      status = Math.max(status, MicroBench.run(out, quick));
      out.println();
      status = Math.max(status, JdbcPoolBench.run(out, quick, JdbcPoolBench.Database.of(jdbcUrl)));
      out.println();
    }
    if (only == null || only.load) {
      try (PrintStream lines = new PrintStream(new LineWriter(out), true, StandardCharsets.UTF_8)) {
        status = Math.max(status, LoadBench.run(lines, quick));
      }
    }
    if (only != null && only.noisy) {
      try (PrintStream lines = new PrintStream(new LineWriter(out), true, StandardCharsets.UTF_8)) {
        NoisyBench.Result r = NoisyBench.run(lines, quick);
        lines.println();
        lines.println("-- targets --");
        r.verdicts().forEach(lines::println);
        if (r.failure() != null) {
          lines.println("noisy-neighbours benchmark failed: " + r.failure());
          status = Math.max(status, 1);
        }
      }
    }
    out.flush();
    return status == 0 ? CouponFetchCli.OK : CouponFetchCli.FAILED;
  }

  /** Passes what is written to it to a writer line by line, so progress shows as it comes. */
  private static final class LineWriter extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineWriter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        out.println(line.toString(StandardCharsets.UTF_8));
        out.flush();
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public void flush() {
      // A partial line waits for its end: decoding half a character would garble it.
    }

    @Override
    public void close() {
      if (line.size() > 0) {
        out.print(line.toString(StandardCharsets.UTF_8));
        out.flush();
        line.reset();
      }
    }
  }
}
