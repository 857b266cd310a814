package dev.couponfetch;

import java.nio.charset.Charset;

/**
 * Turns a successful (2xx) response body into coupons. The built-in mapper of a config ({@link
 * CouponSourceConfig#mapper()}) follows its {@code mapping}; a transport may take another.
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
}
