package dev.couponfetch.internal.mapping;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * The expiries a coupon can plausibly have: none before 1900, none after 9999. An epoch number of
 * the year ±292 million, or a pattern that reads {@code 123456-01-01}, is a wrong field or a wrong
 * format, not an expiry. Epoch numbers are checked as instants (they must lie {@value #RANGE});
 * dates written out are checked as written, by their year, so that the common "never" sentinels
 * {@code 9999-12-31} (valid through that day, so expiring at the start of 10000-01-01) and {@code
 * 9999-12-31 23:59:59} in any zone still read. Stateless.
 */
final class ExpiryRange {
  static final int FIRST_YEAR = 1900;
  static final int LAST_YEAR = 9999;
  static final String RANGE = "between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z";
  private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private ExpiryRange() {}

  /** Whether the instant of an epoch number is plausible. */
  static boolean contains(Instant t) {
    return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
  }

  /** Why an epoch number's instant {@code t} is refused, for a message. */
  static String outOfRange(Instant t) {
    return "which is " + t + ": out of range (a plausible expiry lies " + RANGE + ")";
  }

  /**
   * Checks the year of a date as written.
   *
   * @throws OutOfRange when it is before {@value #FIRST_YEAR} or after {@value #LAST_YEAR}
   */
  static void checkYear(int year) {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new OutOfRange(year);
    }
  }

  /** A written date outside the plausible years; its message is the problem's wording. */
  static final class OutOfRange extends DateTimeException {
    private static final long serialVersionUID = 1L;

    OutOfRange(int year) {
      super(
          Nodes.fmt(
              "is in the year %d: out of range (a plausible expiry lies between %d-01-01 and"
                  + " %d-12-31)",
              year, FIRST_YEAR, LAST_YEAR));
    }
  }
}
