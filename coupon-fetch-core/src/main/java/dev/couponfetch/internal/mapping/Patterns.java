package dev.couponfetch.internal.mapping;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;

/**
 * Catches {@code expiryFormat} patterns that compile but can never give an instant, such as {@code
 * YYYY-MM-dd} (week-based year) or {@code hh:mm} without {@code a}, at config time rather than on
 * every response. Stateless.
 */
final class Patterns {
  /** A sample with every field distinct (day 23 of month 11, 17:41:37.123456789). */
  private static final ZonedDateTime SAMPLE =
      ZonedDateTime.of(2031, 11, 23, 17, 41, 37, 123_456_789, ZoneId.of("America/New_York"));

  private Patterns() {}

  /** Why {@code formatter} (compiled from {@code pattern}) is unusable, or null. */
  static String check(String pattern, DateTimeFormatter formatter) {
    TemporalAccessor back;
    try {
      back = formatter.parse(formatter.format(SAMPLE));
    } catch (DateTimeException e) {
      return "cannot read back its own output (" + e.getMessage() + ")";
    }
    if (back.query(TemporalQueries.localDate()) == null) {
      return "does not give a full date: use yyyy for the year (YYYY is the week-based year),"
          + " MM for the month and dd for the day of the month";
    }
    if (hasTimeLetters(pattern) && back.query(TemporalQueries.localTime()) == null) {
      return "has time fields that do not make a time of day: use HH for hours 0-23, or hh"
          + " together with a (AM/PM)";
    }
    return null;
  }

  /** Whether the pattern uses an hour, minute, second or fraction letter outside quotes. */
  private static boolean hasTimeLetters(String pattern) {
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && "HhKkms".indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
