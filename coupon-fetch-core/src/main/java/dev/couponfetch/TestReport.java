package dev.couponfetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.internal.text.CurlCommand;
import dev.couponfetch.internal.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a Test Configuration: whether the configuration works, a headline, the request as
 * sent (secrets masked), the response (status, headers, first 64 KiB of the body), the mapped
 * coupons and warnings, and on failure the {@link Reason}, a plain-language explanation and a hint
 * at the fix. Immutable; holds no secret.
 *
 * <p>The headline is exactly {@value #WORKS} on success and starts with {@value #FAILED} on
 * failure.
 *
 * <p>{@link #toText()} is meant for a terminal: everything in it that came from outside (the body,
 * header names and values, messages quoting them, codes, URLs) has its control characters and
 * bidirectional overrides shown as escapes ({@code \}{@code u001B} for ESC), so that an endpoint
 * cannot clear the screen or redraw the headline. The accessors and {@link #toJson()} give the text
 * as received (JSON escapes it in its own way).
 */
public final class TestReport {
  /** The headline of a working configuration. */
  public static final String WORKS = "Configuration Works!";

  /** How the headline of a failing configuration starts. */
  public static final String FAILED = "Configuration Failed:";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final boolean works;
  private final String headline;
  private final Reason reason;
  private final boolean retryable;
  private final String explanation;
  private final String hint;
  private final String message;
  private final List<String> problems;
  private final Integer status;
  private final Exchange exchange;
  private final List<Coupon> coupons;
  private final List<String> warnings;
  private final Duration elapsed;
  private final Exchange tokenExchange;
  private final String tokenNote;
  // What the authentication's own request was, for the text form's labels: "Token", or "Login"
  // for SESSION. The JSON form keeps its field names (tokenRequest, tokenResponse, tokenNote).
  private final String authStep;
  // When the final response was received; for a re-mapped report, the previous report's.
  private final Instant receivedAt;
  // Set only on a re-mapped report: the receivedAt of the response it re-mapped.
  private final Instant remappedFrom;
  // A re-mapped response given without its request (there is then no exchange to hold it).
  private final Exchange.ReceivedResponse remappedResponse;
  private final Timings timings;
  private final EndpointHealth endpointHealth;

  private TestReport(
      boolean works,
      String headline,
      CouponFetchException failure,
      List<String> problems,
      Integer status,
      Exchange exchange,
      List<Coupon> coupons,
      List<String> warnings,
      Duration elapsed,
      Exchange tokenExchange,
      String tokenNote,
      Timings batchTimings) {
    this.works = works;
    this.headline = headline;
    this.reason = failure == null ? null : failure.reason();
    this.retryable = failure != null && failure.retryable();
    this.explanation = failure == null ? null : failure.explanation();
    this.hint = failure == null ? null : failure.hint();
    this.message = failure == null ? null : failure.getMessage();
    this.problems = List.copyOf(problems);
    this.status = status;
    this.exchange = exchange;
    this.coupons = List.copyOf(coupons);
    this.warnings = List.copyOf(warnings);
    this.elapsed = elapsed;
    this.tokenExchange = tokenExchange;
    this.tokenNote = tokenNote;
    this.authStep = "Token";
    this.receivedAt = null;
    this.remappedFrom = null;
    this.remappedResponse = null;
    this.timings =
        failure != null ? failure.timings() : batchTimings == null ? Timings.NONE : batchTimings;
    this.endpointHealth = null;
  }

  /** {@code r} with the labels of {@code authStep}. */
  private TestReport(TestReport r, String authStep) {
    this(r, authStep, r.receivedAt, r.remappedFrom, r.remappedResponse);
  }

  /** {@code r} with the labels of {@code authStep} and the given receipt and re-mapping. */
  private TestReport(
      TestReport r,
      String authStep,
      Instant receivedAt,
      Instant remappedFrom,
      Exchange.ReceivedResponse remappedResponse) {
    this(r, authStep, receivedAt, remappedFrom, remappedResponse, r.endpointHealth);
  }

  /** {@code r} with every part that differs between copies given. */
  private TestReport(
      TestReport r,
      String authStep,
      Instant receivedAt,
      Instant remappedFrom,
      Exchange.ReceivedResponse remappedResponse,
      EndpointHealth endpointHealth) {
    this.works = r.works;
    this.headline = r.headline;
    this.reason = r.reason;
    this.retryable = r.retryable;
    this.explanation = r.explanation;
    this.hint = r.hint;
    this.message = r.message;
    this.problems = r.problems;
    this.status = r.status;
    this.exchange = r.exchange;
    this.coupons = r.coupons;
    this.warnings = r.warnings;
    this.elapsed = r.elapsed;
    this.tokenExchange = r.tokenExchange;
    this.tokenNote = r.tokenNote;
    this.authStep = authStep;
    this.receivedAt = receivedAt;
    this.remappedFrom = remappedFrom;
    this.remappedResponse = remappedResponse;
    this.timings = r.timings;
    this.endpointHealth = endpointHealth;
  }

  /** This report with what the fetcher knew of the endpoint's origin after the call. */
  TestReport endpointHealth(EndpointHealth health) {
    return new TestReport(this, authStep, receivedAt, remappedFrom, remappedResponse, health);
  }

  /**
   * What the fetcher knew of the endpoint's origin right after the call (its circuit breaker, a
   * rate limit in force), when the fetcher keeps such state; shown in {@link #toText()} when calls
   * to it are held back or it failed recently.
   */
  public Optional<EndpointHealth> endpointHealth() {
    return Optional.ofNullable(endpointHealth);
  }

  /** This report saying its response was received at {@code at}; this report if it has none. */
  TestReport receivedAt(Instant at) {
    return response().isEmpty() ? this : new TestReport(this, authStep, at, null, null);
  }

  /**
   * This report marked as re-mapped from the response received at {@code from}, showing {@code
   * response} when the report holds no exchange (a response re-mapped without its request).
   */
  TestReport remapped(Instant from, Exchange.ReceivedResponse response) {
    Exchange.ReceivedResponse lone = exchange == null ? response : null;
    return new TestReport(this, authStep, from, from, lone);
  }

  /** The exchange shown, if any: for re-mapping with the request as it was. */
  Optional<Exchange> exchange() {
    return Optional.ofNullable(exchange);
  }

  /**
   * This report labelled for {@code type}: a {@code SESSION} config's token request is its login
   * ("Login request:" in {@link #toText()}), and the note of a type that makes no request of its
   * own (an {@code HMAC} signature, a custom scheme) is "Authentication:".
   */
  TestReport forAuth(AuthType type) {
    switch (type) {
      case SESSION:
        return new TestReport(this, "Login");
      case OAUTH2:
        return this;
      default:
        return new TestReport(this, "Authentication");
    }
  }

  /** The report of a successful fetch. */
  public static TestReport success(CouponBatch batch) {
    return success(batch, List.of());
  }

  /** The report of a successful fetch, with the tester's own warnings after the batch's. */
  static TestReport success(CouponBatch batch, List<String> moreWarnings) {
    return success(batch, batch.coupons(), batch.warnings(), moreWarnings);
  }

  /**
   * The report of a successful fetch showing {@code coupons} and {@code warnings} (the batch's, as
   * the tester may show them), then the tester's own warnings.
   */
  static TestReport success(
      CouponBatch batch,
      List<Coupon> coupons,
      List<String> batchWarnings,
      List<String> moreWarnings) {
    Objects.requireNonNull(batch, "batch == null");
    List<String> warnings = new ArrayList<>(batchWarnings);
    warnings.addAll(moreWarnings);
    return new TestReport(
        true,
        WORKS,
        null,
        List.of(),
        batch.status(),
        batch.exchange(),
        coupons,
        warnings,
        batch.elapsed(),
        batch.tokenExchange(),
        batch.tokenNote(),
        batch.timings());
  }

  /** The report of a failed fetch. */
  public static TestReport failure(CouponFetchException e) {
    Objects.requireNonNull(e, "e == null");
    Exchange exchange = e.exchange().orElse(null);
    Integer status =
        e.status().isPresent()
            ? Integer.valueOf(e.status().getAsInt())
            : exchange != null && exchange.response() != null
                ? Integer.valueOf(exchange.response().status())
                : null;
    return new TestReport(
        false,
        FAILED + " " + e.getMessage(),
        e,
        e.problems(),
        status,
        exchange,
        List.of(),
        List.of(),
        null,
        e.tokenExchange().orElse(null),
        e.tokenNote().orElse(null),
        null);
  }

  /** Whether the configuration works. */
  public boolean works() {
    return works;
  }

  /** {@value #WORKS}, or {@value #FAILED} followed by what failed. */
  public String headline() {
    return headline;
  }

  /** Why it failed; empty when it works. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** What failed, naming the field or value; empty when it works. */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** Whether the same call may succeed later without changing the configuration; false if works. */
  public boolean retryable() {
    return retryable;
  }

  /**
   * A plain-language explanation of the failure (the reason's, or the failure's own where it knows
   * better); empty when it works.
   */
  public Optional<String> explanation() {
    return Optional.ofNullable(explanation);
  }

  /** A hint at the fix (the reason's, or the failure's own); empty when it works. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  /** For an invalid configuration: every problem, each naming its field. */
  public List<String> problems() {
    return problems;
  }

  /** The response's HTTP status, if a response came. */
  public Optional<Integer> status() {
    return Optional.ofNullable(status);
  }

  /** The request as sent (secrets masked), if the call got that far. */
  public Optional<Exchange.SentRequest> request() {
    return Optional.ofNullable(exchange).map(Exchange::request);
  }

  /** The response, if one came. */
  public Optional<Exchange.ReceivedResponse> response() {
    return Optional.ofNullable(exchange)
        .map(Exchange::response)
        .or(() -> Optional.ofNullable(remappedResponse));
  }

  /**
   * When the final response was received (for a re-mapped report: when the response it re-mapped
   * was received), if one was. Taken by the {@link ConfigurationTester}'s clock when the fetch
   * returned, so it includes the mapping, a fraction of a millisecond.
   */
  public Optional<Instant> receivedAt() {
    return Optional.ofNullable(receivedAt);
  }

  /**
   * For a report made by {@link ConfigurationTester#remap}: when the response it re-mapped was
   * received; empty for a report of a live call. A re-mapped report did not call the endpoint.
   */
  public Optional<Instant> remappedFrom() {
    return Optional.ofNullable(remappedFrom);
  }

  /**
   * The coupons found; empty on failure. A code equal to one of the configuration's credentials
   * shows as {@code ****} ({@link ConfigurationTester}).
   */
  public List<Coupon> coupons() {
    return coupons;
  }

  /**
   * For {@code OAUTH2}: the token request made during the test (secrets masked), if any; for {@code
   * SESSION} the login request.
   */
  public Optional<Exchange.SentRequest> tokenRequest() {
    return Optional.ofNullable(tokenExchange).map(Exchange::request);
  }

  /**
   * For {@code OAUTH2}: the token endpoint's response (token values masked), if one came; for
   * {@code SESSION} the login response.
   */
  public Optional<Exchange.ReceivedResponse> tokenResponse() {
    return Optional.ofNullable(tokenExchange).map(Exchange::response);
  }

  /**
   * For {@code OAUTH2}: where the access token came from when no token request was made, such as
   * "access token from the token store, expires at …".
   */
  public Optional<String> tokenNote() {
    return Optional.ofNullable(tokenNote);
  }

  /**
   * The request as sent, as one {@code curl} command line for a POSIX shell, secrets masked exactly
   * as {@link #request()} shows them ({@code -H 'Authorization: ****'}); empty when no request was
   * sent. Every value is single-quoted; a body keeps its line breaks.
   */
  public Optional<String> curl() {
    return request().map(CurlCommand::of);
  }

  /**
   * Where the time went: per request of the exchange (token request or login, challenge, redirects,
   * the final call) its DNS, connect, TLS, first byte and body, and the mapping; {@link
   * Timings#NONE} when nothing was measured.
   */
  public Timings timings() {
    return timings;
  }

  /** Warnings, such as dropped duplicates. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The report as text: the headline on the first line, then the details; what came from outside
   * has its control characters escaped (see the class comment).
   */
  public String toText() {
    StringBuilder s = new StringBuilder(line(headline)).append('\n');
    if (remappedFrom != null) {
      s.append("Re-mapped from the response received at ").append(remappedFrom);
      s.append("; the endpoint was not called.\n");
    }
    if (!works) {
      for (String p : problems) {
        s.append("  - ").append(line(p)).append('\n');
      }
      s.append("Reason: ").append(reason).append(" - ").append(line(explanation)).append('\n');
      s.append("How to fix: ").append(line(hint)).append('\n');
    }
    if (endpointHealth != null
        && (endpointHealth.restricted() || endpointHealth.recentFailures() > 0)) {
      s.append("Endpoint: ").append(line(endpointHealth.describe())).append('\n');
    }
    if (!coupons.isEmpty()) {
      s.append("\nCoupons (").append(coupons.size()).append("):\n");
      for (Coupon c : coupons) {
        s.append("  ").append(line(c.code()));
        c.expiry().ifPresent(x -> s.append("  expires ").append(x));
        s.append('\n');
      }
    }
    for (String w : warnings) {
      s.append("Warning: ").append(line(w)).append('\n');
    }
    if (tokenNote != null) {
      s.append('\n').append(authStep.equals("Login") ? "Session" : authStep).append(": ");
      s.append(line(tokenNote)).append('\n');
    }
    tokenRequest().ifPresent(r -> appendRequest(s, authStep + " request:", r));
    tokenResponse().ifPresent(r -> appendResponse(s, authStep + " response:", r));
    request().ifPresent(r -> appendRequest(s, "Request:", r));
    response().ifPresent(r -> appendResponse(s, "Response:", r));
    // Unindented, so that it can be copied as it is (a body's lines included).
    curl().ifPresent(c -> s.append("\ncURL: ").append(Printable.block(c)).append('\n'));
    TimingsReport.appendText(s, timings);
    return s.toString();
  }

  private static void appendRequest(StringBuilder s, String title, Exchange.SentRequest r) {
    s.append('\n').append(title).append("\n  ");
    s.append(line(r.method())).append(' ').append(line(r.uri())).append('\n');
    appendHeaders(s, r.headers());
    if (!r.body().isEmpty()) {
      s.append('\n').append(indent(r.body())).append('\n');
    }
  }

  private static void appendResponse(StringBuilder s, String title, Exchange.ReceivedResponse r) {
    s.append('\n').append(title).append("\n  HTTP ").append(r.status()).append('\n');
    appendHeaders(s, r.headers());
    s.append('\n').append(indent(r.body())).append('\n');
    if (r.truncated()) {
      s.append("  (body cut at ").append(Exchange.BODY_LIMIT).append(" characters)\n");
    }
  }

  private static void appendHeaders(StringBuilder s, List<PreparedRequest.Header> headers) {
    for (PreparedRequest.Header h : headers) {
      s.append("  ").append(line(h.name())).append(": ").append(line(h.displayValue()));
      s.append('\n');
    }
  }

  private static String indent(String text) {
    return "  " + Printable.block(text).strip().replace("\n", "\n  ");
  }

  private static String line(String text) {
    return Printable.line(text);
  }

  /** The report as a JSON object (the form of {@code test --json}). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("works", works);
    root.put("headline", headline);
    if (!works) {
      root.put("reason", reason.name());
      root.put("retryable", retryable);
      root.put("message", message);
      root.put("explanation", explanation);
      root.put("hint", hint);
      if (!problems.isEmpty()) {
        ArrayNode p = root.putArray("problems");
        problems.forEach(p::add);
      }
    }
    if (status != null) {
      root.put("status", status.intValue());
    }
    if (elapsed != null) {
      root.put("elapsedMs", elapsed.toMillis());
    }
    ArrayNode cs = root.putArray("coupons");
    for (Coupon c : coupons) {
      ObjectNode o = cs.addObject().put("code", c.code());
      if (c.expiresAt() != null) {
        o.put("expiresAt", c.expiresAt().toString());
      }
    }
    ArrayNode ws = root.putArray("warnings");
    warnings.forEach(ws::add);
    if (tokenNote != null) {
      root.put("tokenNote", tokenNote);
    }
    tokenRequest().ifPresent(r -> putRequest(root.putObject("tokenRequest"), r));
    tokenResponse().ifPresent(r -> putResponse(root.putObject("tokenResponse"), r));
    request().ifPresent(r -> putRequest(root.putObject("request"), r));
    response().ifPresent(r -> putResponse(root.putObject("response"), r));
    if (receivedAt != null) {
      root.put("receivedAt", receivedAt.toString());
    }
    if (remappedFrom != null) {
      root.put("remappedFrom", remappedFrom.toString());
    }
    curl().ifPresent(c -> root.put("curl", c));
    TimingsReport.putJson(root, timings);
    if (endpointHealth != null) {
      putHealth(root.putObject("endpoint"), endpointHealth);
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putHealth(ObjectNode o, EndpointHealth h) {
    o.put("origin", h.origin()).put("circuit", h.circuit().name());
    o.put("recentCalls", h.recentCalls()).put("recentFailures", h.recentFailures());
    o.put("windowSeconds", h.window().toSeconds());
    if (h.pausedUntil() != null) {
      o.put("pausedUntil", h.pausedUntil().toString());
    }
    if (h.rateLimitedUntil() != null) {
      o.put("rateLimitedUntil", h.rateLimitedUntil().toString());
    }
    o.put("inFlight", h.inFlight()).put("queued", h.queued());
    o.put("summary", h.describe());
  }

  private static void putRequest(ObjectNode o, Exchange.SentRequest r) {
    o.put("method", r.method()).put("uri", r.uri());
    ObjectNode h = o.putObject("headers");
    r.headers().forEach(x -> h.put(x.name(), x.displayValue()));
    o.put("body", r.body());
  }

  private static void putResponse(ObjectNode o, Exchange.ReceivedResponse r) {
    o.put("status", r.status());
    ObjectNode h = o.putObject("headers");
    r.headers().forEach(x -> h.put(x.name(), x.displayValue()));
    o.put("body", r.body());
    o.put("truncated", r.truncated());
  }

  /** Same as {@link #toText()}. */
  @Override
  public String toString() {
    return toText();
  }
}
