package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.expiries;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An expiry must be a plausible instant, whatever the format: epoch numbers of the year ±292
 * million were accepted as expiries. Epoch numbers are checked against 1900-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z; written dates by their year as written (1900 to 9999), so {@code
 * 9999-12-31} still means "never".
 */
class ExpiryRangeTest {
  private static ResponseMapper mapper(String format, ZoneId zone) {
    MappingConfig mapping =
        MappingConfig.builder().code("c").expiry("e").expiryFormat(format).expiryZone(zone).build();
    return MappingFixtures.mapper(mapping, CouponType.SINGLE);
  }

  private static ResponseMapper mapper(String format) {
    return mapper(format, ZoneId.of("UTC"));
  }

  private static String body(String expiry) {
    return "{\"c\":\"C-1\",\"e\":" + expiry + "}";
  }

  private static CouponFetchException refused(ResponseMapper m, String expiry) {
    CouponFetchException e = failure(m, body(expiry));
    assertThat(e.reason()).as(expiry).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    return e;
  }

  private static Instant read(ResponseMapper m, String expiry) {
    return expiries(m, body(expiry)).get(0);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "AUTO,          9223372036854775807",
    "AUTO,          -9223372036854775808",
    "AUTO,          '\"9223372036854775807\"'",
    "EPOCH_MILLIS,  9223372036854775807",
    "EPOCH_MILLIS,  -9223372036854775807",
    "EPOCH_SECONDS, 9223372036854",
    "EPOCH_SECONDS, 253402300800",
    "EPOCH_SECONDS, -2208988801",
    "EPOCH_SECONDS, '\"-2208988800.5\"'",
    "EPOCH_MILLIS,  253402300800000",
    "AUTO,          -99999999999",
  })
  void map_epochOutsideTheYears1900To9999_unparseableNamingValueAndRange(
      String format, String value) {
    CouponFetchException e = refused(mapper(format), value);
    assertThat(e.getMessage())
        .contains(value.replace("\"", ""))
        .contains("out of range")
        .contains("between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
  }

  @Test
  void map_epochMillisOfYear292Million_messageShowsTheInstant() {
    assertThat(refused(mapper("AUTO"), "9223372036854775807").getMessage())
        .isEqualTo(
            "mapping.expiry 'e' gave 9223372036854775807, which is"
                + " +292278994-08-17T07:12:55.807Z: out of range (a plausible expiry lies between"
                + " 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z)");
  }

  @Test
  void map_epochAtTheBounds_accepted() {
    assertThat(read(mapper("EPOCH_SECONDS"), "253402300799"))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(read(mapper("EPOCH_SECONDS"), "-2208988800"))
        .isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
    assertThat(read(mapper("EPOCH_MILLIS"), "253402300799000"))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(read(mapper("AUTO"), "99999999999"))
        .isEqualTo(Instant.parse("5138-11-16T09:46:39Z"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "u-MM-dd,                   123456-01-01,               123456",
    "uuuu-MM-dd'T'HH:mm:ssXXX,  +1000000-01-01T00:00:00Z,   1000000",
    "yyyy-MM-dd,                1899-12-31,                 1899",
    "dd.MM.y,                   01.01.10000,                10000",
    "AUTO,                      0001-01-01T00:00:00Z,       1",
    "AUTO,                      1899-12-31,                 1899",
    "AUTO,                      '1899-12-31 23:59:59 +0000', 1899",
    "AUTO,                      'Sun, 31 Dec 1899 00:00:00 GMT', 1899",
  })
  void map_writtenDateOutsideTheYears1900To9999_unparseableNamingTheYear(
      String format, String value, int year) {
    CouponFetchException e = refused(mapper(format), "\"" + value + "\"");
    assertThat(e.getMessage())
        .isEqualTo(
            "expiry '"
                + value
                + "' (mapping.expiry 'e') is in the year "
                + year
                + ": out of range (a plausible expiry lies between 1900-01-01 and 9999-12-31)");
  }

  @Test
  void map_neverSentinelsAndBoundaryDates_stillRead() {
    ZoneId newYork = ZoneId.of("America/New_York");
    assertThat(read(mapper("AUTO"), "\"9999-12-31\""))
        .isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
    assertThat(read(mapper("AUTO", newYork), "\"9999-12-31 23:59:59\""))
        .isEqualTo(Instant.parse("+10000-01-01T04:59:59Z"));
    assertThat(read(mapper("yyyy-MM-dd HH:mm:ss"), "\"9999-12-31 23:59:59\""))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    assertThat(read(mapper("AUTO"), "\"1900-01-01T00:00:00Z\""))
        .isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
    assertThat(read(mapper("AUTO"), "\"Mon, 1 Jan 1900 00:00:00 GMT\""))
        .isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
  }

  @Test
  void map_noExpiryForms_unchanged() {
    for (String none : Arrays.asList("null", "\"\"", "\"0000-00-00\"", "\"0000-00-00 00:00:00\"")) {
      assertThat(read(mapper("AUTO"), none)).as(none).isNull();
    }
    assertThat(read(mapper("yyyy-MM-dd"), "\"0000-00-00\"")).isNull();
    assertThat(read(mapper("EPOCH_SECONDS"), "null")).isNull();
  }

  @Test
  void map_impossibleCalendarDatesInAuto_refusedNotMovedToTheMonthEnd() {
    assertThat(refused(mapper("AUTO"), "\"2027-02-30T10:00:00Z\"").getMessage())
        .contains("looks like a date but is not valid");
    assertThat(refused(mapper("AUTO"), "\"2027-02-30 10:00:00\"").reason())
        .isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    assertThat(refused(mapper("AUTO"), "\"31 Feb 2027 10:00:00 GMT\"").reason())
        .isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    assertThat(read(mapper("AUTO"), "\"2028-02-29T10:00:00Z\""))
        .isEqualTo(Instant.parse("2028-02-29T10:00:00Z"));
  }

  @Test
  void expiryReader_sameRange() {
    ExpiryReader reader = ExpiryReader.compile("EPOCH_MILLIS", ZoneId.of("UTC"));
    CouponFetchException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            CouponFetchException.class, () -> reader.read("-9223372036854775807"));
    assertThat(e.reason()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
  }
}
