package dev.couponfetch.httpclient;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.guard.BlockedAddressException;
import dev.couponfetch.httpclient.internal.RequestClock;
import dev.couponfetch.httpclient.tls.TlsFailures;
import dev.couponfetch.internal.http.HttpStatusFailure;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.net.NamedEndpoint;

/**
 * Turns what went wrong into a {@link CouponFetchException} whose message a merchant can act on.
 *
 * <p>Messages are written here, from the masked URL; messages of HttpClient and the JDK are only
 * quoted after {@link Redactor} masked the request's secrets, since some (an unreadable URL, for
 * one) quote the full URL with its query. A cause is attached only when its messages hold no
 * secret.
 *
 * <ul>
 *   <li>A status is described by its class ({@link StatusFailures}).
 *   <li>An answer that is not valid HTTP (a non-HTTP preamble, a broken status line or header, too
 *       many headers, an endless header line, broken chunks) is {@code SERVER_ERROR}, not retryable
 *       ({@link BrokenHttp}); so is a 101 protocol switch.
 *   <li>A request that reached the server and got no usable answer (closed, reset, cut short, no
 *       answer in time) may have created a coupon: when the fetch may not send it again (a POST
 *       without {@code retryPost}) the failure says so and is not retryable.
 * </ul>
 */
final class Failures {
  /** How much of an error body the message quotes. */
  static final int EXCERPT = HttpStatusFailure.EXCERPT;

  private static final String CLOSED_EXPLANATION =
      "The connection closed after the request was sent, before a complete answer arrived.";
  private static final String CLOSED_HINT =
      "Try again; if it keeps happening, the endpoint (or a proxy in front of it) is dropping"
          + " requests: ask the merchant to check its logs.";
  static final String MAY_HAVE_MINTED =
      "; the request had reached the endpoint, which may have created a coupon that was not"
          + " received, so the POST is not sent again (retryPost is off)";
  static final String MINTED_HINT =
      "Check with the merchant whether the endpoint created a coupon for this call before trying"
          + " again: another POST may create a second coupon. Set retryPost only if the endpoint"
          + " never creates two coupons for a repeated request.";

  private Failures() {}

  /** The failure for a response that is not 2xx: see {@link StatusFailures}. */
  static CouponFetchException forStatus(
      int status, String uri, ResponseReader.Body body, Exchange exchange, Redactor redactor) {
    return StatusFailures.of(status, uri, body, exchange, redactor);
  }

  /**
   * A 2xx whose body says the credentials were refused: the authenticator asked to renew them
   * ({@code OAUTH2}: {@code auth.tokenExpiredPath} says the access token expired).
   */
  static CouponFetchException refusedInBody(
      CouponSourceConfig config, int status, String uri, Exchange exchange) {
    String path = config.auth().tokenExpiredPath();
    String says =
        path == null
            ? " says the credentials were refused (auth scheme '" + config.auth().scheme() + "')"
            : " says the access token expired (auth.tokenExpiredPath '" + path + "')";
    return CouponFetchException.builder(
            Reason.UNAUTHORIZED, "HTTP " + status + " from " + uri + says)
        .status(status)
        .exchange(exchange)
        .build();
  }

  /** The body's first {@value #EXCERPT} characters on one line. */
  static String excerpt(String text) {
    return HttpStatusFailure.excerpt(text);
  }

  /**
   * The failure for an I/O error while connecting, sending or receiving.
   *
   * @param partial the response whose body was being read when it failed, or null
   * @param mayResend whether the fetch's request may be sent again ({@link Retries#mayResend}): if
   *     not, a failure after the request reached the server says that a coupon may have been
   *     created, and is not retryable
   */
  static CouponFetchException forIo(
      IOException e,
      PreparedRequest req,
      Timeouts timeouts,
      Exchange.SentRequest sent,
      Exchange.ReceivedResponse partial,
      Redactor redactor,
      boolean mayResend,
      RequestClock.Phase phase) {
    URI uri = req.uri();
    int port =
        uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    // The host that failed, which after a redirect may not be the endpoint's.
    NamedEndpoint failed =
        e instanceof HttpHostConnectException
            ? ((HttpHostConnectException) e).getHost()
            : e instanceof ConnectTimeoutException ? ((ConnectTimeoutException) e).getHost() : null;
    String hostPort =
        failed != null && failed.getPort() >= 0
            ? failed.getHostName() + ":" + failed.getPort()
            : uri.getHost() + ":" + port;
    Reason reason;
    String message;
    Boolean retryable = null;
    String explanation = null;
    String hint = null;
    int status = partial != null ? partial.status() : 0;
    // Whether the request reached the server, which may have acted on it.
    boolean reached = true;
    if (e instanceof ConnectionRequestTimeoutException) {
      reached = false;
      reason = Reason.TIMEOUT;
      message =
          "No free connection to "
              + hostPort
              + " within "
              + timeouts.connect().toMillis()
              + " ms (timeouts.connectMs): too many fetches to this host at once";
    } else if (e instanceof SocketTimeoutException && phase == RequestClock.Phase.TLS) {
      reached = false;
      reason = Reason.TIMEOUT;
      message =
          "The TLS connection to "
              + hostPort
              + " timed out: TLS handshake did not finish within "
              + ms(timeouts.connect())
              + " ms (timeouts.connectMs)";
    } else if (e instanceof ConnectTimeoutException
        || (e instanceof SocketTimeoutException && phase == RequestClock.Phase.CONNECT)) {
      reached = false;
      reason = Reason.TIMEOUT;
      message =
          "Connecting to "
              + hostPort
              + " timed out: connect did not finish within "
              + ms(timeouts.connect())
              + " ms (timeouts.connectMs)";
    } else if (e instanceof SocketTimeoutException && partial != null) {
      reason = Reason.TIMEOUT;
      message =
          "The response body from "
              + sent.uri()
              + " stalled for more than "
              + ms(timeouts.response())
              + " ms (timeouts.responseMs)";
    } else if (e instanceof SocketTimeoutException) {
      reason = Reason.TIMEOUT;
      message =
          "No response from "
              + sent.uri()
              + ": no first byte after "
              + ms(timeouts.response())
              + " ms (timeouts.responseMs)";
    } else if (e instanceof BlockedAddressException) {
      // Thrown by the network guard's resolver, before any socket was opened.
      reached = false;
      reason = Reason.BLOCKED_ADDRESS;
      message = "Refused to connect to " + hostPort + ": " + e.getMessage();
    } else if (e instanceof UnknownHostException) {
      reached = false;
      reason = Reason.CONNECT_FAILED;
      message = "Unknown host " + hostPort + ": the name does not resolve";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      reached = false;
      reason = Reason.CONNECT_FAILED;
      message = "Could not connect to " + hostPort + ": " + rootMessage(e, redactor);
    } else if (e instanceof SSLException) {
      // A handshake failure, before the request was sent.
      reached = false;
      reason = Reason.TLS_FAILED;
      String why = TlsFailures.describe((SSLException) e, uri.getHost());
      message = "The TLS connection to " + hostPort + " failed: " + redactor.redact(why);
    } else if (e instanceof ResponseReader.Truncated) {
      ResponseReader.Truncated t = (ResponseReader.Truncated) e;
      reason = Reason.CONNECT_FAILED;
      explanation = CLOSED_EXPLANATION;
      hint = CLOSED_HINT;
      message =
          "The connection to "
              + hostPort
              + " closed before the whole response arrived ("
              + (t.expected() >= 0
                  ? t.received() + " of " + t.expected() + " bytes"
                  : "after " + t.received() + " bytes of the body")
              + "): the server stopped sending in the middle of the body";
    } else if (BrokenHttp.is(e)) {
      // The server's answer broke HTTP: asking again will not help.
      reason = Reason.SERVER_ERROR;
      retryable = Boolean.FALSE;
      explanation = BrokenHttp.EXPLANATION;
      hint = BrokenHttp.HINT;
      message =
          "The response from "
              + sent.uri()
              + " is not valid HTTP: "
              + BrokenHttp.describe(e, redactor);
    } else if (BrokenHttp.switchedProtocols(e)) {
      reason = Reason.SERVER_ERROR;
      retryable = Boolean.FALSE;
      explanation = StatusFailures.INFORMATIONAL_EXPLANATION;
      hint = StatusFailures.INFORMATIONAL_HINT;
      status = 101;
      message =
          "HTTP 101 from "
              + sent.uri()
              + " (Switching Protocols): the endpoint wants to switch to another protocol instead"
              + " of answering";
    } else if (e instanceof NoHttpResponseException) {
      reason = Reason.CONNECT_FAILED;
      explanation = CLOSED_EXPLANATION;
      hint = CLOSED_HINT;
      message =
          "The server at "
              + hostPort
              + " closed the connection without sending an HTTP response"
              + (mayResend ? "; another try may work" : "");
    } else if (Thread.currentThread().isInterrupted()) {
      reason = Reason.CONNECT_FAILED;
      retryable = Boolean.FALSE;
      message = "The fetch from " + sent.uri() + " was interrupted";
    } else {
      // Reset, closed early, truncated chunk...: no Reason fits better, and another try may work.
      reason = Reason.CONNECT_FAILED;
      explanation = CLOSED_EXPLANATION;
      hint = CLOSED_HINT;
      message =
          "The connection to "
              + hostPort
              + " was closed before a complete response arrived: "
              + rootMessage(e, redactor);
    }
    if (reached && !mayResend) {
      message += MAY_HAVE_MINTED;
      retryable = Boolean.FALSE;
      hint = reason == Reason.SERVER_ERROR ? hint : MINTED_HINT;
    }
    CouponFetchException.Builder b =
        CouponFetchException.builder(reason, message)
            .exchange(new Exchange(sent, partial))
            .status(status)
            .explanation(explanation)
            .hint(hint);
    if (retryable != null) {
      b.retryable(retryable);
    }
    if (!redactor.reveals(e)) {
      b.cause(e);
    }
    return b.build();
  }

  /**
   * The failure for a redirect {@link Redirects} refused to follow.
   *
   * @param uri the masked URL of the fetch's first request
   */
  static CouponFetchException redirectRefused(
      String uri, String refusal, int status, Exchange exchange) {
    return CouponFetchException.builder(
            Reason.HTTP_ERROR, "Redirects from " + uri + " were not followed: " + refusal)
        .status(status)
        .exchange(exchange)
        .build();
  }

  /** The innermost message, for example "Connection refused", with secrets masked. */
  private static String rootMessage(Throwable e, Redactor redactor) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    if (root instanceof HttpHostConnectException && m != null && m.contains("failed: ")) {
      // "Connect to http://host:port [addresses] failed: Connection refused": the host is named
      // by our message already.
      return redactor.redact(m.substring(m.lastIndexOf("failed: ") + "failed: ".length()));
    }
    if (m == null || m.isBlank()) {
      m = root.getClass().getSimpleName();
    } else if (!root.getClass().getName().startsWith("java.")) {
      m = root.getClass().getSimpleName() + ": " + m;
    }
    return redactor.redact(m);
  }

  /** Whole milliseconds, thousands grouped: {@code 10,000}. */
  static String ms(java.time.Duration d) {
    return String.format(java.util.Locale.ROOT, "%,d", d.toMillis());
  }
}
