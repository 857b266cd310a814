package dev.couponfetch.examples;

import dev.couponfetch.examples.serve.SettingsServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code serve}: the settings screen in a browser, on this machine only. */
@Command(
    name = "serve",
    description = {
      "Serves the settings page on http://127.0.0.1:PORT/: fill in a configuration, press Test"
          + " Configuration and see the report; for OAuth2 authorization code, Fetch tokens runs"
          + " the authorization in a new browser tab. The page's JSON API (POST /api/test, POST"
          + " /api/fetch) takes {\"config\": {...}, \"variables\": {...}}; POST /api/oauth/start"
          + " takes {\"config\": {...}} and answers the authorization URL to open.",
      "",
      "Only this machine can reach it (it listens on 127.0.0.1). Tokens are kept in memory until"
          + " the server stops. Runs until stopped (Ctrl+C)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "2:bad usage, or the port is in use or not allowed"})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8787",
      description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--allow-private-network",
      description =
          "Allow endpoints and token URLs on loopback and private networks (local development).")
  boolean allowPrivateNetwork;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--port must be between 0 and 65535, but was " + port);
    }
    SettingsServer server;
    try {
      server = SettingsServer.start(port, allowPrivateNetwork);
    } catch (UncheckedIOException e) {
      throw CliFailure.usage(
          "error: " + e.getMessage(),
          "hint: stop what uses that port, or choose another with --port N (0 picks a free one)");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "coupon-fetch-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Settings page: " + server.baseUri());
    out.println("Press Ctrl+C to stop.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped from within the JVM (an embedding caller or a test): close now, not at exit.
      if (removeHook(hook)) {
        server.close();
      } // else the JVM is exiting, and the hook closes the server
      Thread.currentThread().interrupt();
    }
    return CouponFetchCli.OK;
  }

  private static boolean removeHook(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }
}
