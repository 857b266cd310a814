package dev.couponfetch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception of coupon-fetch: a {@link Reason}, a message a merchant can act on (naming the
 * field or value at fault, never a secret), the HTTP status where there was one, and whether a
 * retry may help.
 *
 * <p>For {@link Reason#INVALID_CONFIG}, {@link #problems()} lists every problem found, each naming
 * its JSON field.
 */
public final class CouponFetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final int status;
  private final boolean retryable;
  private final List<String> problems;
  private final transient Exchange exchange;

  private CouponFetchException(
      Reason reason,
      String message,
      int status,
      boolean retryable,
      List<String> problems,
      Exchange exchange,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
    this.retryable = retryable;
    this.problems = problems;
    this.exchange = exchange;
  }

  /** A failure for {@code reason}, retryable as the reason says. */
  public static CouponFetchException of(Reason reason, String message) {
    return builder(reason, message).build();
  }

  /** A builder for the rarer parts: status, cause, exchange, problems. */
  public static Builder builder(Reason reason, String message) {
    return new Builder(reason, message);
  }

  /** An {@link Reason#INVALID_CONFIG} failure listing every problem. */
  public static CouponFetchException invalidConfig(List<String> problems) {
    List<String> copy = List.copyOf(problems);
    String message =
        copy.size() == 1
            ? "Invalid configuration: " + copy.get(0)
            : "Invalid configuration (" + copy.size() + " problems): " + String.join("; ", copy);
    return builder(Reason.INVALID_CONFIG, message).problems(copy).build();
  }

  /** Why the fetch failed. */
  public Reason reason() {
    return reason;
  }

  /** Whether the same call may succeed later without changing the configuration. */
  public boolean retryable() {
    return retryable;
  }

  /** The HTTP status of the endpoint's response, when there was one. */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /** For {@link Reason#INVALID_CONFIG}: every problem, each naming its field; else empty. */
  public List<String> problems() {
    return problems;
  }

  /** The request as sent and the response as received, when the call got that far. */
  public Optional<Exchange> exchange() {
    return Optional.ofNullable(exchange);
  }

  /** Builds a {@link CouponFetchException}. Not thread-safe. */
  public static final class Builder {
    private final Reason reason;
    private final String message;
    private int status;
    private Boolean retryable;
    private List<String> problems = List.of();
    private Exchange exchange;
    private Throwable cause;

    private Builder(Reason reason, String message) {
      this.reason = Objects.requireNonNull(reason, "reason == null");
      this.message = Objects.requireNonNull(message, "message == null");
    }

    /** The HTTP status, if the endpoint answered. */
    public Builder status(int status) {
      this.status = status;
      return this;
    }

    /** Overrides the reason's default retryability. */
    public Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    /** The problems of an invalid configuration. */
    public Builder problems(List<String> problems) {
      this.problems = List.copyOf(problems);
      return this;
    }

    /** The request and response, if any. */
    public Builder exchange(Exchange exchange) {
      this.exchange = exchange;
      return this;
    }

    /** The underlying cause; its message must not hold a secret. */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** The exception. */
    public CouponFetchException build() {
      return new CouponFetchException(
          reason,
          message,
          status,
          retryable != null ? retryable : reason.retryable(),
          problems,
          exchange,
          cause);
    }
  }
}
