package dev.couponfetch.internal.mapping;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A hand-written reader for the ISO-8601 date-times endpoints send most ({@code
 * 2027-03-01T10:00:00Z}, with an optional fraction, and no offset or one of {@code Z}, {@code UTC},
 * {@code GMT}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH}, optionally after a space), about ten
 * times faster than a {@code DateTimeFormatter}. Anything else, including invalid field values,
 * gives null and is left to the formatter, which also words the error. Stateless.
 */
final class IsoFast {
  private IsoFast() {}

  /** {@code s} with {@code 'T'}, {@code 't'} or {@code ' '} at index 10, or null. */
  static Instant parse(String s, ZoneId zone) {
    int n = s.length();
    if (n < 19 || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour > 23
        || minute > 59
        || second > 59
        || hour < 0
        || minute < 0
        || second < 0
        || day > Month.of(month).length(Year.isLeap(year))) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i++) - '0');
      }
      if (i == start || (i < n && isDigit(s.charAt(i)))) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
    if (i == n) {
      return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }
    if (s.charAt(i) == ' ' && i < n - 1) {
      i++; // PHP's "Y-m-d H:i:s O" and many logs put a space before the offset
    }
    ZoneOffset offset = offset(s, i);
    return offset == null ? null : local.toInstant(offset);
  }

  /**
   * The offset that is all of {@code s[i..]}: {@code Z}, {@code UTC}, {@code GMT} (any case),
   * {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH}; null for anything else.
   */
  static ZoneOffset offset(String s, int i) {
    int rest = s.length() - i;
    char c = s.charAt(i);
    if (rest == 1 && (c == 'Z' || c == 'z')) {
      return ZoneOffset.UTC;
    }
    if (rest == 3
        && (s.regionMatches(true, i, "UTC", 0, 3) || s.regionMatches(true, i, "GMT", 0, 3))) {
      return ZoneOffset.UTC;
    }
    if (c != '+' && c != '-') {
      return null;
    }
    int oh = rest >= 3 ? digits(s, i + 1, i + 3) : -1;
    int om;
    if (rest == 6 && s.charAt(i + 3) == ':') {
      om = digits(s, i + 4, i + 6);
    } else if (rest == 5) {
      om = digits(s, i + 3, i + 5);
    } else if (rest == 3) {
      om = 0;
    } else {
      return null;
    }
    int total = oh * 3600 + om * 60;
    if (oh < 0 || om < 0 || om > 59 || total > 18 * 3600) {
      return null; // the formatter words the error
    }
    return ZoneOffset.ofTotalSeconds(c == '-' ? -total : total);
  }

  /** The number in {@code s[from, to)}, or -1 if any character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
