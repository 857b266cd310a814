package dev.couponfetch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One coupon: its code and, when the endpoint said so, the instant it expires.
 *
 * @param code the code, trimmed, never blank
 * @param expiresAt the first instant at which the coupon is no longer valid, or {@code null} when
 *     it does not expire (or the endpoint did not say)
 */
public record Coupon(String code, Instant expiresAt) {
  /** Checks the code. */
  public Coupon {
    Objects.requireNonNull(code, "code == null");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code is blank");
    }
  }

  /** A coupon that does not expire. */
  public static Coupon of(String code) {
    return new Coupon(code, null);
  }

  /** The expiry, if there is one. */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }
}
