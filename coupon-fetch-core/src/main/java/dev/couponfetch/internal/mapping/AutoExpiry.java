package dev.couponfetch.internal.mapping;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * The non-numeric {@code AUTO} forms. The parser is picked by the shape of the string, so a
 * well-formed value never costs an exception: {@code dddd-} starts ISO-8601 (date alone, or a
 * date-time with {@code T} or a space, with or without an offset or {@code [zone]}; the offset may
 * follow a space and may be the word {@code UTC}, {@code GMT} or {@code Z}); a letter, or a one- or
 * two-digit day and a space, starts RFC 1123 (which also takes {@code UTC} or {@code Z} for {@code
 * GMT}). Stateless.
 */
final class AutoExpiry {
  /**
   * ISO local date-time with an optional offset ({@code Z}, {@code +02:00}, {@code +0200}, {@code
   * +02}) and an optional region in brackets; fractions to nanoseconds.
   */
  private static final DateTimeFormatter ISO_DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .parseLenient()
          .appendOffset("+HH", "Z")
          .parseStrict()
          .optionalEnd()
          .optionalStart()
          .appendLiteral('[')
          .parseCaseSensitive()
          .appendZoneRegionId()
          .appendLiteral(']')
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT); // 2027-02-30T10:00 is no date, not Feb 28

  /** RFC 1123, strict as well: {@code 31 Feb} is refused, not read as the 28th. */
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);

  private AutoExpiry() {}

  /**
   * {@code s} (stripped, not a number) as an instant, or null when it has no AUTO shape.
   *
   * @throws java.time.format.DateTimeParseException when the shape matched but the value is not
   *     valid ({@code 2027-13-45})
   */
  static Instant parse(String s, ZoneId zone) {
    int n = s.length();
    if (n >= 10 && isDigits(s, 0, 4) && s.charAt(4) == '-') {
      ExpiryRange.checkYear(Integer.parseInt(s, 0, 4, 10));
      if (n == 10) {
        return LocalDate.parse(s).plusDays(1).atStartOfDay(zone).toInstant();
      }
      char sep = s.charAt(10);
      if (sep != 'T' && sep != 't' && sep != ' ') {
        return null;
      }
      Instant fast = IsoFast.parse(s, zone);
      if (fast != null) {
        return fast;
      }
      TemporalAccessor t = ISO_DATE_TIME.parse(isoForm(s));
      ZoneId z = t.query(TemporalQueries.zone());
      return ExpiryParser.toInstant(
          t.query(TemporalQueries.localDate()),
          t.query(TemporalQueries.localTime()),
          t.query(TemporalQueries.offset()),
          z != null ? z : zone);
    }
    if (looksRfc1123(s)) {
      TemporalAccessor t = RFC_1123.parse(rfc1123Form(s));
      ExpiryRange.checkYear(t.get(ChronoField.YEAR));
      return Instant.from(t);
    }
    return null;
  }

  /**
   * {@code s} as the ISO formatter reads it: {@code T} between date and time, no space before the
   * offset, and the zone words {@code UTC}, {@code GMT} and {@code Z} as {@code Z}. Only values
   * {@link IsoFast} did not take come here, so the string work costs the common case nothing.
   */
  private static String isoForm(String s) {
    String iso = s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    int space = iso.lastIndexOf(' ');
    if (space > 10 && space < iso.length() - 1) {
      String tail = iso.substring(space + 1);
      char c = tail.charAt(0);
      if (isUtcWord(tail)) {
        return iso.substring(0, space) + 'Z';
      }
      if (c == '+' || c == '-') {
        return iso.substring(0, space) + tail;
      }
    }
    return iso;
  }

  /** RFC 1123 knows only {@code GMT} by name; {@code UTC} and {@code Z} mean the same. */
  private static String rfc1123Form(String s) {
    int space = s.lastIndexOf(' ');
    if (space > 0 && space < s.length() - 1) {
      String tail = s.substring(space + 1);
      if (isUtcWord(tail) && !tail.equalsIgnoreCase("GMT")) {
        return s.substring(0, space) + " GMT";
      }
    }
    return s;
  }

  private static boolean isUtcWord(String s) {
    return s.equalsIgnoreCase("Z") || s.equalsIgnoreCase("UTC") || s.equalsIgnoreCase("GMT");
  }

  /** {@code Tue, 3 Jun 2008 11:05:30 GMT}, or without the day name: {@code 3 Jun 2008 ...}. */
  private static boolean looksRfc1123(String s) {
    if (s.length() < 20) {
      return false;
    }
    char c = s.charAt(0);
    if (Character.isLetter(c)) {
      return true;
    }
    return isDigits(s, 0, 1) && (s.charAt(1) == ' ' || (isDigits(s, 1, 2) && s.charAt(2) == ' '));
  }

  private static boolean isDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
