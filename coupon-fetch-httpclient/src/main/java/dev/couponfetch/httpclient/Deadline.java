package dev.couponfetch.httpclient;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.internal.RequestClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The time budget of one fetch. HttpClient's timeouts bound each wait (for a pooled connection, for
 * the connection, for each read), not the whole: a server that sends one byte just inside each read
 * timeout would hold the fetch for ever. So:
 *
 * <ul>
 *   <li>each request, from leasing a connection to the last byte of its body, ends within {@code
 *       connectMs + responseMs};
 *   <li>the whole fetch (redirects, retries and their waits, the OAuth2 renewal's second request)
 *       ends within the fetcher's {@code fetchDeadline}, by default twice {@code connectMs +
 *       responseMs};
 *   <li>each request's HttpClient timeouts are cut to what is left, and the request is aborted (its
 *       connection closed, which ends a blocked read) by the fetcher's timer thread when its time
 *       is up. HttpClient 5.6 has no whole-request timeout of its own.
 * </ul>
 *
 * <p>Token requests of the OAuth2 token manager are bounded by the config's timeouts alone. Not
 * thread-safe: one instance per fetch, used by the fetching thread (its aborts run on the timer).
 */
final class Deadline {
  /** A read or wait that timed out this close to the end is the deadline's doing. */
  private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Timeouts timeouts;
  // Nanoseconds: Duration's arithmetic goes through BigDecimal, on every fetch.
  private final long total;
  private final boolean totalIsDefault;
  private final long requestLimit;
  private final Aborts aborts;
  private final LongSupplier nanoTime;
  private final long start;

  private long requestEnd;
  private boolean requestCutByTotal;
  private AtomicBoolean aborted = new AtomicBoolean();
  private Aborts.Armed abort;

  private Deadline(Timeouts timeouts, Duration total, Aborts aborts, LongSupplier nanoTime) {
    this.timeouts = timeouts;
    this.requestLimit = timeouts.connect().toNanos() + timeouts.response().toNanos();
    this.totalIsDefault = total == null;
    this.total = total == null ? 2 * requestLimit : total.toNanos();
    this.aborts = aborts;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  /**
   * Starts the clock of a fetch.
   *
   * @param total the fetcher's {@code fetchDeadline}, or null for twice connect + response
   */
  static Deadline start(Timeouts timeouts, Duration total, Aborts aborts) {
    return new Deadline(timeouts, total, aborts, System::nanoTime);
  }

  /**
   * The fetcher's timer for aborts: one daemon thread, started on first use; cancelled aborts are
   * removed at once, so a busy fetcher does not pile them up.
   */
  static ScheduledExecutorService newTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "coupon-fetch-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** What is left of the whole fetch's budget; zero or negative when spent. */
  Duration remaining() {
    return Duration.ofNanos(start + total - nanoTime.getAsLong());
  }

  /** Whether the whole fetch's budget is spent (give or take a timer's slack). */
  boolean expired() {
    return start + total - nanoTime.getAsLong() <= SLACK_NANOS;
  }

  /**
   * Starts the clock of the next request: the config's timeouts, each cut to what is left of this
   * request's limit (at least 1 ms). Call {@link #arm} with the request built from them.
   */
  Timeouts nextRequest() {
    disarm();
    long now = nanoTime.getAsLong();
    long byRequest = now + requestLimit;
    long byTotal = start + total;
    requestCutByTotal = byTotal <= byRequest;
    requestEnd = Math.min(byRequest, byTotal);
    long leftNanos = Math.max(requestEnd - now, TimeUnit.MILLISECONDS.toNanos(1));
    if (leftNanos >= timeouts.connect().toNanos() && leftNanos >= timeouts.response().toNanos()) {
      // Nothing to cut: the config's own timeouts (whose request config the factory keeps).
      return timeouts;
    }
    Duration left = Duration.ofNanos(leftNanos);
    return new Timeouts(min(timeouts.connect(), left), min(timeouts.response(), left));
  }

  /**
   * Aborts {@code request} when the current request's time is up (within {@link Aborts#TICK_MS}).
   */
  <T extends Cancellable> T arm(T request) {
    abort = aborts.arm(request, requestEnd);
    aborted = abort.fired;
    return request;
  }

  /** Stops the current request's abort, if it has not fired. */
  void disarm() {
    if (abort != null) {
      aborts.disarm(abort);
      abort = null;
    }
  }

  /** Whether the current request is out of time: between reads of a body, say. */
  boolean requestExpired() {
    return aborted.get() || requestEnd - nanoTime.getAsLong() <= SLACK_NANOS;
  }

  /** Whether {@code e} is the current request running out of time rather than its own failure. */
  boolean ranOut(IOException e) {
    return aborted.get()
        || e instanceof Exceeded
        || (e instanceof InterruptedIOException && requestExpired());
  }

  /** The body was still arriving when the request's time was up. */
  static final class Exceeded extends IOException {
    private static final long serialVersionUID = 1L;

    Exceeded() {
      super("the request's time is up");
    }
  }

  /**
   * The {@link Reason#TIMEOUT} for a request that ran out of time, naming the limit that ended it.
   *
   * @param firstUri the masked URL of the fetch's first request
   * @param exchange the request and whatever arrived of the response
   * @param mayResend whether the fetch's request may be sent again ({@link Retries#mayResend}): if
   *     not (a POST without {@code retryPost}), the request may have reached the endpoint and
   *     created a coupon, so the failure says so and is not retryable
   */
  CouponFetchException failure(
      String firstUri, Exchange exchange, boolean mayResend, RequestClock.Phase phase) {
    String message;
    if (requestCutByTotal) {
      message = overall(firstUri);
    } else if (exchange.response() == null && phase != null && phase != RequestClock.Phase.BODY) {
      message =
          "The request to "
              + exchange.request().uri()
              + " took longer than "
              + Failures.ms(java.time.Duration.ofNanos(requestLimit))
              + " ms (timeouts.connectMs + timeouts.responseMs, the limit for one request): "
              + stepNotDone(phase);
    } else {
      message =
          "The request to "
              + exchange.request().uri()
              + " took longer than "
              + TimeUnit.NANOSECONDS.toMillis(requestLimit)
              + " ms (timeouts.connectMs + timeouts.responseMs, the limit for one request)"
              + (exchange.response() == null
                  ? ""
                  : ": the response (HTTP "
                      + exchange.response().status()
                      + ") was still arriving, too slowly");
    }
    if (!mayResend) {
      message += Failures.MAY_HAVE_MINTED;
    }
    CouponFetchException.Builder b =
        CouponFetchException.builder(Reason.TIMEOUT, message).exchange(exchange);
    if (exchange.response() != null) {
      b.status(exchange.response().status());
    }
    if (!mayResend) {
      b.retryable(false).hint(Failures.MINTED_HINT);
    }
    return b.build();
  }

  /** The {@link Reason#TIMEOUT} for a fetch whose budget is spent before its next request. */
  CouponFetchException spent(String firstUri, Exchange exchange) {
    return CouponFetchException.builder(Reason.TIMEOUT, overall(firstUri))
        .exchange(exchange)
        .build();
  }

  private String overall(String firstUri) {
    return "The fetch from "
        + firstUri
        + " took longer than its deadline of "
        + TimeUnit.NANOSECONDS.toMillis(total)
        + " ms ("
        + (totalIsDefault ? "twice timeouts.connectMs + timeouts.responseMs" : "fetchDeadline")
        + ", for every request, redirect and retry of one fetch)";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The step a request was cut in, as the failure words it. */
  private static String stepNotDone(RequestClock.Phase phase) {
    switch (phase) {
      case CONNECT:
        return "connect did not finish";
      case TLS:
        return "TLS handshake did not finish";
      default:
        return "no first byte";
    }
  }
}
