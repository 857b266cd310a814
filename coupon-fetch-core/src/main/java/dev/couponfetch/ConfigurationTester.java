package dev.couponfetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings screen's <b>Test Configuration</b> button: calls the endpoint once and explains the
 * outcome in a {@link TestReport}. It never throws for a failing endpoint. Thread-safe when its
 * fetcher is.
 *
 * <pre>{@code
 * TestReport report = new ConfigurationTester(fetcher).test(config, Map.of("email", "a@b.example"));
 * System.out.println(report.toText());   // "Configuration Works!" then the response
 * }</pre>
 */
public final class ConfigurationTester {
  /** Beyond this an expiry more likely comes from reading milliseconds as seconds. */
  private static final Duration IMPLAUSIBLY_FAR = Duration.ofDays(365L * 100);

  private static final int MAX_EXPIRY_WARNINGS = 3;

  private final CouponFetcher fetcher;
  private final Clock clock;

  /** A tester that calls endpoints through {@code fetcher}. */
  public ConfigurationTester(CouponFetcher fetcher) {
    this(fetcher, Clock.systemUTC());
  }

  /** A tester that calls endpoints through {@code fetcher} and judges expiries by {@code clock}. */
  public ConfigurationTester(CouponFetcher fetcher, Clock clock) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Fetches once with {@code variables} and reports what happened.
   *
   * @return {@code works()} with the coupons and the response, or the failure's reason, explanation
   *     and hint; never null
   */
  public TestReport test(CouponSourceConfig config, Map<String, String> variables) {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(variables, "variables == null");
    try {
      CouponBatch batch = fetcher.fetch(config, variables);
      return TestReport.success(batch, expiryWarnings(batch.coupons()));
    } catch (CouponFetchException e) {
      return TestReport.failure(e);
    }
  }

  /**
   * A configuration can work and still read expiries wrongly (a past date, or milliseconds read as
   * seconds): the merchant should see that before going live.
   */
  private List<String> expiryWarnings(List<Coupon> coupons) {
    Instant now = clock.instant();
    List<String> warnings = new ArrayList<>();
    int more = 0;
    for (Coupon c : coupons) {
      Instant at = c.expiresAt();
      String warning = null;
      if (at != null && !at.isAfter(now)) {
        warning = "coupon '" + c.code() + "' has already expired (" + at + ")";
      } else if (at != null && at.isAfter(now.plus(IMPLAUSIBLY_FAR))) {
        warning = "coupon '" + c.code() + "' expires only at " + at;
      }
      if (warning != null && warnings.size() < MAX_EXPIRY_WARNINGS) {
        warnings.add(warning + "; check mapping.expiry and mapping.expiryFormat");
      } else if (warning != null) {
        more++;
      }
    }
    if (more > 0) {
      warnings.add(more + " more coupons with such expiries");
    }
    return warnings;
  }
}
