package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.ExpiryFormat;
import dev.couponfetch.Reason;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.Locale;

/**
 * Reads expiry values in one {@code mapping.expiryFormat}, compiled once: {@code AUTO}, {@code
 * EPOCH_SECONDS}, {@code EPOCH_MILLIS} or a {@code java.time} pattern. Values without an offset are
 * read in {@code expiryZone}; a date without a time means "valid through that day", so it expires
 * at the start of the next day. Immutable and thread-safe.
 */
final class ExpiryParser {
  static final String AUTO_FORMS =
      "ISO-8601 instant, offset/local date-time, date, RFC 1123, epoch seconds/millis";

  /** Beyond this a number's fraction is no part of any date. */
  private static final int MAX_FRACTION_DIGITS = 100;

  private final String format;
  private final Epoch.Unit unit; // null for a pattern
  private final DateTimeFormatter pattern; // null unless a pattern
  private final ZoneId zone;

  private ExpiryParser(String format, Epoch.Unit unit, DateTimeFormatter pattern, ZoneId zone) {
    this.format = format;
    this.unit = unit;
    this.pattern = pattern;
    this.zone = zone;
  }

  /**
   * Compiles {@code format} (keywords case-insensitive); adds a {@code mapping.expiryFormat}
   * problem and returns null when it is neither a keyword nor a usable pattern.
   */
  static ExpiryParser compile(String format, ZoneId zone, List<String> problems) {
    String f = format.strip();
    if (f.isEmpty()) {
      problems.add(
          "mapping.expiryFormat: is blank; use AUTO, EPOCH_SECONDS, EPOCH_MILLIS or a"
              + " java.time pattern such as MM/dd/yyyy");
      return null;
    }
    if (Keywords.matches(ExpiryFormat.AUTO, f)) {
      return new ExpiryParser(ExpiryFormat.AUTO, Epoch.Unit.AUTO, null, zone);
    }
    if (Keywords.matches(ExpiryFormat.EPOCH_SECONDS, f)) {
      return new ExpiryParser(ExpiryFormat.EPOCH_SECONDS, Epoch.Unit.SECONDS, null, zone);
    }
    if (Keywords.matches(ExpiryFormat.EPOCH_MILLIS, f)) {
      return new ExpiryParser(ExpiryFormat.EPOCH_MILLIS, Epoch.Unit.MILLIS, null, zone);
    }
    DateTimeFormatter formatter;
    try {
      formatter =
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .appendPattern(f)
              // STRICT rejects 02/30/2027; the default era lets yyyy work under STRICT.
              .parseDefaulting(ChronoField.ERA, 1)
              .toFormatter(Locale.ENGLISH)
              .withResolverStyle(ResolverStyle.STRICT);
    } catch (RuntimeException e) {
      // The JDK's pattern parser also fails with a ClassCastException on some inputs ("pAD"):
      // whatever it throws, the merchant gets the field, and the JDK's reason where it words one.
      String template =
          "mapping.expiryFormat: '%s' is not AUTO, EPOCH_SECONDS, EPOCH_MILLIS or a"
              + " valid java.time pattern%s";
      String why = e instanceof IllegalArgumentException ? ": " + e.getMessage() : "";
      problems.add(Nodes.fmt(template, f, why));
      return null;
    }
    String unusable = Patterns.check(f, formatter);
    if (unusable != null) {
      problems.add("mapping.expiryFormat: pattern '" + f + "' " + unusable);
      return null;
    }
    return new ExpiryParser(f, null, formatter, zone);
  }

  /**
   * The expiry in {@code value} (value {@code i} at {@code path}, or the only one when {@code i} is
   * negative), or null when it does not expire (null, missing, empty string).
   *
   * @throws CouponFetchException {@code EXPIRY_UNPARSEABLE}, naming the value and what was tried
   */
  Instant read(JsonNode value, String path, int i) {
    if (value.isNull() || value.isMissingNode()) {
      return null;
    }
    Object where = new Place(path, i); // its text is built only for a message
    try {
      return read(value, where);
    } catch (DateTimeException | ArithmeticException e) {
      throw unparseable(where + " gave " + Nodes.preview(value) + ", which is out of range");
    }
  }

  /**
   * The expiry in the string {@code value}, as a string value at {@code where} reads, or null when
   * it does not expire (blank, a zero date).
   *
   * @throws CouponFetchException {@code EXPIRY_UNPARSEABLE}
   */
  Instant readText(String value, String where) {
    String s = value.strip();
    return s.isEmpty() || isZeroDate(s) ? null : parse(s, where);
  }

  private Instant read(JsonNode value, Object where) {
    if (value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      String s = value.textValue().strip();
      return s.isEmpty() || isZeroDate(s) ? null : parse(s, where);
    }
    if (value.isNumber()) {
      if (pattern != null) {
        String whole = CodeReader.wholeNumber(value);
        return parse(whole != null ? whole : plainFraction(value, where), where);
      }
      Instant t =
          value.canConvertToLong() && value.isIntegralNumber()
              ? Epoch.of(value.longValue(), unit)
              : Epoch.of(value.decimalValue(), unit);
      if (t == null) {
        throw unparseable(
            where + " gave " + value + ", which is out of range as " + unitName() + beyond());
      }
      if (!ExpiryRange.contains(t)) {
        throw unparseable(where + " gave " + value + ", " + ExpiryRange.outOfRange(t));
      }
      return t;
    }
    throw unparseable(
        where + " gave " + Nodes.kind(value) + " (" + Nodes.preview(value) + "), not a date");
  }

  /**
   * The plain text of a number that is not a whole number. {@code 1e-999999999} (or a whole number
   * too large for {@link CodeReader#wholeNumber}) would be a billion digits written out: a 15-byte
   * response must not exhaust the heap, and no date pattern reads such a number anyway.
   */
  private String plainFraction(JsonNode value, Object where) {
    BigDecimal d = value.decimalValue();
    if (d.scale() <= 0 || d.scale() > MAX_FRACTION_DIGITS) {
      throw unparseable(
          where + " gave " + Nodes.preview(value) + ", which is out of range for '" + format + "'");
    }
    return d.toPlainString();
  }

  /**
   * Parses a stripped, non-empty string; builds no message unless it fails.
   *
   * @param where names the value in messages (its {@code toString()}, called only on failure)
   */
  Instant parse(String s, Object where) {
    try {
      if (pattern != null) {
        return byPattern(s, where);
      }
      if (Epoch.isNumber(s)) {
        Instant t = Epoch.parse(s, unit);
        if (t == null) {
          throw unparseable(s, where, "is out of range as " + unitName() + beyond());
        }
        if (!ExpiryRange.contains(t)) {
          throw unparseable(s, where, ExpiryRange.outOfRange(t));
        }
        return t;
      }
      if (unit != Epoch.Unit.AUTO) {
        String why =
            Nodes.fmt("is not %s (a number of %s since 1970-01-01T00:00:00Z)", format, unitName());
        throw unparseable(s, where, why + "; change mapping.expiryFormat");
      }
      Instant t = AutoExpiry.parse(s, zone);
      if (t == null) {
        String why =
            Nodes.fmt(
                "is not AUTO (%s); set mapping.expiryFormat to its java.time"
                    + " pattern (such as MM/dd/yyyy)",
                AUTO_FORMS);
        throw unparseable(s, where, why);
      }
      return t;
    } catch (ExpiryRange.OutOfRange e) {
      throw unparseable(s, where, e.getMessage());
    } catch (DateTimeParseException e) {
      // Only for values whose shape matched (2027-13-45): the common path throws nothing.
      throw unparseable(s, where, shape() + detail(e));
    } catch (DateTimeException | ArithmeticException e) {
      throw unparseable(s, where, "is out of range: " + e.getMessage());
    }
  }

  private Instant byPattern(String s, Object where) {
    TemporalAccessor t = pattern.parse(s);
    LocalDate date = t.query(TemporalQueries.localDate());
    if (date == null) {
      throw unparseable(s, where, "has no full date in pattern '" + format + "'");
    }
    ExpiryRange.checkYear(date.getYear());
    LocalTime time = t.query(TemporalQueries.localTime());
    ZoneId z = t.query(TemporalQueries.zone());
    return toInstant(date, time, t.query(TemporalQueries.offset()), z != null ? z : zone);
  }

  /**
   * The instant of a parsed date and time: a date alone is valid through that day; an explicit
   * offset wins over a zone; a local time falls in {@code zone} (the later side of a DST gap, the
   * earlier offset of an overlap, as {@link ZonedDateTime#ofLocal} does).
   */
  static Instant toInstant(LocalDate date, LocalTime time, ZoneOffset offset, ZoneId zone) {
    if (time == null) {
      return date.plusDays(1).atStartOfDay(offset != null ? offset : zone).toInstant();
    }
    LocalDateTime local = LocalDateTime.of(date, time);
    if (offset != null) {
      return local.toInstant(offset);
    }
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  private String shape() {
    return pattern != null
        ? "does not match mapping.expiryFormat '" + format + "'"
        : "looks like a date but is not valid";
  }

  private static String detail(DateTimeParseException e) {
    String m = String.valueOf(e.getMessage());
    int i = m.indexOf("could not be parsed");
    return i < 0 ? ": " + m : m.substring(i + "could not be parsed".length());
  }

  /** The plausible range, for a number too large for any instant. */
  private static String beyond() {
    return " (a plausible expiry lies " + ExpiryRange.RANGE + ")";
  }

  private String unitName() {
    return unit == Epoch.Unit.MILLIS
        ? "milliseconds"
        : unit == Epoch.Unit.SECONDS ? "seconds" : "epoch seconds/millis";
  }

  /**
   * Where a value came from, for messages: {@code mapping.expiry 'x' (value 3)}. Kept as parts so
   * that the common, successful read builds no text for it.
   */
  private record Place(String path, int i) {
    @Override
    public String toString() {
      return "mapping.expiry '" + path + "'" + (i >= 0 ? " (value " + (i + 1) + ")" : "");
    }
  }

  /**
   * MySQL's "zero date" ({@code 0000-00-00}, {@code 0000-00-00 00:00:00}), which PHP shop systems
   * send for "no end date": it is no date at all, so the coupon does not expire.
   */
  static boolean isZeroDate(String s) {
    if (!s.startsWith("0000-00-00")) {
      return false;
    }
    for (int i = 10; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '0' && c != ':' && c != ' ' && c != 'T' && c != '.' && c != 'Z') {
        return false;
      }
    }
    return true;
  }

  /** "expiry 'value' (mapping.expiry 'x') {@code why}". */
  private static CouponFetchException unparseable(String value, Object where, String why) {
    String shown = Nodes.cut(value, Nodes.MAX_VALUE_CHARS);
    return unparseable(Nodes.fmt("expiry '%s' (%s) %s", shown, where, why));
  }

  private static CouponFetchException unparseable(String message) {
    return CouponFetchException.of(Reason.EXPIRY_UNPARSEABLE, message);
  }

  @Override
  public String toString() {
    return format + " in " + zone;
  }
}
