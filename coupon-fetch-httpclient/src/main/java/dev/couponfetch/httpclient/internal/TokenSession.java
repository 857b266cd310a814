package dev.couponfetch.httpclient.internal;

import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.Timings;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The authentication of one fetch by a token that a request of its own obtains (an {@code OAUTH2}
 * access token, a {@code SESSION} token): the token where {@code auth.tokenPlacement()} puts it,
 * marked sensitive and sent only to the config's endpoint origin; when the endpoint refuses it (a
 * status in {@code auth.tokenExpiredStatuses}, or {@code auth.tokenExpiredPath} set in a 2xx body)
 * one renewal, for the next request only (a retry after a failed replay reuses it), and the engine
 * replays the request once. Used by one fetch at a time.
 *
 * @param <T> the token with how it was obtained
 */
public final class TokenSession<T extends TokenSession.Token> implements Authenticator.Session {
  /** A token, with how it was obtained. */
  public interface Token {
    /** The token to send. */
    Secret value();

    /** The request made for it (secrets masked), if one was made. */
    Optional<Exchange> exchange();

    /** The requests made for it, timed, in order; empty when none was. */
    List<Timings.Request> timings();

    /** Where it came from when no request was made for it. */
    Optional<String> note();
  }

  /** Where the tokens of one kind come from, and when the endpoint says one expired. */
  public interface Source<T> {
    /** A token to send: a kept one, or a new one's. */
    CompletableFuture<T> tokenAsync(CouponSourceConfig config, Executor blocking);

    /** A token after the endpoint refused {@code rejected}. */
    CompletableFuture<T> renewAfterRejectionAsync(
        CouponSourceConfig config, T rejected, Executor blocking);

    /** Whether a 2xx coupon response says the token expired ({@code auth.tokenExpiredPath}). */
    boolean bodySaysExpired(CouponSourceConfig config, byte[] body, Charset charset);
  }

  private final Source<T> source;
  private final Authenticator.Call call;
  private final String what;
  private final String refusedAgainNote;
  private final List<Timings.Request> timed = new ArrayList<>(1);
  private T token;
  private T before;
  private boolean rejected; // the last response refused the token: the next request renews it
  private boolean renewed; // this fetch renewed the token after a refusal
  private boolean refusedAgain;

  /**
   * @param what the token's name in messages ("access token")
   * @param refusedAgainNote the note when a renewed token is refused too, or null for the token's
   */
  public TokenSession(
      Source<T> source, Authenticator.Call call, String what, String refusedAgainNote) {
    this.source = Objects.requireNonNull(source, "source == null");
    this.call = Objects.requireNonNull(call, "call == null");
    this.what = Objects.requireNonNull(what, "what == null");
    this.refusedAgainNote = refusedAgainNote;
  }

  @Override
  public CompletionStage<PreparedRequest> authenticate(PreparedRequest request) {
    CouponSourceConfig config = call.config();
    boolean renewing = rejected;
    rejected = false;
    renewed |= renewing;
    CompletableFuture<T> next =
        renewing
            ? source.renewAfterRejectionAsync(config, token, call.executor())
            : source.tokenAsync(config, call.executor());
    return next.thenApply(
        t -> {
          if (renewing) {
            before = token;
          }
          if (t != token) {
            timed.addAll(t.timings());
          }
          token = t;
          return attach(config, request, t);
        });
  }

  @Override
  public boolean renew(Authenticator.Response response) {
    CouponSourceConfig config = call.config();
    int status = response.status();
    boolean ok = status >= 200 && status < 300;
    boolean refused =
        config.auth().tokenExpiredStatuses().contains(status)
            || (ok && source.bodySaysExpired(config, response.body(), response.charset()));
    if (refused && renewed) {
      refusedAgain = true; // the engine fails the fetch: the renewed token was refused too
    }
    rejected = refused;
    return refused;
  }

  /** The latest request made for a token in this fetch. */
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

  /** The requests for tokens this fetch waited for, in order; none for a kept token. */
  @Override
  public List<Timings.Request> timings() {
    return List.copyOf(timed);
  }

  @Override
  public Optional<String> note() {
    if (refusedAgain && refusedAgainNote != null) {
      return Optional.of(refusedAgainNote);
    }
    return token == null ? Optional.empty() : token.note();
  }

  /**
   * The request with the token attached, after checking that it goes to the origin the token was
   * obtained for (the config's endpoint origin, part of the token's identity). A config cannot fail
   * this today (such an endpoint's origin holds no variables); it stays as the last line of defence
   * should a later change let a request's origin differ from the config's.
   */
  private PreparedRequest attach(CouponSourceConfig config, PreparedRequest request, T t) {
    if (!config.mayReceiveToken(request.endpoint())) {
      throw CouponFetchException.builder(
              Reason.INVALID_CONFIG,
              "The "
                  + what
                  + " of '"
                  + config.name()
                  + "' was not sent: the request goes to another origin than its endpoint's")
          .retryable(false)
          .build();
    }
    return config.auth().tokenPlacement().applyTo(request, t.value().reveal());
  }
}
