package dev.couponfetch.examples;

import dev.couponfetch.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code coupon-fetch} command line: {@code test}, {@code fetch}, {@code oauth authorize},
 * {@code demo} and {@code serve} (the settings page in a browser).
 *
 * <p>Exit codes: 0 success, 1 the endpoint or the configuration failed, 2 bad usage or an invalid
 * configuration file. No input, however wrong, prints a stack trace.
 */
@Command(
    name = "coupon-fetch",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT, // -h/-V and the version on every command
    versionProvider = CouponFetchCli.Version.class,
    description =
        "Fetches coupon codes from a merchant's HTTP endpoint, as configured in a JSON file.",
    subcommands = {
      TestCommand.class,
      FetchCommand.class,
      OAuthCommand.class,
      DemoCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the endpoint or the configuration failed",
      "2:bad usage or an invalid configuration file"
    })
public final class CouponFetchCli implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /**
   * The exit code of a failed fetch or test: a variable the command line did not supply, or a
   * variable value the config cannot use, is bad usage (2); anything else is the endpoint's (1).
   */
  static int exitCodeFor(Reason reason) {
    return reason == Reason.MISSING_VARIABLE || reason == Reason.INVALID_CONFIG ? USAGE : FAILED;
  }

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command line with {@code args}, printing to {@code out} and {@code err}, and returns
   * the exit code. Never throws and never prints a stack trace.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    try {
      return newCommandLine(out, err).execute(args);
    } catch (Throwable t) { // the last line of defence: a message, never a stack trace
      err.println("error: " + describe(t));
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new CouponFetchCli());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler(CouponFetchCli::onBadUsage);
    cmd.setExecutionExceptionHandler(
        (e, failed, parseResult) -> {
          PrintWriter w = failed.getErr();
          if (e instanceof CliFailure) {
            ((CliFailure) e).lines().forEach(w::println);
            return ((CliFailure) e).exitCode();
          }
          w.println("error: " + describe(e));
          return FAILED;
        });
    return cmd;
  }

  private static int onBadUsage(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  static String describe(Throwable t) {
    return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: test, fetch, oauth, demo or serve");
  }

  /** Reads the version Maven wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = CouponFetchCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      String version = p.getProperty("version", "");
      if (version.isEmpty() || version.contains("${")) { // not filtered: run from the sources
        version = "(development build)";
      }
      return new String[] {"coupon-fetch " + version, "Java ${java.version} (${java.vendor})"};
    }
  }
}
