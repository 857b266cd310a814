package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.ExpiryAutoTest.json;
import static dev.couponfetch.internal.mapping.ExpiryAutoTest.unparseable;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryPatternTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void parse_dateTimePattern_inZone() {
    assertThat(parser("MM/dd/yyyy HH:mm", ZoneOffset.UTC).parse("12/31/2027 23:59", "e"))
        .isEqualTo(Instant.parse("2027-12-31T23:59:00Z"));
    assertThat(parser("MM/dd/yyyy HH:mm", NEW_YORK).parse("07/04/2027 09:30", "e"))
        .isEqualTo(Instant.parse("2027-07-04T13:30:00Z"));
    assertThat(parser("MM/dd/yyyy hh:mm a", ZoneOffset.UTC).parse("12/31/2027 11:59 pm", "e"))
        .isEqualTo(Instant.parse("2027-12-31T23:59:00Z"));
  }

  @Test
  void parse_datePattern_startOfNextDay() {
    assertThat(parser("MM/dd/yyyy", ZoneOffset.UTC).parse("12/31/2027", "e"))
        .isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
    assertThat(parser("dd.MM.yyyy", ZoneOffset.UTC).parse("31.12.2027", "e"))
        .isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
    assertThat(parser("dd.MM.yyyy", NEW_YORK).parse("31.12.2027", "e"))
        .isEqualTo(Instant.parse("2028-01-01T05:00:00Z"));
    assertThat(parser("d MMM uuuu", ZoneOffset.UTC).parse("3 JUN 2027", "e"))
        .isEqualTo(Instant.parse("2027-06-04T00:00:00Z"));
  }

  @Test
  void parse_patternWithOffset_offsetWins() {
    assertThat(parser("yyyy-MM-dd HH:mm XXX", NEW_YORK).parse("2027-03-01 10:00 +02:00", "e"))
        .isEqualTo(Instant.parse("2027-03-01T08:00:00Z"));
  }

  @Test
  void read_numberWithPattern_readsItsDigits() throws Exception {
    assertThat(parser("yyyyMMdd", ZoneOffset.UTC).read(json("20271231"), "e", -1))
        .isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
  }

  @Test
  void parse_valueNotMatchingPattern_namesValueAndPattern() {
    assertThat(unparseable(parser("MM/dd/yyyy", ZoneOffset.UTC), "2027-12-31").getMessage())
        .startsWith(
            "expiry '2027-12-31' (mapping.expiry 'e') does not match mapping.expiryFormat"
                + " 'MM/dd/yyyy'");
    // STRICT: no February 30th quietly becoming the 28th.
    assertThat(unparseable(parser("MM/dd/yyyy", ZoneOffset.UTC), "02/30/2027").getMessage())
        .contains("02/30/2027");
  }

  @Test
  void parse_epochFormats_forceOneReading() {
    // AUTO would read 10^11 as milliseconds (1973); forced, it is seconds (year 5138).
    assertThat(parser("EPOCH_SECONDS", ZoneOffset.UTC).parse("100000000000", "e"))
        .isEqualTo(Instant.ofEpochSecond(100_000_000_000L));
    // Milliseconds read as seconds land in the year 55840: no plausible expiry.
    assertThat(unparseable(parser("EPOCH_SECONDS", ZoneOffset.UTC), "1700000000000").getMessage())
        .contains("+55840-11-08T22:13:20Z: out of range");
    assertThat(parser("epoch_millis", ZoneOffset.UTC).parse("1700000000", "e"))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000L));
    assertThat(parser("EPOCH_MILLIS", ZoneOffset.UTC).parse("1700000000000.5", "e"))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L).plusNanos(500_000));
    assertThat(unparseable(parser("EPOCH_SECONDS", ZoneOffset.UTC), "2027-12-31").getMessage())
        .contains("'2027-12-31'")
        .contains("is not EPOCH_SECONDS");
  }

  @Test
  void compile_badPatterns_problemsNameTheField() {
    assertThat(problems("bogus pattern T"))
        .singleElement()
        .asString()
        .startsWith(
            "mapping.expiryFormat: 'bogus pattern T' is not AUTO, EPOCH_SECONDS,"
                + " EPOCH_MILLIS or a valid java.time pattern");
    assertThat(problems("YYYY-MM-dd"))
        .singleElement()
        .asString()
        .contains("pattern 'YYYY-MM-dd' does not give a full date")
        .contains("YYYY is the week-based year");
    assertThat(problems("yyyy-MM-dd hh:mm"))
        .singleElement()
        .asString()
        .contains("hh together with a");
    assertThat(problems(" "))
        .singleElement()
        .asString()
        .startsWith("mapping.expiryFormat: is blank");
    assertThat(problems("Auto")).isEmpty();
  }

  private static ExpiryParser parser(String format, ZoneId zone) {
    List<String> problems = new ArrayList<>();
    ExpiryParser p = ExpiryParser.compile(format, zone, problems);
    assertThat(problems).isEmpty();
    return p;
  }

  private static List<String> problems(String format) {
    List<String> problems = new ArrayList<>();
    ExpiryParser p = ExpiryParser.compile(format, ZoneOffset.UTC, problems);
    assertThat(p == null).isEqualTo(!problems.isEmpty());
    return problems;
  }
}
