package dev.couponfetch;

import java.nio.charset.Charset;

/**
 * Turns a successful (2xx) response body into coupons. The built-in mapper of a config ({@link
 * CouponSourceConfig#mapper()}) follows its {@code mapping}; others are made by a {@link Factory}
 * registered on the fetcher's builder under the name that configs give as {@code mapping.mapper}.
 * Implementations must be thread-safe and stateless per call.
 */
@FunctionalInterface
public interface ResponseMapper {
  /**
   * Maps one response body.
   *
   * @param body the body as received (decoded from any content encoding)
   * @param charset the body's charset, from its {@code Content-Type}, or UTF-8
   * @throws CouponFetchException with {@code NOT_JSON}, {@code ENDPOINT_ERROR}, {@code
   *     MAPPING_NOT_FOUND}, {@code INVALID_CODE}, {@code NO_COUPONS}, {@code TOO_MANY_COUPONS} or
   *     {@code EXPIRY_UNPARSEABLE}
   */
  MappedResponse map(byte[] body, Charset charset);

  /**
   * Makes the mapper of a config: registered on a fetcher's builder under a name ({@code
   * "standard"} is the built-in one, {@link CouponSourceConfig#mapper()}), and called for every
   * fetch of a config whose {@code mapping.mapper} names it, so it should be cheap (cache what is
   * costly to make, keyed by the config). Implementations must be thread-safe.
   */
  @FunctionalInterface
  interface Factory {
    /**
     * The mapper for {@code config}.
     *
     * @throws CouponFetchException with {@code INVALID_CONFIG} when the config's mapping does not
     *     suit this mapper
     */
    ResponseMapper forConfig(CouponSourceConfig config);
  }
}
