package dev.couponfetch.examples.bench.load;

import dev.couponfetch.examples.bench.ForkedJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs each auth type's cells in a JVM of its own, as JMH forks each benchmark.
 *
 * <p>coupon-fetch serves every auth type through the same code, so in one JVM the profile the JIT
 * gathered on the first types can shape the code the later ones run, while the hand-written client
 * has a code path per type. A platform that serves many auth types runs such a mixed profile too,
 * which {@code -Dcf.bench.fork=false} measures.
 *
 * <p>Each fork gets a fixed heap ({@code -Xms} = {@code -Xmx}) unless the parent was given one.
 *
 * <p>A child prints its tables as usual, and its numbers and verdicts on lines starting with {@code
 * #} for the parent ({@link Report}); the parent shows everything else.
 */
final class AuthForks {
  static final String CELL = "#cell ";
  static final String VERDICT = "#verdict ";
  static final String ERRORS = "#errors ";
  private static final String HEAP = "2g";

  /** What the children measured: the medians' calls/s per auth and concurrency, and verdicts. */
  record Result(
      Map<AuthCase, Map<Integer, Report.Throughput>> throughput,
      List<String> verdicts,
      long errors,
      String failure) {}

  private AuthForks() {}

  static Result run(PrintStream out, LoadBench.Settings s)
      throws IOException, InterruptedException {
    Map<AuthCase, Map<Integer, Report.Throughput>> throughput = new EnumMap<>(AuthCase.class);
    List<String> verdicts = new ArrayList<>();
    long errors = 0;
    for (AuthCase auth : s.auths) {
      Process child = new ProcessBuilder(command(auth, s.quick)).redirectErrorStream(true).start();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(CELL)) {
            String[] f = line.substring(CELL.length()).split(" ");
            throughput
                .computeIfAbsent(AuthCase.valueOf(f[0]), a -> new TreeMap<>())
                .put(
                    Integer.parseInt(f[1]),
                    new Report.Throughput(Double.parseDouble(f[2]), Double.parseDouble(f[3])));
          } else if (line.startsWith(VERDICT)) {
            verdicts.add(line.substring(VERDICT.length()));
          } else if (line.startsWith(ERRORS)) {
            errors += Long.parseLong(line.substring(ERRORS.length()).trim());
          } else {
            out.println(line);
          }
        }
      }
      int exit = child.waitFor();
      if (exit != 0) {
        return new Result(throughput, verdicts, errors, auth + " fork exited with " + exit);
      }
    }
    return new Result(throughput, verdicts, errors, null);
  }

  /** This JVM's java and class path, its heap and GC flags, and the run's settings. */
  private static List<String> command(AuthCase auth, boolean quick) {
    List<String> cmd = ForkedJvm.java(HEAP);
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("cf.bench.") && !LoadBench.Settings.PER_FORK.contains(name)) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
              }
            });
    cmd.add("-Dcf.bench.auth=" + auth);
    cmd.add("-Dcf.bench.asyncCalls=0");
    cmd.add("-Dcf.bench.child=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LoadBench.class.getName());
    if (quick) {
      cmd.add("--quick");
    }
    return cmd;
  }
}
