package dev.couponfetch.httpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.CircuitState;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.EndpointHealth;
import dev.couponfetch.Limits;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RateBudgetStore;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The per-origin policies of one fetcher, kept per endpoint origin (scheme, host, port): a bulkhead
 * (requests in flight and fetches waiting), a circuit breaker, the pauses endpoints announce
 * ({@code Retry-After}, {@code RateLimit-*}) and configured request budgets. Pauses and budgets are
 * kept per origin <em>and credentials</em>: two merchants of one SaaS host do not share a rate
 * limit. Each fetch passes through them in a {@link Gate}. Thread-safe.
 *
 * <p>State is made on first use and forgotten once idle, so that a fetcher serving many thousands
 * of origins keeps only those in use (about 3 KB each with a circuit breaker).
 */
final class OriginPolicies {
  static final int DEFAULT_MAX_QUEUED = 1_000;
  static final int DEFAULT_MINIMUM_CALLS = 5;
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  static final Duration DEFAULT_PAUSE = Duration.ofSeconds(30);

  /** Beyond this many entries in one map, idle ones are swept out. */
  static final int SWEEP_ABOVE = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxConcurrent;
  private final int maxQueued;
  private final CircuitBreakerConfig circuitConfig;
  private final Duration pause;
  private final Clock clock;
  private final RateBudgetStore store;
  private final Map<String, OriginCircuit> circuits = new ConcurrentHashMap<>();
  private final Map<BulkheadKey, OriginBulkhead> bulkheads = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Instant>> pauses = new ConcurrentHashMap<>();
  private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();

  private record BulkheadKey(String origin, int maxConcurrent, int maxQueued) {}

  /**
   * @param minimumCalls 0 turns circuit breaking off
   * @param store null: budgets counted in this fetcher only
   */
  OriginPolicies(
      int maxConcurrent,
      int maxQueued,
      int minimumCalls,
      Duration window,
      Duration pause,
      Clock clock,
      RateBudgetStore store) {
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
    this.circuitConfig =
        minimumCalls == 0 ? null : OriginCircuit.config(minimumCalls, window, pause, clock);
    this.pause = pause;
    this.clock = clock;
    this.store = store;
  }

  /** The passage of one fetch of {@code config}, whose request is {@code base}. */
  Gate gate(CouponSourceConfig config, PreparedRequest base, boolean probe, Executor blocking) {
    String origin = origin(base.endpoint());
    return new Gate(this, config, origin, probe, blocking);
  }

  /**
   * The circuit breaker of {@code origin} if it has one: only an origin that failed lately has one
   * (about 4 KB each, so a fetcher of many thousand healthy origins keeps none). Successes before
   * an origin's first failure in a window are thus not counted; a busy origin's later successes
   * are, and a few scattered failures do not pause it.
   */
  OriginCircuit circuit(String origin) {
    return circuitConfig == null ? null : circuits.get(origin);
  }

  /** The circuit breaker of {@code origin}, made for its first failure; null when off. */
  OriginCircuit circuitForFailure(String origin) {
    if (circuitConfig == null) {
      return null;
    }
    return getOrCreate(
        circuits,
        origin,
        OriginCircuit::idle,
        o -> new OriginCircuit(o, circuitConfig, pause, clock));
  }

  /** The bulkhead for {@code origin} with the config's limits (or the fetcher's). */
  OriginBulkhead bulkhead(String origin, Limits limits) {
    return getOrCreate(
        bulkheads,
        bulkheadKey(origin, limits),
        OriginBulkhead::idle,
        k -> new OriginBulkhead(k.origin(), k.maxConcurrent(), k.maxQueued()));
  }

  /** The configured budget under {@code rateKey}, for its rate and policy. */
  RateBudget budget(String rateKey, Limits limits) {
    return getOrCreate(
        budgets,
        budgetKey(rateKey, limits),
        RateBudget::idle,
        k -> new RateBudget(k, limits.requestsPerSecond(), limits.rateLimitPolicy()));
  }

  RateBudgetStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  /** When the endpoint said requests under {@code rateKey} may go again, if that is ahead. */
  Instant pausedUntil(String origin, String rateKey) {
    Map<String, Instant> byKey = pauses.get(origin);
    if (byKey == null) {
      return null;
    }
    Instant until = byKey.get(rateKey);
    if (until == null) {
      return null;
    }
    if (!until.isAfter(clock.instant())) {
      byKey.remove(rateKey, until);
      if (byKey.isEmpty()) {
        pauses.remove(origin, byKey);
      }
      return null;
    }
    return until;
  }

  /** Whether any pause is kept for {@code origin} (cheap: no key computed). */
  boolean anyPause(String origin) {
    return pauses.containsKey(origin);
  }

  /** The endpoint asked that requests under {@code rateKey} wait until {@code until}. */
  void pause(String origin, String rateKey, Instant until) {
    sweepPauses();
    pauses
        .computeIfAbsent(origin, o -> new ConcurrentHashMap<>())
        .merge(rateKey, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** What is known of the config's endpoint origin now; empty when its origin holds variables. */
  Optional<EndpointHealth> health(CouponSourceConfig config) {
    URI endpoint;
    try {
      endpoint = URI.create(config.endpoint());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // {{variables}} in the URL
    }
    if (endpoint.getHost() == null) {
      return Optional.empty();
    }
    String origin = origin(endpoint);
    OriginCircuit c = circuitConfig == null ? null : circuits.get(origin);
    OriginBulkhead b = bulkheads.get(bulkheadKey(origin, config.limits()));
    String rateKey = rateKey(origin, config);
    Instant limited = pausedUntil(origin, rateKey);
    if (limited == null && config.limits().requestsPerSecond() != null && store == null) {
      RateBudget budget = budgets.get(budgetKey(rateKey, config.limits()));
      long n = budget == null ? 0 : budget.nanosToNext();
      limited = n > 0 ? clock.instant().plusNanos(n) : null;
    }
    Duration window =
        circuitConfig == null
            ? Duration.ZERO
            : Duration.ofSeconds(circuitConfig.getSlidingWindowSize());
    return Optional.of(
        new EndpointHealth(
            origin,
            c == null ? CircuitState.CLOSED : c.state(),
            c == null ? 0 : c.recentCalls(),
            c == null ? 0 : c.recentFailures(),
            window,
            c == null ? null : c.pausedUntil(),
            limited,
            b == null ? 0 : b.inFlight(),
            b == null ? 0 : b.queued()));
  }

  private BulkheadKey bulkheadKey(String origin, Limits limits) {
    int c = limits.maxConcurrent() == null ? maxConcurrent : limits.maxConcurrent();
    int q = limits.maxQueued() == null ? maxQueued : limits.maxQueued();
    return new BulkheadKey(origin, c, q);
  }

  private static String budgetKey(String rateKey, Limits limits) {
    return rateKey + '|' + limits.requestsPerSecond() + '|' + limits.rateLimitPolicy();
  }

  /**
   * The key of the config's rate limits in this process: its origin and a hash of its credentials
   * (never leaves the process).
   */
  static String rateKey(String origin, CouponSourceConfig config) {
    return origin
        + '#'
        + Integer.toHexString(Objects.hash(config.auth(), config.clientCertificate()));
  }

  /**
   * The key of the config's budget in a shared {@link RateBudgetStore}: a SHA-256 of its origin and
   * its credentials as configured, so that the store learns nothing of them.
   */
  static String sharedKey(String origin, CouponSourceConfig config) {
    try {
      JsonNode auth = JSON.readTree(config.toJson()).path("auth");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(origin.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(auth.toString().getBytes(StandardCharsets.UTF_8));
      return "rate-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot key the rate budget", e);
    }
  }

  /** {@code scheme://host:port}, lower case, default ports filled in. */
  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port < 0) {
      port = scheme.equals("https") ? 443 : 80;
    }
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ':' + port;
  }

  /**
   * The entry under {@code key}, made on first use; a new entry first sweeps the idle ones out of a
   * map grown past {@link #SWEEP_ABOVE}.
   */
  private static <K, V> V getOrCreate(
      Map<K, V> map,
      K key,
      java.util.function.Predicate<V> idle,
      java.util.function.Function<K, V> make) {
    V existing = map.get(key);
    if (existing != null) {
      return existing;
    }
    if (map.size() > SWEEP_ABOVE) {
      map.values().removeIf(idle);
    }
    return map.computeIfAbsent(key, make);
  }

  private void sweepPauses() {
    if (pauses.size() > SWEEP_ABOVE) {
      Instant now = clock.instant();
      pauses.values().forEach(m -> m.values().removeIf(until -> !until.isAfter(now)));
      pauses.values().removeIf(Map::isEmpty);
    }
  }
}
