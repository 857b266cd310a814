package dev.couponfetch.httpclient.oauth;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.guard.BlockedAddressException;
import dev.couponfetch.httpclient.internal.CredentialRequests;
import dev.couponfetch.httpclient.tls.TlsFailures;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * The {@code OAUTH_TOKEN_FAILED} failures of a token request that got no usable answer (a refused
 * address is {@code BLOCKED_ADDRESS}, a failed TLS handshake {@code TLS_FAILED}). Messages name the
 * token URL and what went wrong, never a secret; a cause is attached only when its messages hold
 * none.
 */
final class TokenFailures {
  private static final int EXCERPT = 200;

  private TokenFailures() {}

  static CouponFetchException io(
      IOException e, URI tokenUrl, Timeouts timeouts, Exchange exchange, Redactor redactor) {
    if (e instanceof BlockedAddressException) {
      // The guard's refusal keeps its own Reason: no token endpoint setting will make it work.
      return CouponFetchException.builder(
              Reason.BLOCKED_ADDRESS,
              "The token endpoint " + tokenUrl + " was not contacted: " + e.getMessage())
          .tokenExchange(exchange)
          .build();
    }
    if (e instanceof SSLException) {
      String why = TlsFailures.describe((SSLException) e, tokenUrl.getHost());
      return CouponFetchException.builder(
              Reason.TLS_FAILED,
              "The TLS connection to the token endpoint "
                  + tokenUrl
                  + " failed: "
                  + redactor.redact(why))
          .tokenExchange(exchange)
          .build();
    }
    String what;
    boolean retryable = true;
    if (e instanceof ConnectionRequestTimeoutException) {
      what =
          "no free connection within " + timeouts.connect().toMillis() + " ms (timeouts.connectMs)";
    } else if (e instanceof ConnectTimeoutException) {
      what = "connecting timed out after " + timeouts.connect().toMillis() + " ms";
    } else if (e instanceof SocketTimeoutException) {
      what = "no answer within " + timeouts.response().toMillis() + " ms (timeouts.responseMs)";
    } else if (e instanceof UnknownHostException) {
      what = "unknown host " + tokenUrl.getHost();
    } else if (e instanceof ConnectException) {
      what = "could not connect (" + redactor.redact(e.getMessage()) + ")";
    } else if (e instanceof CredentialRequests.DeadlineException) {
      what = e.getMessage();
    } else if (e instanceof CredentialRequests.TooLargeException) {
      what = e.getMessage();
      retryable = false;
    } else {
      what =
          "the connection failed ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + redactor.redact(e.getMessage()))
              + ")";
    }
    return CredentialRequests.failure(
        Reason.OAUTH_TOKEN_FAILED,
        "The token endpoint " + tokenUrl + ": " + what,
        retryable,
        e,
        exchange,
        redactor);
  }

  /** A 5xx, 3xx or other answer that is not an OAuth error. */
  static CouponFetchException status(
      int status, URI tokenUrl, TokenHttp.Response response, Exchange exchange, Redactor redactor) {
    String excerpt = excerpt(redactor.redact(response.body()));
    String note =
        status >= 300 && status < 400 ? " (a redirect; token requests do not follow)" : "";
    return CouponFetchException.builder(
            Reason.OAUTH_TOKEN_FAILED,
            "The token endpoint "
                + tokenUrl
                + " answered HTTP "
                + status
                + note
                + (excerpt.isEmpty() ? "" : ": " + excerpt))
        .status(status)
        .retryable(status >= 500)
        .tokenExchange(exchange)
        .build();
  }

  /** An answer Nimbus cannot read as a token response (HTML, broken JSON, no access_token). */
  static CouponFetchException unreadable(
      int status, URI tokenUrl, TokenHttp.Response response, Exchange exchange, Redactor redactor) {
    String type = response.contentType() == null ? "no content type" : response.contentType();
    return CouponFetchException.builder(
            Reason.OAUTH_TOKEN_FAILED,
            "The token endpoint "
                + tokenUrl
                + " answered HTTP "
                + status
                + " with a body that is not a token response ("
                + type
                + "): "
                + excerpt(redactor.redact(response.body())))
        .status(status)
        .tokenExchange(exchange)
        .build();
  }

  /**
   * A JSON answer without a token where the config looks for it: the message names the path and the
   * keys that are there, the hint the field to set.
   */
  static CouponFetchException notStandard(int status, URI tokenUrl, String why, Exchange exchange) {
    return CouponFetchException.builder(
            Reason.OAUTH_TOKEN_FAILED,
            "The token endpoint " + tokenUrl + " answered HTTP " + status + ", but " + why)
        .status(status)
        .explanation("The token endpoint answered, but not where coupon-fetch reads the tokens.")
        .hint(
            "Look at the token response below and set auth.accessTokenPath (and expiresInPath,"
                + " refreshTokenPath) to where this provider puts them: for"
                + " {\"data\":{\"token\":\"…\"}} that is data.token.")
        .tokenExchange(exchange)
        .build();
  }

  private static String excerpt(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
  }
}
