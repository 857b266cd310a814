package dev.couponfetch.internal.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** Epoch numbers to instants, without exceptions for the common shapes. Stateless. */
final class Epoch {
  /** AUTO reads numbers below 10^11 as seconds (until year 5138), others as milliseconds. */
  static final long SECONDS_BELOW = 100_000_000_000L;

  /** How to read a number. */
  enum Unit {
    AUTO,
    SECONDS,
    MILLIS
  }

  /** The longest number text read; see {@link #parse}. */
  static final int MAX_CHARS = 100;

  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());
  private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
  private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

  private Epoch() {}

  /** Whether {@code s} is an optional minus, digits, and an optional fraction. */
  static boolean isNumber(String s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    int digits = 0;
    boolean dot = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digits > 0;
  }

  /**
   * {@code s} (which {@link #isNumber} accepted) as an instant, or null when out of range. A string
   * longer than {@link #MAX_CHARS} is out of range: {@code new BigDecimal} takes quadratic time, so
   * a 1 MB string of digits in a response would cost seconds of CPU, and no instant needs more than
   * about 30 characters.
   */
  static Instant parse(String s, Unit unit) {
    if (s.length() > MAX_CHARS) {
      return null;
    }
    if (s.length() <= 18 && s.indexOf('.') < 0) {
      return of(Long.parseLong(s), unit);
    }
    return of(new BigDecimal(s), unit);
  }

  /** A whole number as an instant, or null when out of range. */
  static Instant of(long value, Unit unit) {
    boolean seconds = isSeconds(value, unit);
    if (seconds) {
      return value > Instant.MAX.getEpochSecond() || value < Instant.MIN.getEpochSecond()
          ? null
          : Instant.ofEpochSecond(value);
    }
    return Instant.ofEpochMilli(value); // every long of millis is in range
  }

  /** Any number as an instant (fractions to the nanosecond), or null when out of range. */
  static Instant of(BigDecimal value, Unit unit) {
    boolean seconds =
        unit == Unit.SECONDS
            || (unit == Unit.AUTO && value.abs().compareTo(BigDecimal.valueOf(SECONDS_BELOW)) < 0);
    BigDecimal secs = seconds ? value : value.movePointLeft(3);
    if (secs.compareTo(MAX_SECONDS) > 0 || secs.compareTo(MIN_SECONDS) < 0) {
      return null;
    }
    BigDecimal whole = secs.setScale(0, RoundingMode.FLOOR);
    long nanos = secs.subtract(whole).multiply(BILLION).setScale(0, RoundingMode.FLOOR).longValue();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  private static boolean isSeconds(long value, Unit unit) {
    if (unit != Unit.AUTO) {
      return unit == Unit.SECONDS;
    }
    return value < SECONDS_BELOW && value > -SECONDS_BELOW;
  }
}
