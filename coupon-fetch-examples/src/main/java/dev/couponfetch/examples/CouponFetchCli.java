package dev.couponfetch.examples;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
   * What an unexpected exception prints: no class name or message, which would mean nothing to the
   * user and could quote input.
   */
  static final String INTERNAL_ERROR =
      "error: internal error in coupon-fetch; please report it, with the command you ran";

  /** A qualified Java class name, such as {@code java.lang.IllegalArgumentException}. */
  private static final Pattern JAVA_CLASS =
      Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");

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
      return execute(newCommandLine(out, err), args);
    } catch (Throwable t) { // building the command line failed: a bug, said in one line
      err.println(INTERNAL_ERROR);
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Runs {@code cmd}: whatever escapes a command ends as one line on its stderr. */
  static int execute(CommandLine cmd, String... args) {
    try {
      return cmd.execute(args);
    } catch (Throwable t) { // an Error (picocli passes those on): the last line of defence
      cmd.getErr().println(INTERNAL_ERROR);
      return FAILED;
    }
  }

  static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new CouponFetchCli());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler(CouponFetchCli::onBadUsage);
    cmd.setExecutionExceptionHandler((e, failed, parseResult) -> onFailure(e, failed.getErr()));
    return cmd;
  }

  /** What a command threw, put into words on {@code err}; returns the exit code. */
  static int onFailure(Exception e, PrintWriter err) {
    if (e instanceof CliFailure) {
      ((CliFailure) e).lines().forEach(err::println);
      return ((CliFailure) e).exitCode();
    }
    if (e instanceof CouponFetchException) { // the library words its messages for users
      Reason reason = ((CouponFetchException) e).reason();
      err.println("error: " + reason + ": " + e.getMessage());
      err.println("hint: " + ((CouponFetchException) e).hint());
      return exitCodeFor(reason);
    }
    if (e instanceof UncheckedIOException) { // a file the library reads or writes
      err.println("error: " + describe(e));
      return FAILED;
    }
    err.println(INTERNAL_ERROR);
    return FAILED;
  }

  private static int onBadUsage(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = e.getMessage();
    if (message == null || JAVA_CLASS.matcher(message).find()) {
      // picocli quotes the converter's exception ("... (java.nio.file.InvalidPathException: ...)")
      message =
          e.getArgSpec() instanceof OptionSpec
              ? "Invalid value for option '" + ((OptionSpec) e.getArgSpec()).longestName() + "'"
              : "Invalid value";
    }
    err.println("error: " + message);
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  /**
   * A throwable in a few plain words, never its class name: an I/O failure with its message (when
   * that message names no Java class), anything else as an internal error.
   */
  static String describe(Throwable t) {
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      String message =
          t instanceof UncheckedIOException ? t.getCause().getMessage() : t.getMessage();
      return message == null || JAVA_CLASS.matcher(message).find()
          ? "an input/output error"
          : "an input/output error: " + message;
    }
    return INTERNAL_ERROR.substring("error: ".length());
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
