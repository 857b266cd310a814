package dev.couponfetch.examples.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * The forms {@code AUTO} reads, each with a sample value and the direct {@code java.time} call a
 * hand-written client would make for that one form (values without an offset in UTC; a plain date
 * is valid through that day). Every sample is the same instant but the date.
 */
public enum ExpiryForm {
  /** {@code 2027-03-01T10:15:30Z}. */
  ISO_INSTANT("2027-03-01T10:15:30Z", Instant::parse),
  /** {@code 2027-03-01T12:15:30+02:00}. */
  OFFSET_DATE_TIME("2027-03-01T12:15:30+02:00", s -> OffsetDateTime.parse(s).toInstant()),
  /** {@code 2027-03-01T10:15:30}, read in UTC. */
  LOCAL_DATE_TIME("2027-03-01T10:15:30", s -> LocalDateTime.parse(s).toInstant(ZoneOffset.UTC)),
  /** {@code 2027-03-01}: valid through that day. */
  DATE("2027-03-01", s -> LocalDate.parse(s).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
  /** {@code Mon, 1 Mar 2027 10:15:30 GMT}. */
  RFC_1123(
      "Mon, 1 Mar 2027 10:15:30 GMT",
      s -> Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(s))),
  /** {@code 1803896130}. */
  EPOCH_SECONDS("1803896130", s -> Instant.ofEpochSecond(Long.parseLong(s))),
  /** {@code 1803896130000}. */
  EPOCH_MILLIS("1803896130000", s -> Instant.ofEpochMilli(Long.parseLong(s)));

  private final String sample;
  private final Function<String, Instant> javaTime;

  ExpiryForm(String sample, Function<String, Instant> javaTime) {
    this.sample = sample;
    this.javaTime = javaTime;
  }

  /** A value of this form. */
  public String sample() {
    return sample;
  }

  /** The direct {@code java.time} reading of {@code value}, the baseline. */
  public Instant javaTime(String value) {
    return javaTime.apply(value);
  }
}
