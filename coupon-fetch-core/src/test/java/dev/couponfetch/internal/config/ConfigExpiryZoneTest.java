package dev.couponfetch.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code mapping.expiryZone} as merchants write it. */
class ConfigExpiryZoneTest {
  @Test
  void fromJson_shortZoneIds_accepted() {
    assertThat(zoneOf("EST")).isEqualTo(ZoneOffset.ofHours(-5));
    assertThat(zoneOf("PST")).isEqualTo(ZoneId.of("America/Los_Angeles"));
    assertThat(zoneOf("CST")).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(zoneOf("Europe/Paris")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(zoneOf(" UTC ")).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void fromJson_misspeltZone_suggestsTheRealOne() {
    assertThat(problemOf("Europe/Pari"))
        .isEqualTo(
            "mapping.expiryZone: unknown time zone 'Europe/Pari'; did you mean 'Europe/Paris'?");
    assertThat(problemOf("europe/paris")).endsWith("did you mean 'Europe/Paris'?");
    assertThat(problemOf("pst")).endsWith("did you mean 'PST'?");
  }

  private static ZoneId zoneOf(String zone) {
    String json =
        "{\"endpoint\":\"https://a.example\",\"mapping\":{\"expiryZone\":\"" + zone + "\"}}";
    return CouponSourceConfig.fromJson(json).mapping().expiryZone();
  }

  private static String problemOf(String zone) {
    CouponFetchException e = catchThrowableOfType(CouponFetchException.class, () -> zoneOf(zone));
    assertThat(e).as(zone).isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }
}
