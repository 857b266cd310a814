package dev.couponfetch.internal.http;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.Reason;

/**
 * The failure for a final answer that is not 2xx, described by the status's class: 401 and 403
 * {@code UNAUTHORIZED}, 429 {@code RATE_LIMITED}, other 4xx {@code HTTP_ERROR}, 5xx {@code
 * SERVER_ERROR}; a 3xx that was not followed {@code HTTP_ERROR}; a 1xx as the final answer {@code
 * SERVER_ERROR}, not retryable; a status outside 100 to 599 {@code SERVER_ERROR}, as RFC 9110
 * (section 15) says to treat it. Pure and stateless: the transport adds where a redirect led.
 */
public final class HttpStatusFailure {
  /** The explanation of a 1xx as the final answer. */
  public static final String INFORMATIONAL_EXPLANATION =
      "The endpoint answered with an informational status (HTTP 1xx) instead of a final answer.";

  /** The hint for a 1xx as the final answer. */
  public static final String INFORMATIONAL_HINT =
      "Check the endpoint URL: the endpoint must answer the request itself (2xx). HTTP 101 means"
          + " it wants to switch to another protocol (such as WebSocket), which a coupon API does"
          + " not need.";

  /** How many characters of the body a failure quotes. */
  public static final int EXCERPT = 200;

  private static final String REDIRECT_EXPLANATION =
      "The endpoint answered with a redirect (HTTP 3xx) that was not followed.";
  private static final String REDIRECT_HINT =
      "Set the endpoint to the URL the endpoint redirects to (its Location header, shown above):"
          + " a redirect to another origin is not followed while the request carries credentials.";
  private static final String NONSTANDARD_HINT =
      "Check the endpoint URL. A status outside 100 to 599 usually comes from a proxy, a firewall"
          + " or bot protection in front of the endpoint, or from its own error handling: ask the"
          + " merchant what it means.";

  private HttpStatusFailure() {}

  /**
   * The failure for a response that is not 2xx.
   *
   * @param uri the request's URL, secrets masked
   * @param body the body as text, secrets already redacted
   * @param redirectNote for a 3xx: what became of the redirect, such as {@code " (redirect to … not
   *     followed…)"}; null for the plain {@code " (a redirect that was not followed)"}
   */
  public static CouponFetchException of(
      int status, String uri, String body, Exchange exchange, String redirectNote) {
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
      m.append(redirectNote == null ? " (a redirect that was not followed)" : redirectNote);
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
    String excerpt = excerpt(body);
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

  /** The first {@value #EXCERPT} characters of {@code text} on one line. */
  public static String excerpt(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
  }
}
