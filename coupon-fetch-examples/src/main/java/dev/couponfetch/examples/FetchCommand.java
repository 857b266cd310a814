package dev.couponfetch.examples;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
      "With --count N (1 to 10,000) the endpoint is called until at least N different coupons"
          + " were received. Every coupon received is printed, even when that is more than N (a"
          + " BULK endpoint may return several per call): a fetched coupon is handed out once, so"
          + " none is dropped. A code the endpoint already gave in this run is printed only the"
          + " first time, and stderr says how many repeats were dropped; after "
          + FetchCommand.MAX_STALE_CALLS
          + " calls in a row without a new code the command stops (exit 1).",
      "On failure the coupons fetched so far stay printed on stdout, and stderr says"
          + " 'error: REASON: message' and gives a hint."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every requested coupon was fetched",
      "1:the endpoint or the configuration failed, or the endpoint kept repeating codes",
      "2:bad usage, an invalid configuration file, or a missing --var"
    })
final class FetchCommand implements Callable<Integer> {
  /** The most coupons one run asks for. */
  static final int MAX_COUNT = 10_000;

  /**
   * Calls in a row that gave no code not already printed, after which the command stops: an
   * endpoint that hands everyone one shared code (or is stuck) would otherwise be called forever.
   */
  static final int MAX_STALE_CALLS = 3;

  @Spec CommandSpec spec;

  @Mixin SourceOptions source;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Call the endpoint until at least N different coupons were received, N from 1 to "
              + MAX_COUNT
              + " (default: ${DEFAULT-VALUE}).")
  int count;

  @Override
  public Integer call() {
    if (count < 1 || count > MAX_COUNT) {
      throw new ParameterException(
          spec.commandLine(), "--count must be between 1 and " + MAX_COUNT + ", but was " + count);
    }
    Map<String, String> variables = source.variables();
    CouponSourceConfig config = source.loadConfig();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Set<String> printed = new HashSet<>();
    int repeats = 0;
    int callsWithoutNewCode = 0;
    try (CouponFetcher fetcher = source.newFetcher(config)) {
      while (printed.size() < count) {
        CouponBatch batch;
        try {
          batch = fetcher.fetch(config, variables);
        } catch (CouponFetchException e) {
          out.flush();
          warnRepeats(err, repeats);
          return failed(err, e, printed.size());
        }
        int before = printed.size();
        for (Coupon coupon : batch.coupons()) {
          if (printed.add(coupon.code())) {
            out.println(line(coupon));
          } else {
            repeats++;
          }
        }
        out.flush(); // each coupon is out before the next call can fail
        batch.warnings().forEach(w -> err.println("warning: " + w));
        callsWithoutNewCode = printed.size() > before ? 0 : callsWithoutNewCode + 1;
        if (callsWithoutNewCode == MAX_STALE_CALLS) {
          warnRepeats(err, repeats);
          return stalled(err, printed.size());
        }
      }
    }
    warnRepeats(err, repeats);
    return CouponFetchCli.OK;
  }

  static String line(Coupon coupon) {
    return coupon.expiry().map(x -> coupon.code() + "\t" + x).orElse(coupon.code());
  }

  private static void warnRepeats(PrintWriter err, int repeats) {
    if (repeats > 0) {
      err.println(
          "warning: "
              + repeats
              + (repeats == 1 ? " code was" : " codes were")
              + " dropped: the endpoint gave "
              + (repeats == 1 ? "it" : "them")
              + " again in this run, and each code is printed once");
    }
  }

  private int stalled(PrintWriter err, int received) {
    err.println(
        "error: stopped after "
            + MAX_STALE_CALLS
            + " calls in a row that gave no new code: the endpoint keeps repeating codes it"
            + " already gave (it may hand out one shared code)");
    err.println(
        "note: fetched "
            + received
            + " of "
            + count
            + " coupons; "
            + (received == 1 ? "it is" : "they are")
            + " printed above.");
    return CouponFetchCli.FAILED;
  }

  private int failed(PrintWriter err, CouponFetchException e, int received) {
    err.println("error: " + e.reason() + ": " + e.getMessage());
    err.println("hint: " + e.hint());
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
