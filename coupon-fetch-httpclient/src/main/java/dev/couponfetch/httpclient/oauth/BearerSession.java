package dev.couponfetch.httpclient.oauth;

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
 * The {@code OAUTH2} authentication of one fetch: a usable access token where {@code
 * auth.tokenPlacement()} puts it ({@code Authorization: Bearer} by default), marked sensitive (so
 * no redirect carries it to another origin), sent only to the origin it was fetched for; when the
 * endpoint says the token expired (a status in {@code auth.tokenExpiredStatuses}, or {@code
 * auth.tokenExpiredPath} set in a 2xx body) one renewal, and the fetch engine replays the request
 * once.
 */
final class BearerSession implements Authenticator.Session {
  private final TokenManager tokens;
  private final Authenticator.Call call;
  private TokenManager.Token token;
  private TokenManager.Token before;
  private boolean rejected;
  private final List<Timings.Request> timed = new ArrayList<>(1);

  BearerSession(TokenManager tokens, Authenticator.Call call) {
    this.tokens = tokens;
    this.call = call;
  }

  @Override
  public CompletionStage<PreparedRequest> authenticate(PreparedRequest request) {
    CouponSourceConfig config = call.config();
    // Renew once for the refusal that asked for it; a retry after a failed replay does not renew.
    boolean renewing = rejected;
    rejected = false;
    CompletableFuture<TokenManager.Token> next =
        renewing
            ? tokens.renewAfterRejectionAsync(config, token, call.executor())
            : tokens.tokenAsync(config, call.executor());
    return next.thenApply(
        t -> {
          if (renewing) {
            before = token;
          }
          if (t != token) {
            timed.addAll(t.timings());
          }
          token = t;
          return bearer(config, request, t);
        });
  }

  @Override
  public boolean renew(Authenticator.Response response) {
    CouponSourceConfig config = call.config();
    int status = response.status();
    boolean ok = status >= 200 && status < 300;
    rejected =
        config.auth().tokenExpiredStatuses().contains(status)
            || (ok && tokens.bodySaysExpired(config, response.body(), response.charset()));
    return rejected;
  }

  /** The latest token request of this fetch. */
  @Override
  public Optional<Exchange> exchange() {
    if (token == null) {
      return Optional.empty();
    }
    if (token.exchange().isPresent()) {
      return token.exchange();
    }
    return before == null ? Optional.empty() : before.exchange();
  }

  /** The token requests this fetch waited for, in order; none for a token from the store. */
  @Override
  public List<Timings.Request> timings() {
    return List.copyOf(timed);
  }

  @Override
  public Optional<String> note() {
    return token == null ? Optional.empty() : token.note();
  }

  /**
   * The request with the token attached, after checking that it goes to the origin the token was
   * fetched for (the config's endpoint origin, part of the token's identity). A config cannot fail
   * this today (an OAUTH2 endpoint's origin holds no variables); it stays as the last line of
   * defence should a later change let a request's origin differ from the config's.
   */
  private static PreparedRequest bearer(
      CouponSourceConfig config, PreparedRequest prepared, TokenManager.Token token) {
    if (!config.mayReceiveToken(prepared.endpoint())) {
      throw CouponFetchException.builder(
              Reason.INVALID_CONFIG,
              "The access token of '"
                  + config.name()
                  + "' was not sent: the request goes to another origin than its endpoint's")
          .retryable(false)
          .build();
    }
    return config.auth().tokenPlacement().applyTo(prepared, token.accessToken().reveal());
  }
}
