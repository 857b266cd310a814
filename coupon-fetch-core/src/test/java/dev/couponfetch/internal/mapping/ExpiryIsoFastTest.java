package dev.couponfetch.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written ISO fast path must agree with java.time, and leave anything odd to it. */
class ExpiryIsoFastTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void parse_randomDateTimes_agreeWithJavaTime() {
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      LocalDateTime local =
          LocalDateTime.ofEpochSecond(random.nextInt(2_000_000_000) * 2L, 0, ZoneOffset.UTC)
              .withNano(random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
      int fractionDigits = random.nextInt(10);
      String text =
          local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"))
              + fraction(local.getNano(), fractionDigits);
      LocalDateTime truncated = LocalDateTime.parse(text);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
      switch (random.nextInt(3)) {
        case 0 ->
            assertThat(IsoFast.parse(text + "Z", NEW_YORK))
                .as(text)
                .isEqualTo(truncated.toInstant(ZoneOffset.UTC));
        case 1 ->
            assertThat(IsoFast.parse(text + offset(offset), NEW_YORK))
                .as(text + offset(offset))
                .isEqualTo(OffsetDateTime.parse(text + offset(offset)).toInstant());
        default ->
            assertThat(IsoFast.parse(text.replace('T', ' '), NEW_YORK))
                .as(text)
                .isEqualTo(ZonedDateTime.ofLocal(truncated, NEW_YORK, null).toInstant());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2027-02-29T00:00:00Z",
        "2027-13-01T00:00:00Z",
        "2027-01-01T24:00:00Z",
        "2027-01-01T00:60:00Z",
        "2027-01-01T00:00:00.Z",
        "2027-01-01T00:00:00.1234567891Z",
        "2027-01-01T00:00:00+2:00",
        "2027-01-01T00:00:00+020",
        "2027-01-01T00:00:00 ",
        "2027-01-01T00:00:00  Z",
        "2027-01-01T00:00:00 CET",
        "2027-01-01T00:00:00+18:01",
        "2027-01-01T00:00:00Zx",
        "2027-01-01T00:00",
      })
  void parse_oddValues_leftToFormatter(String value) {
    assertThat(IsoFast.parse(value, ZoneOffset.UTC)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2027-03-01 10:00:00 +0000",
        "2027-03-01 10:00:00+00",
        "2027-03-01T10:00:00 +00:00",
        "2027-03-01 10:00:00 UTC",
        "2027-03-01 10:00:00 gmt",
        "2027-03-01 10:00:00 Z",
        "2027-03-01 10:00:00UTC",
      })
  void parse_phpAndLogForms_takenByFastPath(String value) {
    assertThat(IsoFast.parse(value, NEW_YORK)).isEqualTo(Instant.parse("2027-03-01T10:00:00Z"));
  }

  @Test
  void parse_leapDay_accepted() {
    assertThat(IsoFast.parse("2028-02-29T12:00:00Z", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2028-02-29T12:00:00Z"));
  }

  private static String fraction(int nanos, int digits) {
    if (digits == 0) {
      return "";
    }
    return "." + String.format("%09d", nanos).substring(0, digits);
  }

  private static String offset(ZoneOffset offset) {
    return offset.getTotalSeconds() == 0 && offset.getId().equals("Z") ? "+00:00" : offset.getId();
  }
}
