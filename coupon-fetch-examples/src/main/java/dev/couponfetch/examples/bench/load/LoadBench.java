package dev.couponfetch.examples.bench.load;

import java.io.PrintStream;

/** The end-to-end load benchmark (to be written). */
public final class LoadBench {
  private LoadBench() {}

  /**
   * Runs the end-to-end load benchmark and prints its tables to {@code out}.
   *
   * @param quick a short run, for smoke tests
   * @return 0 when it ran
   */
  public static int run(PrintStream out, boolean quick) {
    out.println("load benchmark: not written yet");
    return 0;
  }
}
