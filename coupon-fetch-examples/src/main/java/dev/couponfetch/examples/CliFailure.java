package dev.couponfetch.examples;

import java.util.List;

/**
 * A failure a command has already put into words: the lines to print on stderr and the exit code.
 * It carries no stack trace, since it is never printed as one.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final transient List<String> lines;

  CliFailure(int exitCode, List<String> lines) {
    super(String.join("\n", lines), null, false, false);
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  /** Bad usage or invalid input: exit code 2. */
  static CliFailure usage(String... lines) {
    return new CliFailure(CouponFetchCli.USAGE, List.of(lines));
  }

  int exitCode() {
    return exitCode;
  }

  List<String> lines() {
    return lines;
  }
}
