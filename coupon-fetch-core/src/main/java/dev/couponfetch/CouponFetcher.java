package dev.couponfetch;

import java.util.Map;

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

  /** {@link #fetch(CouponSourceConfig, Map)} with no variables. */
  default CouponBatch fetch(CouponSourceConfig config) {
    return fetch(config, Map.of());
  }

  /** Releases the connections. */
  @Override
  void close();
}
