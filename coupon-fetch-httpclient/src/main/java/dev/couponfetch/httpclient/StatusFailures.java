package dev.couponfetch.httpclient;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.internal.http.HttpStatusFailure;
import dev.couponfetch.internal.text.Redactor;
import java.net.URI;
import java.util.Locale;

/**
 * The failure for a final answer that is not 2xx: core's {@link HttpStatusFailure} (shared with
 * re-mapping a stored response), with where a 3xx that was not followed leads. Stateless.
 */
final class StatusFailures {
  static final String INFORMATIONAL_EXPLANATION = HttpStatusFailure.INFORMATIONAL_EXPLANATION;
  static final String INFORMATIONAL_HINT = HttpStatusFailure.INFORMATIONAL_HINT;

  private StatusFailures() {}

  /** The failure for a response that is not 2xx. */
  static CouponFetchException of(
      int status, String uri, ResponseReader.Body body, Exchange exchange, Redactor redactor) {
    String redirectNote = null;
    if (status >= 300 && status < 400) {
      redirectNote =
          Redirects.isFollowable(status)
              ? redirectNote(uri, exchange)
              : " (a redirect status that is not followed)";
    }
    return HttpStatusFailure.of(status, uri, redactor.redact(body.text()), exchange, redirectNote);
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
