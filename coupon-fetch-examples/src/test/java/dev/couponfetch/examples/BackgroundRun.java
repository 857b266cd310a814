package dev.couponfetch.examples;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The command line running in a background thread, for commands that wait for a browser. */
final class BackgroundRun implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern URL_LINE = Pattern.compile("Open this URL in a browser: (\\S+)");

  final AwaitableWriter out = new AwaitableWriter();
  final AwaitableWriter err = new AwaitableWriter();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final Future<Integer> exit;

  private BackgroundRun(String... args) {
    exit =
        executor.submit(
            () -> CouponFetchCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
  }

  static BackgroundRun start(String... args) {
    return new BackgroundRun(args);
  }

  /** The authorization URL the command printed. */
  URI awaitAuthorizationUrl() throws Exception {
    return URI.create(out.awaitLine(URL_LINE, WAIT).group(1));
  }

  /** Waits for the command to end and returns what it did. */
  CliRun finish() throws Exception {
    int code = exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
