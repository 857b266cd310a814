package dev.couponfetch.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryAutoTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2027-03-01T00:00:00Z              | 2027-03-01T00:00:00Z",
        "2027-03-01T00:00:00.123456789Z    | 2027-03-01T00:00:00.123456789Z",
        "2027-03-01t00:00:00.5z            | 2027-03-01T00:00:00.500Z",
        "2027-03-01T10:00:00+02:00         | 2027-03-01T08:00:00Z",
        "2027-03-01T10:00:00+0200          | 2027-03-01T08:00:00Z",
        "2027-03-01T10:00:00-05:30         | 2027-03-01T15:30:00Z",
        "2027-03-01T10:00:00               | 2027-03-01T10:00:00Z",
        "2027-03-01 10:00:00               | 2027-03-01T10:00:00Z",
        "2027-03-01T10:00                  | 2027-03-01T10:00:00Z",
        "2027-03-01T10:00:00[Europe/Paris] | 2027-03-01T09:00:00Z",
        "2027-12-31                        | 2028-01-01T00:00:00Z",
        "Tue, 3 Jun 2008 11:05:30 GMT      | 2008-06-03T11:05:30Z",
        "3 Jun 2008 11:05:30 +0200         | 2008-06-03T09:05:30Z",
        "1700000000                        | 2023-11-14T22:13:20Z",
        "1700000000000                     | 2023-11-14T22:13:20Z",
        "1700000000.25                     | 2023-11-14T22:13:20.250Z",
        "99999999999                       | 5138-11-16T09:46:39Z",
        "100000000000                      | 1973-03-03T09:46:40Z",
      })
  void parse_autoForms_inUtc(String value, String expected) {
    assertThat(auto(ZoneOffset.UTC).parse(value, "mapping.expiry 'e'"))
        .isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2027-03-01 10:00:00 +0000         | 2027-03-01T10:00:00Z",
        "2027-03-01 10:00:00 +0200         | 2027-03-01T08:00:00Z",
        "2027-03-01T10:00:00 +02:00        | 2027-03-01T08:00:00Z",
        "2027-03-01 10:00:00 -05           | 2027-03-01T15:00:00Z",
        "2027-03-01 10:00:00.5 -05:00      | 2027-03-01T15:00:00.500Z",
        "2027-03-01 10:00:00 UTC           | 2027-03-01T10:00:00Z",
        "2027-03-01 10:00:00 GMT           | 2027-03-01T10:00:00Z",
        "2027-03-01 10:00:00 Z             | 2027-03-01T10:00:00Z",
        "2027-03-01T10:00:00 utc           | 2027-03-01T10:00:00Z",
        "2027-03-01 10:00 UTC              | 2027-03-01T10:00:00Z",
        "2027-03-01 10:00 +02:00           | 2027-03-01T08:00:00Z",
        "Mon, 01 Mar 2027 10:00:00 UTC     | 2027-03-01T10:00:00Z",
        "Mon, 01 Mar 2027 10:00:00 Z       | 2027-03-01T10:00:00Z",
        "1 Mar 2027 10:00:00 UTC           | 2027-03-01T10:00:00Z",
      })
  void parse_spaceBeforeOffsetOrZoneWord_readAsThatOffset(String value, String expected) {
    // New York as the zone shows that the written offset, not the configured zone, is used.
    assertThat(auto(NEW_YORK).parse(value, "mapping.expiry 'e'"))
        .isEqualTo(Instant.parse(expected));
  }

  @Test
  void parse_spaceBeforeOffset_invalidValuesStillWorded() {
    assertThat(unparseable(auto(ZoneOffset.UTC), "2027-13-01 10:00:00 +0000").getMessage())
        .contains("'2027-13-01 10:00:00 +0000'")
        .contains("not valid");
    assertThat(unparseable(auto(ZoneOffset.UTC), "2027-03-01 10:00:00 CEST").getMessage())
        .contains("not valid");
  }

  @Test
  void parse_localDateTimeInZone_isDstAware() {
    ExpiryParser ny = auto(NEW_YORK);
    // EST (UTC-5) in winter, EDT (UTC-4) in summer.
    assertThat(ny.parse("2027-01-15T10:00:00", "e"))
        .isEqualTo(Instant.parse("2027-01-15T15:00:00Z"));
    assertThat(ny.parse("2027-07-15 10:00:00", "e"))
        .isEqualTo(Instant.parse("2027-07-15T14:00:00Z"));
    // A date means through that day in the zone: the start of the next local day.
    assertThat(ny.parse("2027-12-31", "e")).isEqualTo(Instant.parse("2028-01-01T05:00:00Z"));
    // An explicit offset wins over the zone.
    assertThat(ny.parse("2027-07-15T10:00:00Z", "e"))
        .isEqualTo(Instant.parse("2027-07-15T10:00:00Z"));
    // 02:30 on 2027-03-14 does not exist in New York: moved forward to 03:30 EDT.
    assertThat(ny.parse("2027-03-14T02:30:00", "e"))
        .isEqualTo(Instant.parse("2027-03-14T07:30:00Z"));
  }

  @Test
  void read_jsonNumbers_epochSecondsOrMillis() throws Exception {
    ExpiryParser p = auto(ZoneOffset.UTC);
    assertThat(p.read(json("1700000000"), "e", -1))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(p.read(json("1700000000000"), "e", -1))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(p.read(json("1.7e9"), "e", -1)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(p.read(json("1700000000.5"), "e", -1))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000L));
    assertThat(p.read(json("99999999999"), "e", -1))
        .isEqualTo(Instant.ofEpochSecond(99_999_999_999L));
    assertThat(p.read(json("100000000000"), "e", -1))
        .isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
  }

  @Test
  void read_nullAndEmpty_noExpiry() throws Exception {
    ExpiryParser p = auto(ZoneOffset.UTC);
    assertThat(p.read(json("null"), "e", -1)).isNull();
    assertThat(p.read(json("\"\""), "e", -1)).isNull();
    assertThat(p.read(json("\"  \""), "e", -1)).isNull();
  }

  @Test
  void read_mysqlZeroDate_noExpiry() throws Exception {
    ExpiryParser p = auto(ZoneOffset.UTC);
    assertThat(p.read(json("\"0000-00-00\""), "e", -1)).isNull();
    assertThat(p.read(json("\"0000-00-00 00:00:00\""), "e", -1)).isNull();
    assertThat(unparseable(p, "0000-00-00 12:00:00").reason()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
  }

  @Test
  void parse_unreadable_namesValueAndWhatWasTried() {
    CouponFetchException e = unparseable(auto(ZoneOffset.UTC), "31/12/2027");
    assertThat(e.getMessage())
        .isEqualTo(
            "expiry '31/12/2027' (mapping.expiry 'e') is not AUTO (ISO-8601 instant, offset/local"
                + " date-time, date, RFC 1123, epoch seconds/millis); set mapping.expiryFormat to"
                + " its java.time pattern (such as MM/dd/yyyy)");
    assertThat(unparseable(auto(ZoneOffset.UTC), "next tuesday").getMessage()).contains("not AUTO");
    assertThat(unparseable(auto(ZoneOffset.UTC), "2027-13-45").getMessage())
        .contains("'2027-13-45'")
        .contains("not valid");
    assertThat(unparseable(auto(ZoneOffset.UTC), "2027-02-30").getMessage()).contains("2027-02-30");
    assertThat(unparseable(auto(ZoneOffset.UTC), "9".repeat(40)).getMessage())
        .contains("out of range");
  }

  @Test
  void read_nonDateJson_unparseable() throws Exception {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> auto(ZoneOffset.UTC).read(json("true"), "e", 0));
    assertThat(e.reason()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    assertThat(e.getMessage()).contains("mapping.expiry 'e' (value 1) gave a boolean (true)");
  }

  static ExpiryParser auto(ZoneId zone) {
    List<String> problems = new ArrayList<>();
    ExpiryParser p = ExpiryParser.compile("AUTO", zone, problems);
    assertThat(problems).isEmpty();
    return p;
  }

  static CouponFetchException unparseable(ExpiryParser p, String value) {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> p.parse(value, "mapping.expiry 'e'"));
    assertThat(e).as(value).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    return e;
  }

  static JsonNode json(String s) throws Exception {
    return JsonBodyParser.MAPPER.readTree(s);
  }
}
