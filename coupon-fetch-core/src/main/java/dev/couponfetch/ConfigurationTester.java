package dev.couponfetch;

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
  private final CouponFetcher fetcher;

  /** A tester that calls endpoints through {@code fetcher}. */
  public ConfigurationTester(CouponFetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher == null");
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
      return TestReport.success(fetcher.fetch(config, variables));
    } catch (CouponFetchException e) {
      return TestReport.failure(e);
    }
  }
}
