package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry policy's decision function, without a network. */
class RetriesTest {
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration LOTS = Duration.ofMinutes(1);

  /** Random values in [0, 1) that the backoff draws, in order. */
  private static Retries retries(double... randoms) {
    int[] next = {0};
    return new Retries(2, Duration.ofSeconds(10), CLOCK, () -> randoms[next[0]++ % randoms.length]);
  }

  private static CouponFetchException answered(int status, String... headerPairs) {
    List<PreparedRequest.Header> headers = new ArrayList<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(new PreparedRequest.Header(headerPairs[i], headerPairs[i + 1], false));
    }
    Exchange.SentRequest sent =
        new Exchange.SentRequest("GET", "http://shop.example/codes", List.of(), "");
    Exchange exchange =
        new Exchange(sent, new Exchange.ReceivedResponse(status, headers, "busy", false));
    Reason reason = status == 429 ? Reason.RATE_LIMITED : Reason.SERVER_ERROR;
    return CouponFetchException.builder(
            reason, "HTTP " + status + " from http://shop.example/codes")
        .status(status)
        .exchange(exchange)
        .build();
  }

  private static CouponFetchException failed(Reason reason, Throwable cause) {
    return CouponFetchException.builder(reason, "failed").cause(cause).build();
  }

  @ParameterizedTest(name = "{0} {1} -> retried: {2}")
  @CsvSource({
    "GET, 503, true",
    "GET, 429, true",
    "GET, 500, false",
    "GET, 502, false",
    "GET, 504, false",
    "GET, 404, false",
    "POST_JSON, 503, false",
    "POST_FORM, 429, false"
  })
  void decide_byMethodAndStatus(RequestMethod method, int status, boolean retried) {
    Retries.Decision d = retries(0.5).decide(method, false, 0, answered(status), LOTS);

    assertThat(d.retry()).isEqualTo(retried);
  }

  @Test
  void decide_postWhenConfigAllowsIt_isRetried() {
    Retries.Decision d = retries(0.5).decide(RequestMethod.POST_JSON, true, 0, answered(503), LOTS);

    assertThat(d.retry()).isTrue();
  }

  @Test
  void decide_afterMaxRetries_givesUp() {
    Retries r = retries(0.5);

    assertThat(r.decide(RequestMethod.GET, false, 1, answered(503), LOTS).retry()).isTrue();
    assertThat(r.decide(RequestMethod.GET, false, 2, answered(503), LOTS).retry()).isFalse();
  }

  @Test
  void decide_neverConnected_isRetriedForGetOnly() {
    CouponFetchException refused =
        failed(
            Reason.CONNECT_FAILED,
            new HttpHostConnectException("Connection refused", new HttpHost("shop.example", 80)));
    CouponFetchException connectTimeout =
        failed(Reason.TIMEOUT, new ConnectTimeoutException("connect timed out"));

    assertThat(retries(0.5).decide(RequestMethod.GET, false, 0, refused, LOTS).retry()).isTrue();
    assertThat(retries(0.5).decide(RequestMethod.GET, false, 0, connectTimeout, LOTS).retry())
        .isTrue();
    assertThat(retries(0.5).decide(RequestMethod.POST_JSON, false, 0, refused, LOTS).retry())
        .isFalse();
  }

  @Test
  void decide_failureAfterTheRequestWentOut_isNotRetried() {
    CouponFetchException reset =
        failed(Reason.CONNECT_FAILED, new SocketException("Connection reset"));
    CouponFetchException readTimeout =
        failed(Reason.TIMEOUT, new java.net.SocketTimeoutException("Read timed out"));
    CouponFetchException blocked = failed(Reason.BLOCKED_ADDRESS, new ConnectException("x"));

    assertThat(retries(0.5).decide(RequestMethod.GET, false, 0, reset, LOTS).retry()).isFalse();
    assertThat(retries(0.5).decide(RequestMethod.GET, false, 0, readTimeout, LOTS).retry())
        .isFalse();
    assertThat(retries(0.5).decide(RequestMethod.GET, false, 0, blocked, LOTS).retry()).isFalse();
  }

  @Test
  void decide_retryAfterSeconds_isTheWait() {
    Retries.Decision d =
        retries(0.5).decide(RequestMethod.GET, false, 0, answered(429, "Retry-After", "7"), LOTS);

    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void decide_retryAfterDate_isReadAgainstTheResponseDate() {
    // The server's clock is an hour behind ours: its own Date header says how long it means.
    CouponFetchException e =
        answered(
            503,
            "Date",
            "Wed, 02 Jan 2030 02:04:05 GMT",
            "Retry-After",
            "Wed, 02 Jan 2030 02:04:08 GMT");

    Retries.Decision d = retries(0.5).decide(RequestMethod.GET, false, 0, e, LOTS);

    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void decide_retryAfterBeyondCap_failsAtOnceSayingWhenToComeBack() {
    Retries.Decision d =
        retries(0.5).decide(RequestMethod.GET, false, 0, answered(429, "Retry-After", "120"), LOTS);

    assertThat(d.retry()).isFalse();
    assertThat(d.note())
        .contains("asks to wait 120 s", "try again after 2030-01-02T03:06:05Z", "maxRetryWait");
  }

  @Test
  void decide_retryAfterBeyondTheDeadline_failsAtOnce() {
    Retries.Decision d =
        retries(0.5)
            .decide(
                RequestMethod.GET,
                false,
                0,
                answered(503, "Retry-After", "5"),
                Duration.ofSeconds(4));

    assertThat(d.retry()).isFalse();
    assertThat(d.note()).contains("asks to wait 5 s", "past this fetch's deadline");
  }

  @Test
  void decide_postWithRetryAfter_isNotRetriedButSaysWhenToComeBack() {
    Retries.Decision d =
        retries(0.5)
            .decide(RequestMethod.POST_JSON, false, 0, answered(503, "Retry-After", "1"), LOTS);

    assertThat(d.retry()).isFalse();
    assertThat(d.note()).contains("asks to wait 1 s");
  }

  @Test
  void decide_noRetryAfter_backsOffWithFullJitter() {
    Retries r = retries(0.0, 0.999, 0.5);

    assertThat(r.decide(RequestMethod.GET, false, 0, answered(503), LOTS).delay())
        .isEqualTo(Duration.ZERO);
    assertThat(r.decide(RequestMethod.GET, false, 1, answered(503), LOTS).delay())
        .isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(r.decide(RequestMethod.GET, false, 0, answered(503), LOTS).delay())
        .isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void backoff_isCappedAtTwoSeconds() {
    assertThat(retries(0.999999).backoff(15))
        .isBetween(Duration.ofMillis(1999), Retries.BACKOFF_MAX);
  }

  @Test
  void decide_backoffPastTheDeadline_givesUpWithoutNote() {
    Retries.Decision d =
        retries(0.9).decide(RequestMethod.GET, false, 0, answered(503), Duration.ofMillis(10));

    assertThat(d).isEqualTo(Retries.Decision.GIVE_UP);
  }

  @ParameterizedTest(name = "Retry-After \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | PT0S",
        "  30  | PT30S",
        "Wed, 02 Jan 2030 03:04:15 GMT | PT10S",
        "Tue, 01 Jan 2030 00:00:00 GMT | PT0S",
        "123456789012345678901234567890 | PT8760H",
        "-5 | ",
        "1.5 | ",
        "soon | ",
        "'' | "
      })
  void retryAfter_readsSecondsAndDates(String value, Duration expected) {
    assertThat(Retries.retryAfter(value, null, NOW)).isEqualTo(expected);
  }

  @Test
  void withNote_keepsReasonStatusExchangeAndRetryable() {
    CouponFetchException e = answered(429, "Retry-After", "99");

    CouponFetchException noted = Retries.withNote(e, "; come back later");

    assertThat(noted.getMessage()).isEqualTo(e.getMessage() + "; come back later");
    assertThat(noted.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(noted.retryable()).isTrue();
    assertThat(noted.status()).hasValue(429);
    assertThat(noted.exchange()).isEqualTo(e.exchange());
  }
}
