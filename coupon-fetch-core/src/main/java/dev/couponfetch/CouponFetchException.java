package dev.couponfetch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one exception of coupon-fetch: a {@link Reason}, a message a merchant can act on (naming the
 * field or value at fault, never a secret), the HTTP status where there was one, and whether a
 * retry may help.
 *
 * <p>For {@link Reason#INVALID_CONFIG}, {@link #problems()} lists the problems found, each naming
 * its JSON field: the first {@value #MAX_LISTED_PROBLEMS}, then one line saying how many more there
 * are ({@code … and 99,950 more problems}); {@link #problemCount()} is the total.
 */
public final class CouponFetchException extends RuntimeException {
  /**
   * How many problems {@link #problems()} lists at most; a config with 100,000 unknown fields must
   * not print 100,000 lines.
   */
  public static final int MAX_LISTED_PROBLEMS = 50;

  private static final long serialVersionUID = 1L;
  private static final Pattern MORE = Pattern.compile("… and ([0-9,]+) more problems?");

  /** Why the fetch failed. */
  private final Reason reason;

  /** The HTTP status, or 0. */
  private final int status;

  /** Whether trying again later may help. */
  private final boolean retryable;

  /** The problems listed (at most {@link #MAX_LISTED_PROBLEMS}). */
  private final List<String> problems;

  /** How many problems there were in all. */
  private final int problemCount;

  private final transient Exchange exchange;
  private final transient Exchange tokenExchange;

  /** What happened at the token endpoint, or null. */
  private final String tokenNote;

  /** The plain-language explanation. */
  private final String explanation;

  /** The hint at the fix. */
  private final String hint;

  private final transient Timings timings;

  /** When trying again may help, or null. */
  private final Instant retryAt;

  private CouponFetchException(Builder b) {
    super(b.message, b.cause);
    this.reason = b.reason;
    this.status = b.status;
    this.retryable = b.retryable != null ? b.retryable : b.reason.retryable();
    this.problems = b.problems;
    this.problemCount = count(b.problems);
    this.exchange = b.exchange;
    this.tokenExchange = b.tokenExchange;
    this.tokenNote = b.tokenNote;
    this.explanation = b.explanation;
    this.hint = b.hint;
    this.timings = b.timings;
    this.retryAt = b.retryAt;
  }

  /** A failure for {@code reason}, retryable as the reason says. */
  public static CouponFetchException of(Reason reason, String message) {
    return builder(reason, message).build();
  }

  /** A builder for the rarer parts: status, cause, exchange, problems. */
  public static Builder builder(Reason reason, String message) {
    return new Builder(reason, message);
  }

  /**
   * An {@link Reason#INVALID_CONFIG} failure listing the first {@value #MAX_LISTED_PROBLEMS}
   * problems and counting the rest. A {@code … and N more problems} line among {@code problems}
   * (from another such exception's {@link #problems()}) counts as those N problems.
   */
  public static CouponFetchException invalidConfig(List<String> problems) {
    List<String> listed = new ArrayList<>(Math.min(problems.size(), MAX_LISTED_PROBLEMS + 1));
    int total = 0;
    for (String problem : problems) {
      int more = more(Objects.requireNonNull(problem, "problem == null"));
      if (more > 0) {
        total += more;
        continue;
      }
      total++;
      if (listed.size() < MAX_LISTED_PROBLEMS) {
        listed.add(problem);
      }
    }
    int hidden = total - listed.size();
    if (hidden > 0) {
      listed.add(
          String.format(Locale.ROOT, "… and %,d more problem%s", hidden, hidden == 1 ? "" : "s"));
    }
    String message =
        total == 1
            ? "Invalid configuration: " + listed.get(0)
            : String.format(Locale.ROOT, "Invalid configuration (%,d problems): ", total)
                + String.join("; ", listed);
    return builder(Reason.INVALID_CONFIG, message).problems(listed).build();
  }

  /** N for a {@code … and N more problems} line, else 0. */
  private static int more(String line) {
    if (!line.startsWith("… and ")) {
      return 0;
    }
    Matcher m = MORE.matcher(line);
    return m.matches() ? Integer.parseInt(m.group(1).replace(",", "")) : 0;
  }

  private static int count(List<String> problems) {
    int n = problems.size();
    return n == 0 ? 0 : n - 1 + Math.max(1, more(problems.get(n - 1)));
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
   * When the same call may succeed, where the failure says: the end of a paused endpoint's pause
   * ({@link Reason#ENDPOINT_UNAVAILABLE}), the time a rate limit lets the next request through
   * ({@link Reason#RATE_LIMITED}: the endpoint's {@code Retry-After} or {@code RateLimit-Reset}, or
   * the config's own budget), or a busy endpoint's {@code Retry-After}.
   */
  public Optional<Instant> retryAt() {
    return Optional.ofNullable(retryAt);
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

  /**
   * For {@link Reason#INVALID_CONFIG}: the problems, each naming its field, at most {@value
   * #MAX_LISTED_PROBLEMS} and then a line {@code … and N more problems}; else empty.
   */
  public List<String> problems() {
    return problems;
  }

  /**
   * For {@link Reason#INVALID_CONFIG}: how many problems were found, those {@link #problems()} only
   * counts included; else 0.
   */
  public int problemCount() {
    return problemCount;
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
   * Where the time of the failed fetch went, request by request, the failing one last (its phases
   * up to the failure); {@link Timings#NONE} when not measured.
   */
  public Timings timings() {
    return timings == null ? Timings.NONE : timings;
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
            .hint(hint)
            .timings(timings)
            .retryAt(retryAt);
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
    private Timings timings = Timings.NONE;
    private Instant retryAt;

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

    /** Where the time went (null: {@link Timings#NONE}). */
    public Builder timings(Timings timings) {
      this.timings = timings == null ? Timings.NONE : timings;
      return this;
    }

    /** When the same call may succeed (null: not known); see {@link #retryAt()}. */
    public Builder retryAt(Instant retryAt) {
      this.retryAt = retryAt;
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
