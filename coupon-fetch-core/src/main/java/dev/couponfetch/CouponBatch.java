package dev.couponfetch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The coupons of one successful fetch, with the response's HTTP status, the time the fetch took,
 * the mapper's warnings and the exchange. Immutable.
 *
 * @param coupons the coupons, never empty
 * @param status the HTTP status of the response
 * @param elapsed the time from sending the request to mapping the response
 * @param warnings warnings such as dropped duplicates
 * @param exchange the request as sent and the response, secrets masked; may be null
 */
public record CouponBatch(
    List<Coupon> coupons, int status, Duration elapsed, List<String> warnings, Exchange exchange) {
  /** Copies the lists. */
  public CouponBatch {
    coupons = List.copyOf(coupons);
    Objects.requireNonNull(elapsed, "elapsed == null");
    warnings = List.copyOf(warnings);
  }

  /** The first coupon: the only one for {@code SINGLE}. */
  public Coupon first() {
    return coupons.get(0);
  }

  /** The exchange, if recorded. */
  public Optional<Exchange> exchangeIfRecorded() {
    return Optional.ofNullable(exchange);
  }
}
