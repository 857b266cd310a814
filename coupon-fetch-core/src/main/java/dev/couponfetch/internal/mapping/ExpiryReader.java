package dev.couponfetch.internal.mapping;

import dev.couponfetch.CouponFetchException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code mapping.expiryFormat} applied to single values, without a response: what the mapper does
 * with each expiry string it selects. For tools that try or time a format (the command line's
 * {@code bench}); not API. Immutable and thread-safe.
 */
public final class ExpiryReader {
  private final ExpiryParser parser;

  private ExpiryReader(ExpiryParser parser) {
    this.parser = parser;
  }

  /**
   * Compiles {@code format} ({@code AUTO}, {@code EPOCH_SECONDS}, {@code EPOCH_MILLIS} or a {@code
   * java.time} pattern) for values without an offset in {@code zone}.
   *
   * @throws IllegalArgumentException naming the problem when {@code format} is unusable
   */
  public static ExpiryReader compile(String format, ZoneId zone) {
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(zone, "zone == null");
    List<String> problems = new ArrayList<>();
    ExpiryParser parser = ExpiryParser.compile(format, zone, problems);
    if (parser == null) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new ExpiryReader(parser);
  }

  /**
   * The instant {@code value} stands for, or null when it means "does not expire" (blank, or a zero
   * date such as {@code 0000-00-00}).
   *
   * @throws CouponFetchException {@code EXPIRY_UNPARSEABLE}
   */
  public Instant read(String value) {
    Objects.requireNonNull(value, "value == null");
    return parser.readText(value, "expiry value");
  }

  @Override
  public String toString() {
    return "ExpiryReader{" + parser + '}';
  }
}
