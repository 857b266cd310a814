package dev.couponfetch.examples;

import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code test}: the settings screen's Test Configuration button. */
@Command(
    name = "test",
    description = {
      "Calls the endpoint once and prints the test report: 'Configuration Works!' followed by the"
          + " coupons, the request and the response, or 'Configuration Failed: ...' with an"
          + " explanation and a hint at the fix. Secrets are shown as ****."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the configuration works",
      "1:the configuration failed",
      "2:bad usage, an invalid configuration file, or a missing --var"
    })
final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SourceOptions source;

  @Option(
      names = "--json",
      description =
          "Print the report as JSON (for an invalid configuration too, with its problems).")
  boolean json;

  @Override
  public Integer call() {
    Map<String, String> variables = source.variables();
    PrintWriter out = spec.commandLine().getOut();
    CouponSourceConfig config;
    if (json) {
      // A script reading --json gets the problems of an invalid config as a report too.
      try {
        config = CouponSourceConfig.fromJson(source.readConfigText());
      } catch (CouponFetchException e) {
        if (e.reason() != Reason.INVALID_CONFIG) {
          throw e;
        }
        out.println(TestReport.failure(e).toJson());
        return CouponFetchCli.USAGE;
      }
    } else {
      config = source.loadConfig();
    }
    TestReport report;
    try (CouponFetcher fetcher = source.newFetcher(config)) {
      report = new ConfigurationTester(fetcher).test(config, variables);
    }
    if (json) {
      out.println(report.toJson());
    } else {
      out.print(report.toText());
      if (report.reason().orElse(null) == Reason.OAUTH_NOT_AUTHORIZED) {
        out.println("On the command line: " + source.notAuthorizedHint());
      }
    }
    out.flush();
    if (report.works()) {
      return CouponFetchCli.OK;
    }
    return CouponFetchCli.exitCodeFor(report.reason().orElseThrow());
  }
}
