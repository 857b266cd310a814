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
 * @param tokenExchange for {@code OAUTH2}: the token request this fetch made and its response,
 *     secrets and tokens masked; null when no token request was made
 * @param tokenNote for {@code OAUTH2}: where the access token came from when no token request was
 *     made (for example "access token from the token store, expires at …"); may be null
 * @param timings where the time went, request by request ({@link Timings#NONE} when not measured)
 */
public record CouponBatch(
    List<Coupon> coupons,
    int status,
    Duration elapsed,
    List<String> warnings,
    Exchange exchange,
    Exchange tokenExchange,
    String tokenNote,
    Timings timings) {
  /** Copies the lists; null timings are {@link Timings#NONE}. */
  public CouponBatch {
    coupons = List.copyOf(coupons);
    timings = timings == null ? Timings.NONE : timings;
    Objects.requireNonNull(elapsed, "elapsed == null");
    warnings = List.copyOf(warnings);
  }

  /** A batch of a fetch that needed no OAuth2 token. */
  public CouponBatch(
      List<Coupon> coupons,
      int status,
      Duration elapsed,
      List<String> warnings,
      Exchange exchange) {
    this(coupons, status, elapsed, warnings, exchange, null, null, Timings.NONE);
  }

  /** A batch without timings. */
  public CouponBatch(
      List<Coupon> coupons,
      int status,
      Duration elapsed,
      List<String> warnings,
      Exchange exchange,
      Exchange tokenExchange,
      String tokenNote) {
    this(coupons, status, elapsed, warnings, exchange, tokenExchange, tokenNote, Timings.NONE);
  }

  /** The first coupon: the only one for {@code SINGLE}. */
  public Coupon first() {
    return coupons.get(0);
  }

  /** The exchange, if recorded. */
  public Optional<Exchange> exchangeIfRecorded() {
    return Optional.ofNullable(exchange);
  }

  /** This batch with the OAuth2 token request (or null) and note (or null) of its fetch. */
  public CouponBatch withToken(Exchange tokenExchange, String tokenNote) {
    return new CouponBatch(
        coupons, status, elapsed, warnings, exchange, tokenExchange, tokenNote, timings);
  }

  /** This batch with {@code timings}. */
  public CouponBatch withTimings(Timings timings) {
    return new CouponBatch(
        coupons, status, elapsed, warnings, exchange, tokenExchange, tokenNote, timings);
  }
}
