package dev.couponfetch.examples;

import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.TestReport;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: tests a configuration of every auth and request type against a local server. */
@Command(
    name = "demo",
    description = {
      "Starts a demo coupon server on 127.0.0.1, tests one configuration per authentication type"
          + " (none, Basic, Digest, query-string key, header key) and request type (GET, POST JSON,"
          + " POST form, bulk) against it, prints what each returned, and stops the server."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every configuration works", "1:at least one configuration failed"})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--verbose", description = "Print each full test report (request and response).")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // The demo server is on loopback, which the fetcher refuses unless told otherwise.
    try (DemoCouponServer server = DemoCouponServer.start();
        CouponFetcher fetcher =
            HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build()) {
      out.println("Demo coupon server on " + server.baseUri());
      ConfigurationTester tester = new ConfigurationTester(fetcher);
      List<DemoConfigs.DemoCase> cases = DemoConfigs.all(server);
      int working = 0;
      for (int i = 0; i < cases.size(); i++) {
        DemoConfigs.DemoCase c = cases.get(i);
        out.printf("%n== %d/%d %s ==%n", i + 1, cases.size(), c.title());
        TestReport report = tester.test(c.config(), c.variables());
        print(out, report);
        if (report.works()) {
          working++;
        }
        out.flush();
      }
      out.printf("%n%d of %d configurations work%n", working, cases.size());
      return working == cases.size() ? CouponFetchCli.OK : CouponFetchCli.FAILED;
    }
  }

  private void print(PrintWriter out, TestReport report) {
    if (verbose) {
      out.print(report.toText());
      return;
    }
    out.println(report.headline());
    report
        .request()
        .ifPresent(
            r -> {
              String body = r.body().isEmpty() ? "" : "  " + r.body().strip();
              out.println("  " + r.method() + " " + r.uri() + body);
            });
    report.status().ifPresent(s -> out.println("  -> HTTP " + s));
    for (Coupon coupon : report.coupons()) {
      out.println("  " + coupon.code() + coupon.expiry().map(x -> "  expires " + x).orElse(""));
    }
    report.warnings().forEach(w -> out.println("  warning: " + w));
    if (!report.works()) {
      report.explanation().ifPresent(x -> out.println("  " + x));
      report.hint().ifPresent(h -> out.println("  hint: " + h));
    }
  }
}
