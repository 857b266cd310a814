package dev.couponfetch.httpclient;

import java.time.Duration;

/** The per-origin policies of one fetcher: bulkheads, circuit breakers, rate limits. */
final class OriginPolicies {
  static final int DEFAULT_MAX_QUEUED = 64;
  static final int DEFAULT_MINIMUM_CALLS = 5;
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  static final Duration DEFAULT_PAUSE = Duration.ofSeconds(30);

  private OriginPolicies() {}
}
