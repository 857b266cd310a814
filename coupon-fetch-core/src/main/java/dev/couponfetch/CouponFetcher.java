package dev.couponfetch;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Fetches coupons from a merchant's endpoint. Build one per application and share it: it is
 * thread-safe and holds pooled connections, released by {@link #close()}.
 *
 * <p>The transport module's implementation is {@code
 * dev.couponfetch.httpclient.HttpClientCouponFetcher}.
 */
public interface CouponFetcher extends AutoCloseable {
  /**
   * Calls the config's endpoint once and maps the response.
   *
   * @param variables values for the config's {@code {{variables}}}
   * @return the coupons; never empty
   * @throws CouponFetchException for every failure, with its {@link Reason}
   */
  CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables);

  /**
   * {@link #fetch(CouponSourceConfig, Map)} without blocking the caller: the future completes with
   * the same batch, or exceptionally with the same {@link CouponFetchException} (not wrapped). Bad
   * arguments ({@code null}, a closed fetcher) still throw at once.
   *
   * <p>This default runs {@link #fetch} on the common fork-join pool, a thread per call in flight;
   * the transport module's fetcher overrides it with non-blocking I/O.
   */
  default CompletableFuture<CouponBatch> fetchAsync(
      CouponSourceConfig config, Map<String, String> variables) {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(variables, "variables == null");
    CompletableFuture<CouponBatch> result = new CompletableFuture<>();
    ForkJoinPool.commonPool()
        .execute(
            () -> {
              try {
                result.complete(fetch(config, variables));
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  /**
   * One real call for Test Configuration: {@link #fetch(CouponSourceConfig, Map)}, except that the
   * fetcher's per-endpoint policies never hold it back (an open circuit, a full bulkhead, a rate
   * limit in force) and its outcome does not count towards pausing the endpoint; a success closes
   * an open circuit (the merchant fixed the endpoint and tested it). This default is {@link
   * #fetch(CouponSourceConfig, Map)}.
   */
  default CouponBatch probe(CouponSourceConfig config, Map<String, String> variables) {
    return fetch(config, variables);
  }

  /**
   * What this fetcher knows of the config's endpoint origin now (its circuit breaker, a rate limit
   * in force, fetches in flight), or empty when it keeps nothing (this default).
   */
  default Optional<EndpointHealth> health(CouponSourceConfig config) {
    Objects.requireNonNull(config, "config == null");
    return Optional.empty();
  }

  /** {@link #fetch(CouponSourceConfig, Map)} with no variables. */
  default CouponBatch fetch(CouponSourceConfig config) {
    return fetch(config, Map.of());
  }

  /** Releases the connections. */
  @Override
  void close();
}
