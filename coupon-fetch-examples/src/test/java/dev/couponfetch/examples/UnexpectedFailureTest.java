package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What escapes a command by mistake still ends as one plain line: no class name, no message that
 * could quote input, no stack trace.
 */
class UnexpectedFailureTest {
  @TempDir Path dir;

  @Test
  void runtimeExceptionEscapingACommand_oneLineWithoutClassNameExit1() {
    CliRun run =
        withFailingCommand(
            () -> new IllegalArgumentException("port out of range:99999 secret=hunter2"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "error: internal error in coupon-fetch; please report it, with the command you ran");
    assertNoInternals(run);
    assertThat(run.err()).doesNotContain("hunter2").doesNotContain("99999");
  }

  @Test
  void errorEscapingACommand_oneLineWithoutClassNameExit1() {
    CliRun run = withFailingCommand(StackOverflowError::new);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly(CouponFetchCli.INTERNAL_ERROR);
    assertNoInternals(run);
  }

  @Test
  void uncheckedIoException_saysItWasInputOutputWithoutClassName() {
    CliRun run =
        withFailingCommand(
            () ->
                new UncheckedIOException(
                    new IOException("cannot read token store /tmp/t.json: not a token store")));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "error: an input/output error: cannot read token store /tmp/t.json: not a token"
                + " store");
    assertNoInternals(run);
  }

  @Test
  void uncheckedIoExceptionQuotingAClass_dropsTheMessage() {
    CliRun run =
        withFailingCommand(
            () ->
                new UncheckedIOException(
                    new IOException(new IllegalArgumentException("Illegal base64 character"))));

    assertThat(run.errLines()).containsExactly("error: an input/output error");
  }

  @Test
  void fetch_portOutOfRange_clearLineNoClassName() throws IOException {
    // Today the core lets this through to the transport; either way no internal name shows.
    Path config =
        Files.writeString(dir.resolve("c.json"), "{\"endpoint\":\"http://127.0.0.1:99999/\"}");

    CliRun run = CliRun.of("fetch", "--config", config.toString(), "--allow-private-network");

    assertThat(run.exitCode()).as(run.all()).isIn(1, 2);
    assertThat(run.out()).isEmpty();
    assertNoInternals(run);
  }

  private static void assertNoInternals(CliRun run) {
    assertThat(run.all())
        .doesNotContain("Exception")
        .doesNotContain("Error:")
        .doesNotContain("StackOverflow")
        .doesNotContain("java.")
        .doesNotContain("\tat ");
  }

  /** The real command line, plus a command {@code boom} that throws what {@code failure} gives. */
  private static CliRun withFailingCommand(Supplier<? extends Throwable> failure) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out);
    PrintWriter errWriter = new PrintWriter(err);
    CommandLine cmd = CouponFetchCli.newCommandLine(outWriter, errWriter);
    cmd.addSubcommand("boom", new Boom(failure));
    cmd.setOut(outWriter).setErr(errWriter); // again: a subcommand takes the writers set after it
    int code = CouponFetchCli.execute(cmd, "boom");
    outWriter.flush();
    errWriter.flush();
    return new CliRun(code, out.toString(), err.toString());
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final Supplier<? extends Throwable> failure;

    Boom(Supplier<? extends Throwable> failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      Throwable t = failure.get();
      if (t instanceof Error) {
        throw (Error) t;
      }
      throw (Exception) t;
    }
  }
}
