package dev.couponfetch.httpclient.session;

import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.Timings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code SESSION} authentication of one fetch: the session token where {@code
 * auth.tokenPlacement()} puts it (marked sensitive, sent only to the endpoint's origin); when the
 * endpoint refuses it, one new login and the engine replays the request once. A second refusal,
 * after a fresh login, is noted as such: the engine fails the fetch with {@code UNAUTHORIZED}.
 */
final class LoginSession implements Authenticator.Session {
  private final SessionLogins logins;
  private final Authenticator.Call call;
  private SessionLogins.Login login;
  private SessionLogins.Login before;
  private boolean rejected; // the last response refused the session: the next call renews
  private boolean renewed; // this fetch logged in again after a refusal
  private boolean refusedAgain;
  private final List<Timings.Request> timed = new ArrayList<>(1);

  LoginSession(SessionLogins logins, Authenticator.Call call) {
    this.logins = logins;
    this.call = call;
  }

  @Override
  public CompletionStage<PreparedRequest> authenticate(PreparedRequest request) {
    CouponSourceConfig config = call.config();
    // Log in again once for the refusal that asked for it; a retry after a failed replay does not.
    boolean renewing = rejected;
    rejected = false;
    renewed |= renewing;
    CompletableFuture<SessionLogins.Login> next =
        renewing
            ? logins.renewAsync(config, login, call.executor())
            : logins.tokenAsync(config, call.executor());
    return next.thenApply(
        l -> {
          if (renewing) {
            before = login;
          }
          if (l != login) {
            timed.addAll(l.timings());
          }
          login = l;
          return attach(config, request, l);
        });
  }

  @Override
  public boolean renew(Authenticator.Response response) {
    CouponSourceConfig config = call.config();
    int status = response.status();
    boolean ok = status >= 200 && status < 300;
    boolean refused =
        config.auth().tokenExpiredStatuses().contains(status)
            || (ok && logins.bodySaysExpired(config, response.body(), response.charset()));
    if (refused && renewed) {
      refusedAgain = true; // the engine fails the fetch: say that the fresh session was refused
    }
    rejected = refused;
    return refused;
  }

  /** The latest login of this fetch. */
  @Override
  public Optional<Exchange> exchange() {
    if (login == null) {
      return Optional.empty();
    }
    if (login.exchange != null) {
      return Optional.of(login.exchange);
    }
    return before == null ? Optional.empty() : Optional.ofNullable(before.exchange);
  }

  /** The logins this fetch waited for, in order; none for a session token from the store. */
  @Override
  public List<Timings.Request> timings() {
    return List.copyOf(timed);
  }

  @Override
  public Optional<String> note() {
    if (refusedAgain) {
      return Optional.of(
          "the session token of a fresh login was refused too: check where the token goes"
              + " (auth.tokenHeader, tokenPrefix, tokenQueryParam or tokenCookie) and"
              + " auth.login.tokenName");
    }
    return login == null ? Optional.empty() : login.note();
  }

  /** The request with the token, only for the origin the session was made for. */
  private static PreparedRequest attach(
      CouponSourceConfig config, PreparedRequest request, SessionLogins.Login login) {
    if (!config.mayReceiveToken(request.endpoint())) {
      throw CouponFetchException.builder(
              Reason.INVALID_CONFIG,
              "The session token of '"
                  + config.name()
                  + "' was not sent: the request goes to another origin than its endpoint's")
          .retryable(false)
          .build();
    }
    return config.auth().tokenPlacement().applyTo(request, login.token.reveal());
  }
}
