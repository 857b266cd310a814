package dev.couponfetch;

/** The state of an endpoint origin's circuit breaker in a fetcher: whether its calls go through. */
public enum CircuitState {
  /** Calls go through (the endpoint works, or has not failed often enough to pause it). */
  CLOSED,
  /** Calls fail at once with {@link Reason#ENDPOINT_UNAVAILABLE} until the pause ends. */
  OPEN,
  /** The pause ended: a probe call goes through; its outcome closes or reopens the circuit. */
  HALF_OPEN
}
