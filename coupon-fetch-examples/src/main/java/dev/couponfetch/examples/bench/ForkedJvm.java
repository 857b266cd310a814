package dev.couponfetch.examples.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of the command line of a benchmark's own JVM. */
public final class ForkedJvm {
  private ForkedJvm() {}

  /**
   * This JVM's {@code java}, its heap and {@code -XX:} options (a flight recording excepted: one
   * file, not one per fork), and without a heap given a fixed one of {@code heap}: G1 shrinks a
   * growable heap after each slice's {@code System.gc()}, and the slice after a shrink ran at about
   * 0.6x (measured with coupon-fetch on both sides of the load bench).
   */
  public static List<String> java(String heap) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    boolean heapGiven = false;
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if ((arg.startsWith("-Xm") || arg.startsWith("-XX:")) && !arg.contains("FlightRecord")) {
        cmd.add(arg);
        heapGiven |= arg.startsWith("-Xm");
      }
    }
    if (!heapGiven) {
      cmd.add("-Xms" + heap);
      cmd.add("-Xmx" + heap);
    }
    return cmd;
  }
}
