package dev.couponfetch.httpclient;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.httpclient.oauth.TokenManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An {@code OAUTH2} fetch: a usable access token as a sensitive {@code Authorization: Bearer}
 * header (so no redirect carries it to another origin), and when the endpoint says the token
 * expired (a status in {@code auth.tokenExpiredStatuses}, or {@code auth.tokenExpiredPath} set in a
 * 2xx body), one renewal and one retry of the request. The request was refused, so the retry mints
 * no second coupon, and it is made for POST too. A second such answer is {@code UNAUTHORIZED}.
 */
final class BearerFetch {
  private BearerFetch() {}

  /**
   * @param send sends one request and maps the response; a 2xx body whose expired-path is set fails
   *     with {@code UNAUTHORIZED} and a 2xx status
   */
  static CouponBatch fetch(
      TokenManager tokens,
      CouponSourceConfig config,
      PreparedRequest prepared,
      Function<PreparedRequest, CouponBatch> send) {
    TokenManager.Token token = tokens.token(config);
    try {
      return attach(send.apply(bearer(config, prepared, token)), token, null);
    } catch (CouponFetchException e) {
      if (!saysExpired(config, e)) {
        throw attach(e, token, null);
      }
      CouponFetchException first = e;
      TokenManager.Token renewed;
      try {
        renewed = tokens.renewAfterRejection(config, token);
      } catch (CouponFetchException renewal) {
        throw renewal.toBuilder().exchange(first.exchange().orElse(null)).build();
      }
      try {
        return attach(send.apply(bearer(config, prepared, renewed)), renewed, token);
      } catch (CouponFetchException again) {
        if (!saysExpired(config, again)) {
          throw attach(again, renewed, token);
        }
        throw attach(stillRefused(again), renewed, token);
      }
    }
  }

  /**
   * {@link #fetch} without blocking: token lookups and renewals are {@link TokenManager}'s async
   * forms (a renewal runs on {@code blocking}), and the same decisions are made on each outcome.
   */
  static CompletableFuture<CouponBatch> fetchAsync(
      TokenManager tokens,
      CouponSourceConfig config,
      PreparedRequest prepared,
      Function<PreparedRequest, CompletableFuture<CouponBatch>> send,
      Executor blocking) {
    CompletableFuture<CouponBatch> result = new CompletableFuture<>();
    tokens
        .tokenAsync(config, blocking)
        .whenComplete(
            (token, lookup) -> {
              if (lookup != null) {
                result.completeExceptionally(unwrap(lookup));
                return;
              }
              sendAsync(send, config, prepared, token)
                  .whenComplete(
                      (batch, e) -> {
                        if (e == null) {
                          result.complete(attach(batch, token, null));
                        } else if (!(unwrap(e) instanceof CouponFetchException)) {
                          result.completeExceptionally(unwrap(e));
                        } else if (!saysExpired(config, (CouponFetchException) unwrap(e))) {
                          result.completeExceptionally(
                              attach((CouponFetchException) unwrap(e), token, null));
                        } else {
                          retryRenewed(
                              tokens,
                              config,
                              prepared,
                              send,
                              blocking,
                              token,
                              (CouponFetchException) unwrap(e),
                              result);
                        }
                      });
            });
    return result;
  }

  private static void retryRenewed(
      TokenManager tokens,
      CouponSourceConfig config,
      PreparedRequest prepared,
      Function<PreparedRequest, CompletableFuture<CouponBatch>> send,
      Executor blocking,
      TokenManager.Token token,
      CouponFetchException first,
      CompletableFuture<CouponBatch> result) {
    tokens
        .renewAfterRejectionAsync(config, token, blocking)
        .whenComplete(
            (renewed, renewal) -> {
              if (renewal != null) {
                Throwable r = unwrap(renewal);
                result.completeExceptionally(
                    r instanceof CouponFetchException
                        ? ((CouponFetchException) r)
                            .toBuilder().exchange(first.exchange().orElse(null)).build()
                        : r);
                return;
              }
              sendAsync(send, config, prepared, renewed)
                  .whenComplete(
                      (batch, e) -> {
                        if (e == null) {
                          result.complete(attach(batch, renewed, token));
                        } else if (!(unwrap(e) instanceof CouponFetchException)) {
                          result.completeExceptionally(unwrap(e));
                        } else {
                          CouponFetchException again = (CouponFetchException) unwrap(e);
                          result.completeExceptionally(
                              attach(
                                  saysExpired(config, again) ? stillRefused(again) : again,
                                  renewed,
                                  token));
                        }
                      });
            });
  }

  private static CompletableFuture<CouponBatch> sendAsync(
      Function<PreparedRequest, CompletableFuture<CouponBatch>> send,
      CouponSourceConfig config,
      PreparedRequest prepared,
      TokenManager.Token token) {
    PreparedRequest withToken;
    try {
      withToken = bearer(config, prepared, token);
    } catch (CouponFetchException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send.apply(withToken);
  }

  /** The failure itself, out of the {@link CompletionException} a dependent stage wraps it in. */
  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
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
    return prepared.withHeader("Authorization", "Bearer " + token.accessToken().reveal(), true);
  }

  /** Whether the failure is the endpoint saying the access token expired. */
  private static boolean saysExpired(CouponSourceConfig config, CouponFetchException e) {
    if (e.status().isEmpty()) {
      return false;
    }
    int status = e.status().getAsInt();
    boolean okBodySaysExpired = status >= 200 && status < 300 && e.reason() == Reason.UNAUTHORIZED;
    return okBodySaysExpired || config.auth().tokenExpiredStatuses().contains(status);
  }

  private static CouponFetchException stillRefused(CouponFetchException e) {
    CouponFetchException.Builder b =
        CouponFetchException.builder(
                Reason.UNAUTHORIZED, e.getMessage() + " (again after renewing the access token)")
            .exchange(e.exchange().orElse(null));
    e.status().ifPresent(b::status);
    return b.build();
  }

  private static CouponBatch attach(
      CouponBatch batch, TokenManager.Token token, TokenManager.Token before) {
    return batch.withToken(tokenExchange(token, before), note(token, before));
  }

  private static CouponFetchException attach(
      CouponFetchException e, TokenManager.Token token, TokenManager.Token before) {
    return e.toBuilder()
        .tokenExchange(tokenExchange(token, before))
        .tokenNote(note(token, before))
        .build();
  }

  /** The latest token request of this fetch. */
  private static Exchange tokenExchange(TokenManager.Token token, TokenManager.Token before) {
    if (token.exchange().isPresent()) {
      return token.exchange().get();
    }
    return before == null ? null : before.exchange().orElse(null);
  }

  private static String note(TokenManager.Token token, TokenManager.Token before) {
    String n = token.note().orElse(null);
    if (before == null) {
      return n;
    }
    String renewed = "the endpoint refused the first access token; renewed once and retried";
    return n == null ? renewed : renewed + " (" + n + ")";
  }
}
