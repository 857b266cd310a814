package dev.couponfetch.examples;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fetch}: fetches coupons and prints one a line. */
@Command(
    name = "fetch",
    description = {
      "Fetches coupons and prints one a line: the code, then a tab and the expiry as a UTC"
          + " instant (2027-03-01T00:00:00Z) when the endpoint gave one.",
      "",
      "With --count N the endpoint is called until at least N coupons were received. Every coupon"
          + " received is printed, even when that is more than N (a BULK endpoint may return"
          + " several per call): a fetched coupon is handed out once, so none is dropped.",
      "On failure the coupons fetched so far stay printed on stdout, and stderr says"
          + " 'error: REASON: message' and gives a hint."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every requested coupon was fetched",
      "1:the endpoint or the configuration failed",
      "2:bad usage, an invalid configuration file, or a missing --var"
    })
final class FetchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SourceOptions source;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Call the endpoint until at least N coupons were received (default: ${DEFAULT-VALUE}).")
  int count;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new ParameterException(
          spec.commandLine(), "--count must be at least 1, but was " + count);
    }
    Map<String, String> variables = source.variables();
    CouponSourceConfig config = source.loadConfig();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int received = 0;
    try (CouponFetcher fetcher = source.newFetcher(config)) {
      while (received < count) {
        CouponBatch batch;
        try {
          batch = fetcher.fetch(config, variables);
        } catch (CouponFetchException e) {
          out.flush();
          return failed(err, e, received);
        }
        for (Coupon coupon : batch.coupons()) {
          out.println(line(coupon));
        }
        out.flush(); // each coupon is out before the next call can fail
        batch.warnings().forEach(w -> err.println("warning: " + w));
        received += batch.coupons().size();
      }
    }
    return CouponFetchCli.OK;
  }

  static String line(Coupon coupon) {
    return coupon.expiry().map(x -> coupon.code() + "\t" + x).orElse(coupon.code());
  }

  private int failed(PrintWriter err, CouponFetchException e, int received) {
    err.println("error: " + e.reason() + ": " + e.getMessage());
    err.println("hint: " + e.reason().hint());
    if (e.reason() == Reason.OAUTH_NOT_AUTHORIZED) {
      err.println("hint: " + source.notAuthorizedHint());
    }
    if (received > 0) {
      err.println(
          "note: "
              + received
              + " of "
              + count
              + " coupons were fetched before the failure; they are printed above.");
    }
    return CouponFetchCli.exitCodeFor(e.reason());
  }
}
