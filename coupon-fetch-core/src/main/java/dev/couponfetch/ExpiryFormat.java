package dev.couponfetch;

/**
 * The well-known names of {@code mapping.expiryFormat}; any other value is a {@link
 * java.time.format.DateTimeFormatter} pattern such as {@code MM/dd/yyyy HH:mm}.
 */
public final class ExpiryFormat {
  /**
   * Reads ISO-8601 instants, offset and local date-times, plain dates, RFC 1123 dates and epoch
   * numbers (below 10^11 seconds, else milliseconds).
   */
  public static final String AUTO = "AUTO";

  /** Epoch seconds, integral or fractional. */
  public static final String EPOCH_SECONDS = "EPOCH_SECONDS";

  /** Epoch milliseconds. */
  public static final String EPOCH_MILLIS = "EPOCH_MILLIS";

  private ExpiryFormat() {}
}
