package dev.couponfetch.httpclient;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.guard.BlockedAddressException;
import dev.couponfetch.httpclient.tls.TlsFailures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.net.NamedEndpoint;

/**
 * Turns what went wrong into a {@link CouponFetchException} whose message a merchant can act on.
 *
 * <p>Messages are written here, from the masked URL; messages of HttpClient and the JDK are only
 * quoted after {@link Redactor} masked the request's secrets, since some (an unreadable URL, for
 * one) quote the full URL with its query. A cause is attached only when its messages hold no
 * secret.
 */
final class Failures {
  /** How much of an error body the message quotes. */
  static final int EXCERPT = 200;

  private Failures() {}

  /** The failure for a response that is not 2xx. */
  static CouponFetchException forStatus(
      int status, String uri, ResponseReader.Body body, Exchange exchange, Redactor redactor) {
    Reason reason;
    if (status == 401 || status == 403) {
      reason = Reason.UNAUTHORIZED;
    } else if (status == 429) {
      reason = Reason.RATE_LIMITED;
    } else if (status >= 500 && status < 600) {
      reason = Reason.SERVER_ERROR;
    } else {
      // Other 4xx; also a 3xx that was not followed, and anything outside the HTTP ranges.
      reason = Reason.HTTP_ERROR;
    }
    StringBuilder m = new StringBuilder("HTTP ").append(status).append(" from ").append(uri);
    if (Redirects.isFollowable(status)) {
      m.append(redirectNote(exchange));
    }
    String excerpt = excerpt(redactor.redact(body.text()));
    if (!excerpt.isEmpty()) {
      m.append(": ").append(excerpt);
    }
    return CouponFetchException.builder(reason, m.toString())
        .status(status)
        .exchange(exchange)
        .build();
  }

  /** A 2xx whose {@code auth.tokenExpiredPath} says the access token expired. */
  static CouponFetchException tokenExpiredInBody(
      CouponSourceConfig config, int status, String uri, Exchange exchange) {
    return CouponFetchException.builder(
            Reason.UNAUTHORIZED,
            "HTTP "
                + status
                + " from "
                + uri
                + " says the access token expired (auth.tokenExpiredPath '"
                + config.auth().tokenExpiredPath()
                + "')")
        .status(status)
        .exchange(exchange)
        .build();
  }

  private static String redirectNote(Exchange exchange) {
    String location =
        exchange.response().headers().stream()
            .filter(h -> h.name().equalsIgnoreCase("Location"))
            .map(PreparedRequest.Header::value)
            .findFirst()
            .orElse(null);
    if (location == null) {
      return " (a redirect without a Location)";
    }
    // Only the origin: the rest of a Location may echo the request's query.
    String origin;
    try {
      URI l = URI.create(location.trim());
      origin = l.getHost() == null ? "the same host" : l.getScheme() + "://" + l.getRawAuthority();
    } catch (IllegalArgumentException e) {
      origin = "an unreadable location";
    }
    return " (redirect to "
        + origin
        + " not followed: redirects to another origin are refused while the request carries"
        + " credentials)";
  }

  /** The body's first {@value #EXCERPT} characters on one line. */
  static String excerpt(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
  }

  /**
   * The failure for an I/O error while connecting, sending or receiving.
   *
   * @param partial the response whose body was being read when it failed, or null
   */
  static CouponFetchException forIo(
      IOException e,
      PreparedRequest req,
      Timeouts timeouts,
      Exchange.SentRequest sent,
      Exchange.ReceivedResponse partial,
      Redactor redactor) {
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
    if (e instanceof ConnectionRequestTimeoutException) {
      reason = Reason.TIMEOUT;
      message =
          "No free connection to "
              + hostPort
              + " within "
              + timeouts.connect().toMillis()
              + " ms (timeouts.connectMs): too many fetches to this host at once";
    } else if (e instanceof ConnectTimeoutException) {
      reason = Reason.TIMEOUT;
      message =
          "Connecting to "
              + hostPort
              + " timed out after "
              + timeouts.connect().toMillis()
              + " ms (timeouts.connectMs)";
    } else if (e instanceof SocketTimeoutException && partial != null) {
      reason = Reason.TIMEOUT;
      message =
          "The response body from "
              + sent.uri()
              + " stalled for more than "
              + timeouts.response().toMillis()
              + " ms (timeouts.responseMs)";
    } else if (e instanceof SocketTimeoutException) {
      reason = Reason.TIMEOUT;
      message =
          "No response from "
              + sent.uri()
              + " within "
              + timeouts.response().toMillis()
              + " ms (timeouts.responseMs)";
    } else if (e instanceof BlockedAddressException) {
      // Thrown by the network guard's resolver, before any socket was opened.
      reason = Reason.BLOCKED_ADDRESS;
      message = "Refused to connect to " + hostPort + ": " + e.getMessage();
    } else if (e instanceof UnknownHostException) {
      reason = Reason.CONNECT_FAILED;
      message = "Unknown host " + hostPort + ": the name does not resolve";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      reason = Reason.CONNECT_FAILED;
      message = "Could not connect to " + hostPort + ": " + rootMessage(e, redactor);
    } else if (e instanceof SSLException) {
      reason = Reason.TLS_FAILED;
      String why = TlsFailures.describe((SSLException) e, uri.getHost());
      message = "The TLS connection to " + hostPort + " failed: " + redactor.redact(why);
    } else if (e instanceof ResponseReader.Truncated) {
      // Reason stays CONNECT_FAILED (the list is fixed), but the message says what happened.
      ResponseReader.Truncated t = (ResponseReader.Truncated) e;
      reason = Reason.CONNECT_FAILED;
      message =
          "The connection to "
              + hostPort
              + " closed before the whole response arrived ("
              + (t.expected() >= 0
                  ? t.received() + " of " + t.expected() + " bytes"
                  : "after " + t.received() + " bytes of the body")
              + "): the server stopped sending in the middle of the body";
    } else if (e instanceof MalformedChunkCodingException) {
      // Broken chunk framing is the server's HTTP being wrong, not the network failing (a body cut
      // off mid-chunk is Truncated, above): asking again will not help.
      reason = Reason.HTTP_ERROR;
      message =
          "The response body from "
              + sent.uri()
              + " is not valid HTTP (broken chunked encoding): "
              + excerpt(rootMessage(e, redactor));
    } else if (e instanceof NoHttpResponseException) {
      // Also what bytes that are not HTTP at all end in: HttpClient skips them looking for a
      // status line until the connection closes.
      reason = Reason.CONNECT_FAILED;
      message =
          "The server at "
              + hostPort
              + " closed the connection without sending an HTTP response; another try may work";
    } else if (e instanceof ClientProtocolException) {
      // The server's answer broke HTTP (a bad status line or header): asking again will not help.
      reason = Reason.HTTP_ERROR;
      message =
          "The response from " + sent.uri() + " is not valid HTTP: " + rootMessage(e, redactor);
    } else if (Thread.currentThread().isInterrupted()) {
      reason = Reason.CONNECT_FAILED;
      retryable = Boolean.FALSE;
      message = "The fetch from " + sent.uri() + " was interrupted";
    } else {
      // Reset, closed early, truncated chunk...: no Reason fits better, and another try may work.
      reason = Reason.CONNECT_FAILED;
      message =
          "The connection to "
              + hostPort
              + " was closed before a complete response arrived: "
              + rootMessage(e, redactor);
    }
    CouponFetchException.Builder b =
        CouponFetchException.builder(reason, message).exchange(new Exchange(sent, partial));
    if (partial != null) {
      b.status(partial.status());
    }
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
}
