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
  private final transient Exchange tokenExchange;
  private final String tokenNote;
  private final String explanation;
  private final String hint;

  private CouponFetchException(Builder b) {
    super(b.message, b.cause);
    this.reason = b.reason;
    this.status = b.status;
    this.retryable = b.retryable != null ? b.retryable : b.reason.retryable();
    this.problems = b.problems;
    this.exchange = b.exchange;
    this.tokenExchange = b.tokenExchange;
    this.tokenNote = b.tokenNote;
    this.explanation = b.explanation;
    this.hint = b.hint;
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

  /**
   * A plain-language explanation of this failure: the {@link Reason#explanation() reason's}, unless
   * the failure knows better (for example "HTTP 999 is not a standard status" for a {@link
   * Reason#SERVER_ERROR}).
   */
  public String explanation() {
    return explanation != null ? explanation : reason.explanation();
  }

  /** A hint at the fix: the {@link Reason#hint() reason's}, unless the failure knows better. */
  public String hint() {
    return hint != null ? hint : reason.hint();
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

  /**
   * For {@code OAUTH2}: the token request made during the failed call and its response, secrets and
   * tokens masked; empty when none was made.
   */
  public Optional<Exchange> tokenExchange() {
    return Optional.ofNullable(tokenExchange);
  }

  /**
   * For {@code OAUTH2}: where the access token came from when no token request was made (for
   * example "access token from the token store, expires at …").
   */
  public Optional<String> tokenNote() {
    return Optional.ofNullable(tokenNote);
  }

  /**
   * A builder holding this exception's parts (reason, message, status, retryability, problems,
   * exchanges, cause), for callers that add to a failure.
   */
  public Builder toBuilder() {
    Builder b =
        builder(reason, getMessage())
            .status(status)
            .retryable(retryable)
            .problems(problems)
            .exchange(exchange)
            .tokenExchange(tokenExchange)
            .tokenNote(tokenNote)
            .explanation(explanation)
            .hint(hint);
    return getCause() == null ? b : b.cause(getCause());
  }

  /** Builds a {@link CouponFetchException}. Not thread-safe. */
  public static final class Builder {
    private final Reason reason;
    private final String message;
    private int status;
    private Boolean retryable;
    private List<String> problems = List.of();
    private Exchange exchange;
    private Exchange tokenExchange;
    private String tokenNote;
    private String explanation;
    private String hint;
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

    /** For {@code OAUTH2}: the token request made during the call and its response, if any. */
    public Builder tokenExchange(Exchange tokenExchange) {
      this.tokenExchange = tokenExchange;
      return this;
    }

    /** For {@code OAUTH2}: where the access token came from, if no token request was made. */
    public Builder tokenNote(String tokenNote) {
      this.tokenNote = tokenNote;
      return this;
    }

    /**
     * Replaces the reason's explanation for this failure (null: the reason's); plain language,
     * never a secret.
     */
    public Builder explanation(String explanation) {
      this.explanation = explanation;
      return this;
    }

    /** Replaces the reason's hint for this failure (null: the reason's); never a secret. */
    public Builder hint(String hint) {
      this.hint = hint;
      return this;
    }

    /** The underlying cause; its message must not hold a secret. */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** The exception. */
    public CouponFetchException build() {
      return new CouponFetchException(this);
    }
  }
}
