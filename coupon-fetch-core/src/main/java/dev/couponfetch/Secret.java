package dev.couponfetch;

import java.util.Objects;

/**
 * A credential value (password, API key, client secret, token) that never shows itself.
 *
 * <p>{@link #toString()} is always {@code ****}, so a secret that ends up in a log line, an
 * exception message or a report leaks nothing. Code that must send the value calls {@link
 * #reveal()}, which makes every use easy to find. Immutable and thread-safe.
 */
public final class Secret {
  /** What every secret looks like when printed. */
  public static final String MASK = "****";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps {@code value}; never null. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value == null"));
  }

  /** The value itself, to be sent on the wire and nowhere else. */
  public String reveal() {
    return value;
  }

  /** Whether the value is empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret && ((Secret) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Always {@value #MASK}. */
  @Override
  public String toString() {
    return MASK;
  }
}
