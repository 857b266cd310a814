package dev.couponfetch.httpclient;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a failed request is sent again. HttpClient's own retries are off: its default strategy
 * retries a POST answered 503 (a second coupon minted) and waits for any {@code Retry-After}.
 *
 * <ul>
 *   <li>Retried: a request that never reached the server (connection refused, connect timeout, no
 *       route), and a 429 or 503 answer. Nothing else: a reset or a 500 after the request went out
 *       may have minted a coupon, GET or not.
 *   <li>{@code POST} only when the config says so ({@code retryPost}); {@code GET} always.
 *   <li>At most {@code maxRetries} times (default 2) per request.
 *   <li>The wait: the answer's {@code Retry-After} (delta-seconds, or an HTTP-date read against the
 *       answer's {@code Date}), else full-jitter exponential backoff: a random time below 100 ms,
 *       200 ms, 400 ms... (at most 2 s). A {@code Retry-After} longer than {@code maxRetryWait}
 *       (default 10 s) or than what is left of the fetch's deadline is not waited for: the fetch
 *       fails at once, retryable, saying when to come back.
 * </ul>
 *
 * <p>Decides only: the fetch engine ({@link FetchRun}) asks after each failed try, and its driver
 * waits. Thread-safe and immutable; {@link #decide} is a pure function of its arguments, the clock
 * and the jitter.
 */
final class Retries {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClientCouponFetcher.class);

  static final int DEFAULT_MAX_RETRIES = 2;
  static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);
  static final Duration BACKOFF_BASE = Duration.ofMillis(100);
  static final Duration BACKOFF_MAX = Duration.ofSeconds(2);

  /**
   * What to do after a failed try.
   *
   * @param delay how long to wait before the next try, or null for no next try
   * @param note added to the failure's message when there is no next try (when to come back), or
   *     null
   */
  record Decision(Duration delay, String note) {
    static final Decision GIVE_UP = new Decision(null, null);

    boolean retry() {
      return delay != null;
    }
  }

  private final int maxRetries;
  private final Duration maxWait;
  private final Clock clock;
  private final DoubleSupplier random;

  Retries(int maxRetries, Duration maxWait, Clock clock, DoubleSupplier random) {
    this.maxRetries = maxRetries;
    this.maxWait = maxWait;
    this.clock = clock;
    this.random = random;
  }

  static Retries standard(int maxRetries, Duration maxWait, Clock clock) {
    return new Retries(maxRetries, maxWait, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Logs (DEBUG) that {@code first} is sent again after {@code d}. */
  void logRetry(PreparedRequest first, CouponFetchException failure, Decision d, int retriesDone) {
    LOG.debug(
        "{} {} failed ({}), sending it again in {} ms (retry {} of {})",
        first.method().httpMethod(),
        first.displayUri(),
        failure.status().isPresent() ? "HTTP " + failure.status().getAsInt() : failure.reason(),
        d.delay().toMillis(),
        retriesDone + 1,
        maxRetries);
  }

  /**
   * The decision after try number {@code retriesDone + 1} failed with {@code failure}.
   *
   * @param retryPost whether the config allows a POST to be sent again
   * @param remaining what is left of the fetch's deadline
   */
  Decision decide(
      RequestMethod method,
      boolean retryPost,
      int retriesDone,
      CouponFetchException failure,
      Duration remaining) {
    int status = failure.status().orElse(0);
    boolean busy = status == 429 || status == 503;
    Duration retryAfter = busy ? retryAfter(failure) : null;
    String comeBack = retryAfter == null ? null : comeBack(retryAfter);
    boolean allowed = mayResend(method, retryPost);
    if (!allowed || !(busy || neverConnected(failure)) || retriesDone >= maxRetries) {
      return new Decision(null, comeBack == null ? null : "; " + comeBack);
    }
    if (retryAfter != null) {
      if (retryAfter.compareTo(maxWait) > 0) {
        return new Decision(
            null, "; " + comeBack + " (longer than maxRetryWait, " + maxWait.toMillis() + " ms)");
      }
      if (retryAfter.compareTo(remaining) >= 0) {
        return new Decision(null, "; " + comeBack + " (past this fetch's deadline)");
      }
      return new Decision(retryAfter, null);
    }
    Duration backoff = backoff(retriesDone);
    return backoff.compareTo(remaining) < 0 ? new Decision(backoff, null) : Decision.GIVE_UP;
  }

  /**
   * Whether a fetch's request may be sent again at all: a GET, or a POST whose config allows it
   * ({@code retryPost}); a POST that reached the endpoint may have created a coupon.
   */
  static boolean mayResend(RequestMethod method, boolean retryPost) {
    return method == RequestMethod.GET || retryPost;
  }

  /** Full jitter: a random time below base × 2^retriesDone, at most {@link #BACKOFF_MAX}. */
  Duration backoff(int retriesDone) {
    long ceiling = BACKOFF_BASE.toNanos() << Math.min(retriesDone, 20);
    ceiling = Math.min(ceiling, BACKOFF_MAX.toNanos());
    return Duration.ofNanos((long) (random.getAsDouble() * ceiling));
  }

  private String comeBack(Duration wait) {
    Instant at = clock.instant().plus(wait).truncatedTo(ChronoUnit.SECONDS);
    return "the endpoint asks to wait "
        + (wait.toMillis() + 999) / 1000
        + " s (Retry-After): try again after "
        + at;
  }

  /** Whether the request never reached the server, so sending it again cannot do anything twice. */
  static boolean neverConnected(CouponFetchException failure) {
    if (failure.reason() != Reason.CONNECT_FAILED && failure.reason() != Reason.TIMEOUT) {
      return false;
    }
    Throwable cause = failure.getCause();
    return cause instanceof ConnectException // HttpHostConnectException: refused
        || cause instanceof ConnectTimeoutException
        || cause instanceof NoRouteToHostException;
  }

  /** The failure's {@code Retry-After}, read against its {@code Date}; null if absent or bad. */
  Duration retryAfter(CouponFetchException failure) {
    if (failure.exchange().isEmpty() || failure.exchange().get().response() == null) {
      return null;
    }
    List<PreparedRequest.Header> headers = failure.exchange().get().response().headers();
    return retryAfter(header(headers, "Retry-After"), header(headers, "Date"), clock.instant());
  }

  /**
   * {@code Retry-After} as a wait: delta-seconds, or an HTTP-date less the response's {@code Date}
   * (or, without one, {@code now}), so that a server clock that is off does not matter.
   *
   * @return the wait, zero for a date in the past, or null when absent or unreadable
   */
  static Duration retryAfter(String value, String date, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // More than a year is as good as never; also keeps a 40-digit value from overflowing.
      return v.length() > 8 ? Duration.ofDays(365) : Duration.ofSeconds(Long.parseLong(v));
    }
    Instant at = httpDate(v);
    if (at == null) {
      return null;
    }
    Instant base = date == null ? null : httpDate(date.strip());
    Duration wait = Duration.between(base == null ? now : base, at);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String header(List<PreparedRequest.Header> headers, String name) {
    return headers.stream()
        .filter(h -> h.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .map(PreparedRequest.Header::value)
        .findFirst()
        .orElse(null);
  }

  /** {@code failure} with {@code note} added to its message, everything else kept. */
  static CouponFetchException withNote(CouponFetchException failure, String note) {
    if (note == null) {
      return failure;
    }
    CouponFetchException.Builder b =
        CouponFetchException.builder(failure.reason(), failure.getMessage() + note)
            .retryable(failure.retryable())
            .problems(failure.problems())
            .exchange(failure.exchange().orElse(null))
            .tokenExchange(failure.tokenExchange().orElse(null))
            .tokenNote(failure.tokenNote().orElse(null))
            .explanation(failure.explanation())
            .hint(failure.hint());
    failure.status().ifPresent(b::status);
    if (failure.getCause() != null) {
      b.cause(failure.getCause());
    }
    return b.build();
  }

  /** The failure for a fetch interrupted while waiting to retry; the interrupt is kept. */
  static CouponFetchException interrupted(CouponFetchException last) {
    Thread.currentThread().interrupt();
    return withNote(last, "; interrupted while waiting to send it again").toBuilder()
        .retryable(false)
        .build();
  }
}
