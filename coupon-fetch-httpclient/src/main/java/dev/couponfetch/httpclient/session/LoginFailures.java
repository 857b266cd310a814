package dev.couponfetch.httpclient.session;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.guard.BlockedAddressException;
import dev.couponfetch.httpclient.internal.CredentialRequests;
import dev.couponfetch.httpclient.tls.TlsFailures;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * The failures of a {@code SESSION} login, with the reasons a coupon request's would have: a
 * refused address {@code BLOCKED_ADDRESS}, a failed handshake {@code TLS_FAILED}, timeouts {@code
 * TIMEOUT}, no connection {@code CONNECT_FAILED}; a login that refuses the credentials (401, 403)
 * or answers without a token {@code UNAUTHORIZED}, pointing at {@code auth.login}. Messages name
 * the login URL and what went wrong, never a secret; each carries the login exchange (masked).
 */
final class LoginFailures {
  private static final String PAYLOAD_HINT =
      "Check auth.login.payload (and auth.login.headers): the login URL did not accept these"
          + " credentials. The login request and response are shown in Test Configuration.";

  private LoginFailures() {}

  static CouponFetchException io(
      IOException e, LoginConfig login, Timeouts timeouts, Exchange exchange, Redactor redactor) {
    URI url = URI.create(login.url());
    String at = "The login at " + redactor.redactUrl(login.url());
    Reason reason;
    String what;
    boolean retryable = true;
    if (e instanceof BlockedAddressException) {
      reason = Reason.BLOCKED_ADDRESS;
      what = " was not contacted: " + e.getMessage();
      retryable = false;
    } else if (e instanceof SSLException) {
      reason = Reason.TLS_FAILED;
      what =
          ": the TLS connection failed: " + TlsFailures.describe((SSLException) e, url.getHost());
      retryable = false;
    } else if (e instanceof ConnectionRequestTimeoutException) {
      reason = Reason.TIMEOUT;
      what =
          ": no free connection within "
              + timeouts.connect().toMillis()
              + " ms (timeouts.connectMs)";
    } else if (e instanceof ConnectTimeoutException) {
      reason = Reason.TIMEOUT;
      what = ": connecting timed out after " + timeouts.connect().toMillis() + " ms";
    } else if (e instanceof SocketTimeoutException) {
      reason = Reason.TIMEOUT;
      what = ": no answer within " + timeouts.response().toMillis() + " ms (timeouts.responseMs)";
    } else if (e instanceof CredentialRequests.DeadlineException) {
      reason = Reason.TIMEOUT;
      what = ": " + e.getMessage();
    } else if (e instanceof CredentialRequests.TooLargeException) {
      reason = Reason.RESPONSE_TOO_LARGE;
      what = ": " + e.getMessage();
      retryable = false;
    } else if (e instanceof UnknownHostException) {
      reason = Reason.CONNECT_FAILED;
      what = ": unknown host " + url.getHost();
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      reason = Reason.CONNECT_FAILED;
      what = ": could not connect (" + e.getMessage() + ")";
    } else {
      reason = Reason.CONNECT_FAILED;
      what =
          ": the connection failed ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")";
    }
    return CredentialRequests.failure(
        reason, redactor.redact(at + what), retryable, e, exchange, redactor);
  }

  /** A status that is not a login's success (2xx, or 3xx read as it is). */
  static CouponFetchException status(
      CouponSourceConfig config,
      LoginHttp.Response response,
      Exchange exchange,
      Redactor redactor) {
    int status = response.status();
    String excerpt = LoginEndpoint.excerpt(redactor.redact(response.text()));
    String message =
        "The login at "
            + redactor.redactUrl(config.auth().login().url())
            + " answered HTTP "
            + status
            + (excerpt.isEmpty() ? "" : ": " + excerpt);
    CouponFetchException.Builder b;
    if (status == 401 || status == 403) {
      b =
          CouponFetchException.builder(
                  Reason.UNAUTHORIZED,
                  message + " (the login refused the credentials of '" + config.name() + "')")
              .explanation("The session login refused the configured credentials.")
              .hint(PAYLOAD_HINT)
              .retryable(false);
    } else if (status == 429) {
      b = CouponFetchException.builder(Reason.RATE_LIMITED, message).retryable(true);
    } else if (status >= 500) {
      b = CouponFetchException.builder(Reason.SERVER_ERROR, message).retryable(true);
    } else {
      b =
          CouponFetchException.builder(Reason.HTTP_ERROR, message)
              .hint("Check auth.login.url and auth.login.method (POST_JSON or POST_FORM).")
              .retryable(false);
    }
    return b.status(status).tokenExchange(exchange).build();
  }

  /** The login answered, but not with a session token where {@code auth.login} says. */
  static CouponFetchException noToken(
      CouponSourceConfig config, int status, String instead, Exchange exchange, Redactor redactor) {
    LoginConfig login = config.auth().login();
    String where =
        login.tokenFrom() == LoginConfig.TokenFrom.BODY
            ? "at body path '" + login.tokenName() + "'"
            : login.tokenFrom() == LoginConfig.TokenFrom.HEADER
                ? "in header " + login.tokenName()
                : "in cookie " + login.tokenName();
    String redirect = status >= 300 ? " (a redirect; logins are not followed)" : "";
    return CouponFetchException.builder(
            Reason.UNAUTHORIZED,
            "The login at "
                + redactor.redactUrl(login.url())
                + " answered HTTP "
                + status
                + redirect
                + " without a session token "
                + where
                + ": "
                + redactor.redact(instead))
        .explanation("The session login gave no session token where the configuration says.")
        .hint(
            "Compare auth.login.tokenFrom and auth.login.tokenName with the login response shown in"
                + " Test Configuration; a login that refuses credentials may still answer 200"
                + " (then check auth.login.payload)."
                + (status >= 300 ? " Set auth.login.url to the URL that answers the login." : ""))
        .status(status)
        .retryable(false)
        .tokenExchange(exchange)
        .build();
  }
}
