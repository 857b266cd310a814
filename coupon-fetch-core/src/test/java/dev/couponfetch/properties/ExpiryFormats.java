package dev.couponfetch.properties;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Expiry formats, zones, and expiry values written in a form together with what they mean. */
final class ExpiryFormats {
  static final List<String> FORMATS =
      List.of(
          "AUTO",
          "auto",
          "EPOCH_SECONDS",
          "EPOCH_MILLIS",
          "MM/dd/yyyy",
          "MM/dd/yyyy HH:mm",
          "dd.MM.yyyy HH:mm:ss",
          "yyyyMMdd",
          "yyyy-MM-dd'T'HH:mm:ssXXX",
          "EEE, dd MMM yyyy HH:mm:ss zzz",
          "d MMM uuuu h:mm a",
          "yyyy-MM-dd HH:mm:ss.SSS",
          "YYYY-MM-dd",
          "hh:mm",
          "'x'",
          "[yyyy]",
          "pAD");

  static final List<ZoneId> ZONES =
      List.of(
          ZoneOffset.UTC,
          ZoneId.of("Europe/Paris"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("Pacific/Kiritimati"),
          ZoneId.of("America/St_Johns"),
          ZoneOffset.ofHoursMinutes(5, 45));

  /** The ways a valid expiry is written. */
  enum Form {
    ISO_INSTANT,
    ISO_OFFSET,
    ISO_LOCAL,
    ISO_LOCAL_SPACE,
    ISO_DATE,
    RFC_1123,
    EPOCH_SECONDS_NUMBER,
    EPOCH_SECONDS_TEXT,
    EPOCH_MILLIS_NUMBER,
    PATTERN_DATE_TIME,
    PATTERN_DATE
  }

  /** An expiry as written (format and JSON value) and the instant it means. */
  record Written(String format, ZoneId zone, JsonNode value, Instant expected) {}

  private ExpiryFormats() {}

  static Gen<ZoneId> zones() {
    return Gen.elementOf(ZONES);
  }

  /** Valid expiries of every form, years 1975 to 2300, to the nanosecond where a form has it. */
  static Gen<Written> written() {
    Gen<Long> days =
        Gen.longs(LocalDate.of(1975, 1, 1).toEpochDay(), LocalDate.of(2300, 1, 1).toEpochDay());
    Gen<Integer> seconds = Gen.ints(0, 86_399);
    Gen<Integer> nanos = Gen.of(0, 0, 123_000_000, 999_999_999, 1);
    Gen<LocalDateTime> local =
        r ->
            LocalDate.ofEpochDay(days.next(r))
                .atStartOfDay()
                .plusSeconds(seconds.next(r))
                .plusNanos(nanos.next(r));
    Gen<ZoneOffset> offsets =
        Gen.ints(-18 * 4, 18 * 4).map(q -> ZoneOffset.ofTotalSeconds(q * 900));
    Gen<Form> forms = Gen.valueOf(Form.class);
    Gen<ZoneId> zones = zones();
    return r -> write(forms.next(r), local.next(r), zones.next(r), offsets.next(r));
  }

  /**
   * Every form in every zone at the edges of time: the first and last instants of the range, a leap
   * day, and local times that fall in or next to a daylight-saving gap or overlap (Paris, New York,
   * Lord Howe's half hour), where "the instant a local time means" is easy to get wrong.
   */
  static List<Written> writtenExamples() {
    List<LocalDateTime> times =
        List.of(
            LocalDateTime.of(1975, 1, 1, 0, 0),
            LocalDateTime.of(2300, 1, 1, 23, 59, 59, 999_999_999),
            LocalDateTime.of(2024, 2, 29, 12, 30, 15, 123_000_000),
            LocalDateTime.of(2027, 3, 28, 2, 30), // Paris: in the spring gap
            LocalDateTime.of(2027, 10, 31, 2, 30), // Paris: in the autumn overlap
            LocalDateTime.of(2027, 3, 14, 2, 0), // New York: the gap's first minute
            LocalDateTime.of(2027, 11, 7, 1, 59, 59, 1), // New York: the overlap's last second
            LocalDateTime.of(2027, 10, 3, 2, 15), // Lord Howe: in the half-hour gap
            LocalDateTime.of(2027, 4, 4, 1, 45)); // Lord Howe: in the half-hour overlap
    List<ZoneOffset> offsets =
        List.of(ZoneOffset.UTC, ZoneOffset.MIN, ZoneOffset.MAX, ZoneOffset.ofHoursMinutes(-3, -30));
    List<Written> l = new ArrayList<>();
    int i = 0;
    for (Form form : Form.values()) {
      for (LocalDateTime t : times) {
        for (ZoneId zone : ZONES) {
          l.add(write(form, t, zone, offsets.get(i++ % offsets.size())));
        }
      }
    }
    return l;
  }

  private static Written write(Form form, LocalDateTime t, ZoneId zone, ZoneOffset offset) {
    Instant inZone = ZonedDateTime.ofLocal(t, zone, null).toInstant();
    Instant wholeSecond = inZone.minusNanos(inZone.getNano());
    LocalDate nextDay = t.toLocalDate().plusDays(1);
    switch (form) {
      case ISO_INSTANT:
        return text("AUTO", zone, DateTimeFormatter.ISO_INSTANT.format(inZone), inZone);
      case ISO_OFFSET:
        OffsetDateTime odt = OffsetDateTime.of(t, offset);
        return text("AUTO", zone, odt.toString(), odt.toInstant());
      case ISO_LOCAL:
        return text("AUTO", zone, t.toString(), inZone);
      case ISO_LOCAL_SPACE:
        return text("AUTO", zone, t.toString().replace('T', ' '), inZone);
      case ISO_DATE:
        return text(
            "AUTO", zone, t.toLocalDate().toString(), nextDay.atStartOfDay(zone).toInstant());
      case RFC_1123:
        ZonedDateTime gmt = wholeSecond.atZone(ZoneOffset.UTC);
        return text("AUTO", zone, DateTimeFormatter.RFC_1123_DATE_TIME.format(gmt), wholeSecond);
      case EPOCH_SECONDS_NUMBER:
        return new Written(
            zone.getId().length() % 2 == 0 ? "AUTO" : "EPOCH_SECONDS",
            zone,
            Generators.NODES.numberNode(wholeSecond.getEpochSecond()),
            wholeSecond);
      case EPOCH_SECONDS_TEXT:
        return text(
            "EPOCH_SECONDS", zone, Long.toString(wholeSecond.getEpochSecond()), wholeSecond);
      case EPOCH_MILLIS_NUMBER:
        Instant millis = Instant.ofEpochMilli(inZone.toEpochMilli());
        return new Written(
            "AUTO", zone, Generators.NODES.numberNode(millis.toEpochMilli()), millis);
      case PATTERN_DATE_TIME:
        String p = "MM/dd/yyyy HH:mm";
        LocalDateTime minute = t.withSecond(0).withNano(0);
        return text(
            p,
            zone,
            DateTimeFormatter.ofPattern(p, Locale.ENGLISH).format(minute),
            ZonedDateTime.ofLocal(minute, zone, null).toInstant());
      default:
        String d = "dd.MM.yyyy";
        return text(
            d,
            zone,
            DateTimeFormatter.ofPattern(d, Locale.ENGLISH).format(t),
            nextDay.atStartOfDay(zone).toInstant());
    }
  }

  private static Written text(String format, ZoneId zone, String value, Instant expected) {
    return new Written(format, zone, Generators.NODES.textNode(value), expected);
  }
}
