package dev.couponfetch.httpclient;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * What an endpoint's answer says about sending it more: {@code Retry-After} on a 429 or 503, and
 * the rate-limit headers in their common spellings when they say nothing is left ({@code
 * RateLimit-Remaining: 0} with {@code RateLimit-Reset}, the same with {@code X-} in front, and the
 * IETF draft's {@code RateLimit: limit=10, remaining=0, reset=5} or {@code RateLimit:
 * "default";r=0;t=5}). A reset is delta-seconds, or epoch seconds when larger than 10^9 (as GitHub
 * and others send it). Pure functions.
 */
final class AnnouncedLimits {
  /** The longest pause an endpoint can impose on itself. */
  static final Duration MAX_PAUSE = Duration.ofHours(1);

  private static final long EPOCH_SECONDS_FROM = 1_000_000_000L;
  private static final Pattern REMAINING = Pattern.compile("(?:^|[,;\\s])(?:remaining|r)=(\\d+)");
  private static final Pattern RESET = Pattern.compile("(?:^|[,;\\s])(?:reset|t)=(\\d+)");

  private AnnouncedLimits() {}

  /**
   * How long {@code head} asks the client to hold off all requests to its origin, or null when it
   * does not (or says something unreadable).
   */
  static Duration pause(HttpResponse head, Instant now) {
    if (head == null) {
      return null;
    }
    int status = head.getCode();
    if (status == 429 || status == 503) {
      Duration d = Retries.retryAfter(value(head, "Retry-After"), value(head, "Date"), now);
      if (d != null) {
        return cap(d);
      }
    }
    Duration d = exhausted(value(head, "RateLimit-Remaining"), value(head, "RateLimit-Reset"), now);
    if (d == null) {
      d = exhausted(value(head, "X-RateLimit-Remaining"), value(head, "X-RateLimit-Reset"), now);
    }
    if (d == null) {
      d = structured(value(head, "RateLimit"), now);
    }
    return d == null ? null : cap(d);
  }

  /** The wait when {@code remaining} is 0 and {@code reset} is readable; else null. */
  static Duration exhausted(String remaining, String reset, Instant now) {
    if (remaining == null || reset == null || !remaining.strip().equals("0")) {
      return null;
    }
    return reset(reset.strip(), now);
  }

  /** The draft's structured {@code RateLimit} field: {@code remaining=0} (or {@code r=0}). */
  static Duration structured(String field, Instant now) {
    if (field == null) {
      return null;
    }
    String f = field.toLowerCase(Locale.ROOT);
    Matcher r = REMAINING.matcher(f);
    Matcher t = RESET.matcher(f);
    if (!r.find() || !t.find() || !r.group(1).equals("0")) {
      return null;
    }
    return reset(t.group(1), now);
  }

  private static Duration reset(String value, Instant now) {
    if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long n = Long.parseLong(value);
    if (n >= EPOCH_SECONDS_FROM) {
      long wait = n - now.getEpochSecond();
      return wait <= 0 ? null : Duration.ofSeconds(wait);
    }
    return n == 0 ? null : Duration.ofSeconds(n);
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : d;
  }

  private static String value(HttpResponse head, String name) {
    Header h = head.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }
}
