package dev.couponfetch.httpclient;

import dev.couponfetch.CircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The circuit breaker of one endpoint origin: a Resilience4j breaker counting calls in a time
 * window, plus when its current pause ends (Resilience4j does not say). Thread-safe.
 */
final class OriginCircuit {
  private static final Exception FAILED = new EndpointFailed();

  private final CircuitBreaker breaker;
  private final Duration pause;
  private final Duration window;
  private final Clock clock;
  private volatile Instant pausedUntil;
  private volatile long lastUsed;

  OriginCircuit(String origin, CircuitBreakerConfig config, Duration pause, Clock clock) {
    this.breaker = CircuitBreaker.of(origin, config);
    this.pause = pause;
    this.window = Duration.ofSeconds(config.getSlidingWindowSize());
    this.clock = clock;
  }

  /** The Resilience4j configuration of every origin's breaker. */
  static CircuitBreakerConfig config(
      int minimumCalls, Duration window, Duration pause, Clock clock) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize((int) window.toSeconds())
        .minimumNumberOfCalls(minimumCalls)
        .failureRateThreshold(50)
        .waitDurationInOpenState(pause)
        .permittedNumberOfCallsInHalfOpenState(1)
        // A probe whose outcome is never told (it cannot happen: every permit is released) must
        // not keep the origin half-open for good.
        .maxWaitDurationInHalfOpenState(window)
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build();
  }

  /** Whether a call may go now; if so it must be ended by exactly one of the three below. */
  boolean tryAcquire() {
    lastUsed = System.nanoTime();
    return breaker.tryAcquirePermission();
  }

  void succeeded(long nanos) {
    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  void failed(long nanos) {
    breaker.onError(nanos, TimeUnit.NANOSECONDS, FAILED);
    if (breaker.getState() == CircuitBreaker.State.OPEN) {
      Instant now = clock.instant();
      Instant until = pausedUntil;
      if (until == null || !until.isAfter(now)) {
        pausedUntil = now.plus(pause); // it has just opened (or opened again after a probe)
      }
    }
  }

  /** The call was not made, or says nothing about the endpoint's health (a 429). */
  void released() {
    breaker.releasePermission();
  }

  /** A real call worked (Test Configuration's): calls resume at once. */
  void closeIfOpen() {
    if (breaker.getState() != CircuitBreaker.State.CLOSED) {
      breaker.transitionToClosedState();
    }
  }

  /** Whether calls are refused now, without taking a permit. */
  boolean refusing() {
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      return false;
    }
    Instant until = pausedUntil;
    return until != null && until.isAfter(clock.instant());
  }

  CircuitState state() {
    switch (breaker.getState()) {
      case OPEN:
      case FORCED_OPEN:
        return CircuitState.OPEN;
      case HALF_OPEN:
        return CircuitState.HALF_OPEN;
      default:
        return CircuitState.CLOSED;
    }
  }

  /** When the pause ends, while open; else null. */
  Instant pausedUntil() {
    return state() == CircuitState.OPEN ? pausedUntil : null;
  }

  int recentFailures() {
    return breaker.getMetrics().getNumberOfFailedCalls();
  }

  int recentCalls() {
    return breaker.getMetrics().getNumberOfBufferedCalls();
  }

  Duration window() {
    return window;
  }

  /**
   * Whether it holds nothing worth keeping: closed and without a failure in its window, or unused
   * for a whole window.
   */
  boolean idle() {
    return breaker.getState() == CircuitBreaker.State.CLOSED
        && (recentFailures() == 0 || System.nanoTime() - lastUsed > window.toNanos());
  }

  /** What Resilience4j is told a failed call threw: the outcome only, no stack. */
  private static final class EndpointFailed extends Exception {
    private static final long serialVersionUID = 1L;

    EndpointFailed() {
      super("endpoint failed", null, false, false);
    }
  }
}
