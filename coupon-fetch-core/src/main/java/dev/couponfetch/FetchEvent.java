package dev.couponfetch;

import java.time.Duration;
import java.util.Objects;

/**
 * What one fetch did, for a {@link FetchListener}: which config, whether it worked, why not, the
 * HTTP status, how long it took, how many coupons it gave and how many requests it took.
 *
 * <p>It holds no secret and nothing a merchant's endpoint chose: no URL, no query, no header, no
 * body, no message. The config name is the only free text; it comes from the config, not the
 * endpoint. Immutable and thread-safe.
 *
 * @param configName the config's {@link CouponSourceConfig#name() name}
 * @param outcome whether the fetch returned coupons
 * @param reason why it failed; null on success, and on a failure that was not a {@link
 *     CouponFetchException} (a bug, such as a custom mapper throwing something else)
 * @param status the HTTP status of the last response, 0 when there was none (nothing sent, no
 *     answer)
 * @param duration the time from the call to its return or throw, preparing and token requests
 *     included
 * @param coupons how many coupons the fetch returned; 0 on failure
 * @param attempts how many times the request was sent to the endpoint (redirects and token requests
 *     not counted): 1, more when it was retried, 0 when it failed before sending
 * @param timings where the time went: per request (token request or login, challenge, redirects,
 *     the final call, retries) its DNS, connect, TLS, first byte and body, and the mapping; each
 *     request's {@code uri} is null (an event holds no URL); {@link Timings#NONE} when not measured
 * @param circuit the state of the endpoint origin's circuit breaker once the fetch ended ({@link
 *     CircuitState#CLOSED} when the fetcher has none); a fetch refused because it is open fails
 *     with {@link Reason#ENDPOINT_UNAVAILABLE}
 */
public record FetchEvent(
    String configName,
    Outcome outcome,
    Reason reason,
    int status,
    Duration duration,
    int coupons,
    int attempts,
    Timings timings,
    CircuitState circuit) {

  /** Whether a fetch returned coupons. */
  public enum Outcome {
    /** The fetch returned coupons. */
    SUCCESS,
    /** The fetch threw. */
    FAILURE
  }

  /**
   * Checks each field, and that a success has no reason and a failure no coupons; null timings are
   * {@link Timings#NONE}, and their URLs are dropped; a null circuit is {@link
   * CircuitState#CLOSED}.
   */
  public FetchEvent {
    timings = timings == null ? Timings.NONE : timings.withoutUris();
    circuit = circuit == null ? CircuitState.CLOSED : circuit;
    Objects.requireNonNull(configName, "configName == null");
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(duration, "duration == null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration is negative: " + duration);
    }
    if (status != 0 && (status < 100 || status > 999)) {
      throw new IllegalArgumentException("status is not 0 or an HTTP status: " + status);
    }
    if (coupons < 0 || attempts < 0) {
      throw new IllegalArgumentException("coupons or attempts < 0: " + coupons + ", " + attempts);
    }
    if (outcome == Outcome.SUCCESS && reason != null) {
      throw new IllegalArgumentException("a success has no reason: " + reason);
    }
    if (outcome == Outcome.FAILURE && coupons != 0) {
      throw new IllegalArgumentException("a failure has no coupons: " + coupons);
    }
  }

  /** An event with its circuit {@link CircuitState#CLOSED}. */
  public FetchEvent(
      String configName,
      Outcome outcome,
      Reason reason,
      int status,
      Duration duration,
      int coupons,
      int attempts,
      Timings timings) {
    this(configName, outcome, reason, status, duration, coupons, attempts, timings, null);
  }

  /** An event without timings. */
  public FetchEvent(
      String configName,
      Outcome outcome,
      Reason reason,
      int status,
      Duration duration,
      int coupons,
      int attempts) {
    this(configName, outcome, reason, status, duration, coupons, attempts, Timings.NONE);
  }

  /** A successful fetch. */
  public static FetchEvent success(
      String configName, int status, Duration duration, int coupons, int attempts) {
    return success(configName, status, duration, coupons, attempts, Timings.NONE);
  }

  /** A successful fetch, with where its time went. */
  public static FetchEvent success(
      String configName,
      int status,
      Duration duration,
      int coupons,
      int attempts,
      Timings timings) {
    return new FetchEvent(
        configName, Outcome.SUCCESS, null, status, duration, coupons, attempts, timings);
  }

  /** A failed fetch; {@code reason} null when it was not a {@link CouponFetchException}. */
  public static FetchEvent failure(
      String configName, Reason reason, int status, Duration duration, int attempts) {
    return failure(configName, reason, status, duration, attempts, Timings.NONE);
  }

  /** A failed fetch, with where its time went. */
  public static FetchEvent failure(
      String configName,
      Reason reason,
      int status,
      Duration duration,
      int attempts,
      Timings timings) {
    return new FetchEvent(
        configName, Outcome.FAILURE, reason, status, duration, 0, attempts, timings);
  }

  /** This event with the origin's circuit state {@code circuit}. */
  public FetchEvent withCircuit(CircuitState circuit) {
    return new FetchEvent(
        configName, outcome, reason, status, duration, coupons, attempts, timings, circuit);
  }
}
