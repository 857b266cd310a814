package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the rate-limit headers of an answer are read. */
class AnnouncedLimitsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private static BasicHttpResponse answer(int status, String... headers) {
    BasicHttpResponse r = new BasicHttpResponse(status);
    for (int i = 0; i < headers.length; i += 2) {
      r.addHeader(headers[i], headers[i + 1]);
    }
    return r;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "429 | Retry-After | 30 | 30",
        "503 | Retry-After | Mon, 07 Dec 2026 10:01:00 GMT | 60",
        "200 | RateLimit-Remaining=0;RateLimit-Reset=12 | | 12",
        "200 | X-RateLimit-Remaining=0;X-RateLimit-Reset=1796637660 | | 60",
        "200 | RateLimit | limit=10, remaining=0, reset=5 | 5",
        "200 | RateLimit | \"default\";r=0;t=7 | 7",
        "429 | Retry-After | 99999999999 | 3600",
      })
  void pause_readsEachSpelling(int status, String name, String value, long seconds) {
    BasicHttpResponse r;
    if (name.contains("=")) {
      r = answer(status);
      for (String pair : name.split(";")) {
        String[] kv = pair.split("=");
        r.addHeader(kv[0], kv[1]);
      }
    } else {
      r = answer(status, name, value);
    }

    assertThat(AnnouncedLimits.pause(r, NOW)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void pause_noneWhenSomethingIsLeftOrNothingSaid() {
    assertThat(AnnouncedLimits.pause(answer(200), NOW)).isNull();
    assertThat(AnnouncedLimits.pause(answer(200, "Retry-After", "30"), NOW)).isNull();
    assertThat(
            AnnouncedLimits.pause(
                answer(200, "X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "30"), NOW))
        .isNull();
    assertThat(
            AnnouncedLimits.pause(answer(200, "RateLimit", "limit=10, remaining=4, reset=5"), NOW))
        .isNull();
    // An epoch reset in the past, an unreadable one: nothing to wait for.
    assertThat(
            AnnouncedLimits.pause(
                answer(200, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1700000000"), NOW))
        .isNull();
    assertThat(
            AnnouncedLimits.pause(
                answer(200, "RateLimit-Remaining", "0", "RateLimit-Reset", "soon"), NOW))
        .isNull();
  }

  @Test
  void pause_randomHeaderValues_neverThrow_andStayWithinAnHour() {
    Random random = new Random(16);
    String alphabet = "0123456789 ,;=-\"rtlimiaesx:";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder v = new StringBuilder();
      for (int n = random.nextInt(30); n > 0; n--) {
        v.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String[] names = {"Retry-After", "RateLimit", "RateLimit-Reset", "X-RateLimit-Reset"};
      BasicHttpResponse r =
          answer(
              random.nextBoolean() ? 429 : 200,
              names[random.nextInt(names.length)],
              v.toString(),
              random.nextBoolean() ? "RateLimit-Remaining" : "X-RateLimit-Remaining",
              random.nextBoolean() ? "0" : v.toString());

      Duration d = AnnouncedLimits.pause(r, NOW);

      if (d != null) {
        assertThat(d).isBetween(Duration.ZERO, AnnouncedLimits.MAX_PAUSE);
      }
    }
  }
}
