package dev.couponfetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings screen's <b>Test Configuration</b> button: calls the endpoint once and explains the
 * outcome in a {@link TestReport}. It never throws for a failing endpoint. Thread-safe when its
 * fetcher is.
 *
 * <pre>{@code
 * TestReport report = new ConfigurationTester(fetcher).test(config, Map.of("email", "a@b.example"));
 * System.out.println(report.toText());   // "Configuration Works!" then the response
 * }</pre>
 *
 * <p>A coupon code equal to one of the configuration's credentials (a password, a key, a header or
 * query value, a client secret) is shown as {@code ****}, with a warning: the report shows no
 * secret, and a visitor must not be handed a credential as a coupon (the mapping most likely points
 * at an echo of it). Where the credential was placed it is masked in any case.
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
    CouponBatch batch;
    try {
      // A real call whatever the endpoint's circuit or rate limit: the merchant asked for one.
      batch = fetcher.probe(config, variables);
    } catch (CouponFetchException e) {
      return withHealth(
          TestReport.failure(e).forAuth(config.auth().type()).receivedAt(clock.instant()), config);
    }
    Instant receivedAt = clock.instant();
    return withHealth(
        report(batch, credentials(config, variables))
            .forAuth(config.auth().type())
            .receivedAt(receivedAt),
        config);
  }

  private TestReport withHealth(TestReport report, CouponSourceConfig config) {
    return fetcher.health(config).map(report::endpointHealth).orElse(report);
  }

  /**
   * Re-applies {@code config}'s mapping (paths, coupon type, expiry format and zone, error path) to
   * the response {@code previous} reported, without calling the endpoint: a unique-code endpoint
   * mints no coupon for it. The report has the shape of {@link #test}'s, shows the previous request
   * and response as they were, and is marked {@link TestReport#remappedFrom() re-mapped}; see
   * {@link #remap(CouponSourceConfig, Exchange, Instant, Map)}.
   *
   * @throws IllegalArgumentException when {@code previous} holds no response (the call got none)
   */
  public TestReport remap(CouponSourceConfig config, TestReport previous) {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(previous, "previous == null");
    Exchange.ReceivedResponse response =
        previous
            .response()
            .orElseThrow(
                () -> new IllegalArgumentException("previous holds no response to re-map"));
    Instant receivedAt =
        previous
            .receivedAt()
            .orElseThrow(() -> new IllegalArgumentException("previous has no receivedAt"));
    Exchange exchange = previous.exchange().orElse(null);
    return exchange != null
        ? remap(config, exchange, receivedAt, Map.of())
        : remap(config, response, receivedAt);
  }

  /**
   * Re-applies {@code config}'s mapping to {@code response}, received at {@code receivedAt},
   * without calling the endpoint; the report shows no request. See {@link
   * #remap(CouponSourceConfig, Exchange, Instant, Map)}.
   */
  public TestReport remap(
      CouponSourceConfig config, Exchange.ReceivedResponse response, Instant receivedAt) {
    Objects.requireNonNull(response, "response == null");
    return remap(config, null, response, receivedAt, Map.of());
  }

  /**
   * Re-applies {@code config}'s mapping to {@code previous}'s response, received at {@code
   * receivedAt}, without calling the endpoint. The outcome is the one a live test of that response
   * would have given: a status that is not 2xx is the same failure ({@code UNAUTHORIZED}, {@code
   * SERVER_ERROR}…), and a 2xx is mapped as a fetch maps it (with the same warnings: duplicates,
   * expired coupons by this tester's clock, codes equal to a credential, judged with {@code
   * variables}). Two things a live test does differ: a body cut at {@link Exchange#BODY_LIMIT}
   * ({@code truncated}) cannot be re-mapped ({@code RESPONSE_TOO_LARGE}: run a live test), and only
   * the built-in mapping can re-map ({@code mapping.mapper} naming a registered mapper is {@code
   * INVALID_CONFIG}). The report's {@code elapsed} is the time the re-mapping took.
   *
   * @param previous the request and response of the previous test, as its report shows them
   * @throws IllegalArgumentException when {@code previous} holds no response
   * @return a report marked {@link TestReport#remappedFrom() re-mapped from} {@code receivedAt};
   *     never null
   */
  public TestReport remap(
      CouponSourceConfig config,
      Exchange previous,
      Instant receivedAt,
      Map<String, String> variables) {
    Objects.requireNonNull(previous, "previous == null");
    if (previous.response() == null) {
      throw new IllegalArgumentException("previous holds no response to re-map");
    }
    return remap(config, previous, previous.response(), receivedAt, variables);
  }

  private TestReport remap(
      CouponSourceConfig config,
      Exchange exchange,
      Exchange.ReceivedResponse response,
      Instant receivedAt,
      Map<String, String> variables) {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(response, "response == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    Objects.requireNonNull(variables, "variables == null");
    Set<String> credentials = credentials(config, variables);
    TestReport report;
    try {
      report = report(StoredResponses.map(config, exchange, response, credentials), credentials);
    } catch (CouponFetchException e) {
      report = TestReport.failure(e);
    }
    return report.forAuth(config.auth().type()).remapped(receivedAt, response);
  }

  private TestReport report(CouponBatch batch, Set<String> credentials) {
    List<Coupon> shown = new ArrayList<>();
    Set<String> equal = new HashSet<>();
    for (Coupon c : batch.coupons()) {
      if (credentials.contains(c.code())) {
        equal.add(c.code());
        shown.add(new Coupon(Secret.MASK, c.expiresAt()));
      } else {
        shown.add(c);
      }
    }
    List<String> warnings = new ArrayList<>();
    if (!equal.isEmpty()) {
      warnings.add(
          "a coupon code equals a credential of this configuration and is shown as "
              + Secret.MASK
              + ": a visitor would be handed that credential; check mapping.code");
    }
    warnings.addAll(expiryWarnings(shown));
    List<String> batchWarnings = batch.warnings().stream().map(w -> masked(w, equal)).toList();
    return TestReport.success(batch, shown, batchWarnings, warnings);
  }

  /** The credential values {@code config} sends with {@code variables}, as sent. */
  private static Set<String> credentials(CouponSourceConfig config, Map<String, String> variables) {
    Set<String> s = new HashSet<>();
    AuthConfig auth = config.auth();
    auth.params().values().forEach(v -> s.add(v.reveal()));
    auth.headers().values().forEach(v -> s.add(v.reveal()));
    auth.settings().values().forEach(v -> s.add(v.reveal()));
    for (Secret secret : new Secret[] {auth.password(), auth.clientSecret(), auth.refreshToken()}) {
      if (secret != null) {
        s.add(secret.reveal());
      }
    }
    if (auth.login() != null) {
      auth.login().payloadSecrets().forEach(v -> s.add(v.reveal()));
      auth.login().headers().values().forEach(v -> s.add(v.reveal()));
    }
    try {
      // With {{variables}} filled in, and Basic's encoded form.
      PreparedRequest sent = config.prepareAuthenticated(variables);
      for (PreparedRequest.Header h : sent.headers()) {
        if (h.sensitive()) {
          s.add(h.value());
          int space = h.value().indexOf(' ');
          s.add(space < 0 ? h.value() : h.value().substring(space + 1));
        }
      }
      for (PreparedRequest.QueryParam q : sent.queryParams()) {
        if (q.sensitive()) {
          s.add(q.value());
        }
      }
      auth.resolvedSettings(variables).values().forEach(v -> s.add(v.reveal()));
    } catch (CouponFetchException e) {
      // The fetch just prepared the same request: not reached. The raw values above remain.
    }
    s.removeIf(String::isBlank);
    return s;
  }

  /** {@code text} with the codes in {@code equal} (credentials) shown as the mask. */
  private static String masked(String text, Set<String> equal) {
    String out = text;
    for (String e : equal) {
      out = out.replace(e, Secret.MASK);
    }
    return out;
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
