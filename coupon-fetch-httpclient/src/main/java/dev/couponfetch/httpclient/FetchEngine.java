package dev.couponfetch.httpclient;

import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.ResponseMapper;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every fetch of one fetcher shares, whichever driver runs it: the registered authenticators
 * and response mappers, the retry policy, the per-origin policies, the size cap and the deadline's
 * settings. Immutable and thread-safe.
 */
final class FetchEngine {
  /** The name of the built-in response mapper: the config's own {@code mapping}. */
  static final String STANDARD_MAPPER = MappingConfig.STANDARD_MAPPER;

  private final Map<String, Authenticator> authenticators;
  private final Map<String, ResponseMapper.Factory> mappers;
  private final Retries retries;
  private final long maxResponseBytes;
  private final Duration fetchDeadline;
  private final Aborts aborts;
  private final OriginPolicies policies;

  FetchEngine(
      Map<String, Authenticator> authenticators,
      Map<String, ResponseMapper.Factory> mappers,
      Retries retries,
      long maxResponseBytes,
      Duration fetchDeadline,
      Aborts aborts,
      OriginPolicies policies) {
    this.authenticators = Map.copyOf(authenticators);
    this.mappers = Map.copyOf(mappers);
    this.retries = retries;
    this.maxResponseBytes = maxResponseBytes;
    this.fetchDeadline = fetchDeadline;
    this.aborts = aborts;
    this.policies = policies;
  }

  /** The per-origin bulkheads, circuit breakers and rate limits. */
  OriginPolicies policies() {
    return policies;
  }

  /** The time budget of one fetch of {@code config}, starting now. */
  Deadline deadline(CouponSourceConfig config) {
    return Deadline.start(config.timeouts(), fetchDeadline, aborts);
  }

  Retries retries() {
    return retries;
  }

  long maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * The authenticator registered for the config's {@code auth.scheme}.
   *
   * @throws CouponFetchException {@code INVALID_CONFIG} when none is
   */
  Authenticator authenticator(CouponSourceConfig config) {
    String scheme = config.auth().scheme();
    Authenticator a = authenticators.get(scheme);
    if (a == null) {
      throw notRegistered("auth.scheme", "authenticator", scheme, authenticators.keySet());
    }
    return a;
  }

  /**
   * The mapper for the config's {@code mapping.mapper}: the config's own compiled mapper for the
   * built-in one.
   *
   * @throws CouponFetchException {@code INVALID_CONFIG} when none is registered under that name
   */
  ResponseMapper mapper(CouponSourceConfig config) {
    String name = config.mapping().mapper();
    ResponseMapper.Factory factory = mappers.get(name);
    if (factory == null) {
      throw notRegistered("mapping.mapper", "response mapper", name, mappers.keySet());
    }
    ResponseMapper mapper = factory.forConfig(config);
    if (mapper == null) {
      throw new IllegalStateException("response mapper factory '" + name + "' returned null");
    }
    return mapper;
  }

  private static CouponFetchException notRegistered(
      String field, String what, String name, Collection<String> known) {
    String problem =
        field
            + ": no "
            + what
            + " is registered under '"
            + name
            + "' on this fetcher (registered: "
            + String.join(", ", new TreeSet<>(known))
            + ")";
    return CouponFetchException.invalidConfig(List.of(problem)).toBuilder()
        .hint(
            "Register it on the fetcher's builder ("
                + (field.startsWith("auth") ? "authenticator" : "responseMapper")
                + "(\""
                + name
                + "\", …)), or correct "
                + field
                + ".")
        .build();
  }
}
