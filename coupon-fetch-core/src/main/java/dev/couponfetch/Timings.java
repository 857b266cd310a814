package dev.couponfetch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the time of one fetch went: per request of the exchange (a token request or login, a Digest
 * challenge, redirects, the final call) its DNS lookup, connect, TLS handshake, time to the first
 * byte of the response and body read, and the mapping of the answer. Immutable and thread-safe.
 *
 * <p>A phase that did not happen, or was not measured, is null: a reused pooled connection has no
 * DNS, connect or TLS; on the async transport the connection's phases are not seen (the time to the
 * first byte then includes them). Durations are measured with {@link System#nanoTime()}.
 *
 * @param requests the requests in the order they were sent (retries included)
 * @param mapping the time the mapping of the answer took, or null when there was no mapping
 */
public record Timings(List<Request> requests, Duration mapping) {
  /** No request timed, no mapping. */
  public static final Timings NONE = new Timings(List.of(), null);

  /** Copies the list. */
  public Timings {
    requests = List.copyOf(requests);
  }

  /** What a request was for. */
  public enum Step {
    /** An OAuth2 token request. */
    TOKEN_REQUEST("token request"),
    /** A {@code SESSION} login. */
    LOGIN("login"),
    /** A request answered by a challenge (Digest's first 401), sent again with the answer. */
    CHALLENGE("challenge"),
    /** A request answered by a redirect that was followed. */
    REDIRECT("redirect"),
    /** The request whose answer ended the attempt. */
    REQUEST("request");

    private final String label;

    Step(String label) {
      this.label = label;
    }

    /** How the report names it: {@code "token request"}, {@code "redirect"}, …. */
    public String label() {
      return label;
    }
  }

  /**
   * The phases of one request; each duration null when it did not happen or was not measured.
   *
   * @param step what the request was for
   * @param method {@code GET} or {@code POST}
   * @param uri the URL with sensitive query values masked; null in a {@link FetchEvent}
   * @param reused true when it went over a pooled connection (no DNS, connect or TLS), false when
   *     it opened one, null when unknown (the async transport)
   * @param dns the name lookup
   * @param connect the TCP connect
   * @param tls the TLS handshake
   * @param firstByte from the connection being ready (or the request being started, when unknown)
   *     to the response's status line and headers
   * @param body reading the body
   */
  public record Request(
      Step step,
      String method,
      String uri,
      Boolean reused,
      Duration dns,
      Duration connect,
      Duration tls,
      Duration firstByte,
      Duration body) {
    /** Checks the step and method are present. */
    public Request {
      java.util.Objects.requireNonNull(step, "step == null");
      java.util.Objects.requireNonNull(method, "method == null");
    }

    /** This request without its URL. */
    public Request withoutUri() {
      return new Request(step, method, null, reused, dns, connect, tls, firstByte, body);
    }

    /** This request as made for {@code step}. */
    public Request as(Step step) {
      return new Request(step, method, uri, reused, dns, connect, tls, firstByte, body);
    }

    /**
     * The phases in words: {@code DNS 1.2 ms, connect 0.8 ms, TLS 5.1 ms, first byte 12.0 ms, body
     * 0.3 ms}, those not measured left out ({@code reused connection} instead when it was).
     */
    public String phasesText() {
      StringBuilder s = new StringBuilder();
      if (Boolean.TRUE.equals(reused)) {
        s.append("reused connection");
      }
      append(s, "DNS", dns);
      append(s, "connect", connect);
      append(s, "TLS", tls);
      append(s, "first byte", firstByte);
      append(s, "body", body);
      return s.toString();
    }

    private static void append(StringBuilder s, String name, Duration d) {
      if (d != null) {
        s.append(s.length() == 0 ? "" : ", ").append(name).append(' ').append(ms(d)).append(" ms");
      }
    }
  }

  /** The mapping's time, if there was one. */
  public Optional<Duration> mappingTime() {
    return Optional.ofNullable(mapping);
  }

  /** These timings without any URL (for a {@link FetchEvent}). */
  public Timings withoutUris() {
    return new Timings(requests.stream().map(Request::withoutUri).toList(), mapping);
  }

  /** These timings after {@code first} (a token request or login made for this fetch). */
  public Timings after(List<Request> first) {
    if (first.isEmpty()) {
      return this;
    }
    List<Request> all = new java.util.ArrayList<>(first);
    all.addAll(requests);
    return new Timings(all, mapping);
  }

  /** {@code d} in milliseconds with one decimal, as reports show it ({@code 12.0}). */
  public static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.1f", millis(d));
  }

  /** {@code d} in milliseconds rounded to one decimal. */
  public static double millis(Duration d) {
    return Math.round(d.toNanos() / 100_000.0) / 10.0;
  }
}
