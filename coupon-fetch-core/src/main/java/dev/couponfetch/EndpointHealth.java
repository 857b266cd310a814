package dev.couponfetch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a fetcher knows of an endpoint's origin at one moment: its circuit breaker, the rate limit
 * in force, and how many fetches are in flight and waiting there. For Test Configuration and
 * dashboards; holds no secret, no path and no query. Immutable.
 *
 * @param origin the endpoint's scheme, host and port ({@code https://coupons.example:443})
 * @param circuit the circuit breaker's state
 * @param recentCalls calls counted by the circuit breaker in its {@code window}
 * @param recentFailures of those, the failures (no connection, timeout, 5xx)
 * @param window how far back the circuit breaker counts
 * @param pausedUntil while the circuit is open, when the next call is let through; else null
 * @param rateLimitedUntil when a rate limit in force (the endpoint's {@code Retry-After} or {@code
 *     RateLimit-*} headers, or the config's budget) lets the next request through; else null
 * @param inFlight requests to the origin in flight now
 * @param queued fetches waiting for one of those to end
 */
public record EndpointHealth(
    String origin,
    CircuitState circuit,
    int recentCalls,
    int recentFailures,
    Duration window,
    Instant pausedUntil,
    Instant rateLimitedUntil,
    int inFlight,
    int queued) {

  /** Checks the parts. */
  public EndpointHealth {
    Objects.requireNonNull(origin, "origin == null");
    Objects.requireNonNull(circuit, "circuit == null");
    Objects.requireNonNull(window, "window == null");
    if (recentCalls < 0 || recentFailures < 0 || inFlight < 0 || queued < 0) {
      throw new IllegalArgumentException("a count is negative");
    }
  }

  /** Whether anything holds calls back: an open circuit or a rate limit in force. */
  public boolean restricted() {
    return circuit != CircuitState.CLOSED || rateLimitedUntil != null;
  }

  /**
   * The state in a sentence for people: {@code "this endpoint has failed 7 times in the last
   * minute; calls are paused until 2026-12-07T10:15:30Z"}, or {@code "no recent failures"}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>(3);
    if (recentFailures > 0) {
      parts.add(
          "this endpoint has failed "
              + recentFailures
              + (recentFailures == 1 ? " time" : " times")
              + " in the last "
              + span(window)
              + (recentCalls > recentFailures ? " (of " + recentCalls + " calls)" : ""));
    }
    if (circuit == CircuitState.OPEN) {
      parts.add(pausedUntil == null ? "calls are paused" : "calls are paused until " + pausedUntil);
    } else if (circuit == CircuitState.HALF_OPEN) {
      parts.add("the pause is over: the next call is a probe that decides whether calls resume");
    }
    if (rateLimitedUntil != null) {
      parts.add("rate limited: the next request may go at " + rateLimitedUntil);
    }
    return parts.isEmpty() ? "no recent failures" : String.join("; ", parts);
  }

  private static String span(Duration d) {
    long s = d.toSeconds();
    if (s == 60) {
      return "minute";
    }
    if (s % 60 == 0) {
      return s / 60 + " minutes";
    }
    return s + " seconds";
  }
}
