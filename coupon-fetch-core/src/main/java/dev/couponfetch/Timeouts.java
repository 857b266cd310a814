package dev.couponfetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Connect and response timeouts of one configuration: the config's {@code timeouts} ({@code
 * connectMs}, {@code responseMs}). Immutable.
 *
 * @param connect how long to wait for a connection (default 5 s)
 * @param response how long to wait for the response (default 10 s)
 */
public record Timeouts(Duration connect, Duration response) {
  /** The defaults: 5 s connect, 10 s response. */
  public static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

  /** Checks both durations are present. */
  public Timeouts {
    Objects.requireNonNull(connect, "connect == null");
    Objects.requireNonNull(response, "response == null");
  }

  /** Timeouts in milliseconds. */
  public static Timeouts ofMillis(long connectMs, long responseMs) {
    return new Timeouts(Duration.ofMillis(connectMs), Duration.ofMillis(responseMs));
  }
}
