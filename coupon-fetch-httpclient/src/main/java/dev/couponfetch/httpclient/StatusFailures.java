package dev.couponfetch.httpclient;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.internal.text.Redactor;
import java.net.URI;
import java.util.Locale;

/**
 * The failure for a final answer that is not 2xx, described by the status's class: 401 and 403
 * {@code UNAUTHORIZED}, 429 {@code RATE_LIMITED}, other 4xx {@code HTTP_ERROR}, 5xx {@code
 * SERVER_ERROR}; a 3xx that was not followed {@code HTTP_ERROR}, saying so and where it led; a 1xx
 * as the final answer {@code SERVER_ERROR}, not retryable; a status outside 100 to 599 {@code
 * SERVER_ERROR}, as RFC 9110 (section 15) says to treat it. Stateless.
 */
final class StatusFailures {
  static final String INFORMATIONAL_EXPLANATION =
      "The endpoint answered with an informational status (HTTP 1xx) instead of a final answer.";
  static final String INFORMATIONAL_HINT =
      "Check the endpoint URL: the endpoint must answer the request itself (2xx). HTTP 101 means"
          + " it wants to switch to another protocol (such as WebSocket), which a coupon API does"
          + " not need.";
  private static final String REDIRECT_EXPLANATION =
      "The endpoint answered with a redirect (HTTP 3xx) that was not followed.";
  private static final String REDIRECT_HINT =
      "Set the endpoint to the URL the endpoint redirects to (its Location header, shown above):"
          + " a redirect to another origin is not followed while the request carries credentials.";
  private static final String NONSTANDARD_HINT =
      "Check the endpoint URL. A status outside 100 to 599 usually comes from a proxy, a firewall"
          + " or bot protection in front of the endpoint, or from its own error handling: ask the"
          + " merchant what it means.";

  private StatusFailures() {}

  /** The failure for a response that is not 2xx. */
  static CouponFetchException of(
      int status, String uri, ResponseReader.Body body, Exchange exchange, Redactor redactor) {
    StringBuilder m = new StringBuilder("HTTP ").append(status).append(" from ").append(uri);
    Reason reason;
    String explanation = null;
    String hint = null;
    if (status == 401 || status == 403) {
      reason = Reason.UNAUTHORIZED;
    } else if (status == 429) {
      reason = Reason.RATE_LIMITED;
    } else if (status >= 400 && status < 500) {
      reason = Reason.HTTP_ERROR;
    } else if (status >= 500 && status < 600) {
      reason = Reason.SERVER_ERROR;
    } else if (status >= 300 && status < 400) {
      reason = Reason.HTTP_ERROR;
      explanation = REDIRECT_EXPLANATION;
      hint = REDIRECT_HINT;
      m.append(
          Redirects.isFollowable(status)
              ? redirectNote(uri, exchange)
              : " (a redirect status that is not followed)");
    } else if (status >= 100 && status < 200) {
      reason = Reason.SERVER_ERROR;
      explanation = INFORMATIONAL_EXPLANATION;
      hint = INFORMATIONAL_HINT;
      m.append(" (an informational status, not an answer)");
    } else {
      reason = Reason.SERVER_ERROR;
      explanation =
          "The endpoint answered with HTTP "
              + status
              + ", which is not a standard status (those are 100 to 599); it counts as a server"
              + " error (RFC 9110, section 15).";
      hint = NONSTANDARD_HINT;
      m.append(" (not a standard HTTP status)");
    }
    String excerpt = Failures.excerpt(redactor.redact(body.text()));
    if (!excerpt.isEmpty()) {
      m.append(": ").append(excerpt);
    }
    CouponFetchException.Builder b =
        CouponFetchException.builder(reason, m.toString())
            .status(status)
            .exchange(exchange)
            .explanation(explanation)
            .hint(hint);
    if (status >= 100 && status < 200) {
      b.retryable(false);
    }
    return b.build();
  }

  /**
   * Where a redirect that was not followed leads: only the origin (the rest of a {@code Location}
   * may echo the request's query, its userinfo a password), resolved against {@code uri}, the
   * request's (masked) URL, as RFC 3986 says ({@code //host/x} keeps the request's scheme).
   */
  private static String redirectNote(String uri, Exchange exchange) {
    String location =
        exchange.response().headers().stream()
            .filter(h -> h.name().equalsIgnoreCase("Location"))
            .map(PreparedRequest.Header::value)
            .findFirst()
            .orElse(null);
    if (location == null) {
      return " (a redirect without a Location)";
    }
    URI target;
    try {
      target = Redirects.resolve(URI.create(uri), location);
    } catch (IllegalArgumentException e) {
      target = null;
    }
    return " (redirect to "
        + (target == null ? "a location that is not an http or https URL" : origin(target))
        + " not followed: redirects to another origin are refused while the request carries"
        + " credentials)";
  }

  /** {@code scheme://host[:port]} of {@code uri}: never its userinfo. */
  static String origin(URI uri) {
    String host = uri.getHost();
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + host
        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
  }
}
