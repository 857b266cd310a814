package dev.couponfetch.httpclient.oauth;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.Timings;
import dev.couponfetch.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One renewal of a config's access token: the token state machine's "stale" step, run by the leader
 * of a {@link TokenManager} flight. Reads the store again first (another caller or node may have
 * renewed meanwhile), renews with the refresh token or client credentials, recovers from {@code
 * invalid_grant} through the store, and writes with compare-and-set. Used once, by one thread.
 */
final class Renewal {
  private static final Logger LOG = LoggerFactory.getLogger(Renewal.class);

  /** How often a lost compare-and-set is retried before the new tokens are used unstored. */
  private static final int CAS_ATTEMPTS = 3;

  private static final long POLL_MILLIS = 20;

  private final TokenEndpoint endpoint;
  private final TokenStore store;
  private final Clock clock;
  private final Duration margin;
  private final Duration invalidGrantGrace;
  private final CouponSourceConfig config;
  private final String name; // for messages only
  private final String key; // the store's
  private final Secret rejected;
  private final List<Timings.Request> timed = new ArrayList<>(1);

  Renewal(
      TokenEndpoint endpoint,
      TokenStore store,
      Clock clock,
      Duration margin,
      Duration invalidGrantGrace,
      CouponSourceConfig config,
      Secret rejected) {
    this.endpoint = endpoint;
    this.store = store;
    this.clock = clock;
    this.margin = margin;
    this.invalidGrantGrace = invalidGrantGrace;
    this.config = config;
    this.name = config.name();
    this.key = config.tokenKey();
    this.rejected = rejected;
  }

  TokenManager.Token run() {
    OAuthTokens stored = read(store, key, name);
    if (fresh(stored)) {
      // Renewed by another caller (or node) since this caller looked.
      return TokenManager.Token.stored(stored);
    }
    OAuthTokens base = stored != null ? stored : seed();
    Secret refresh = base == null ? null : base.refreshToken().orElse(null);
    TokenEndpoint.Result r;
    if (refresh != null) {
      r = timed(endpoint.refresh(config, refresh));
      if (r.isInvalidGrant()) {
        return afterInvalidGrant(r, refresh);
      }
    } else if (config.auth().grant() == OAuth2Grant.CLIENT_CREDENTIALS) {
      r = timed(endpoint.clientCredentials(config));
    } else {
      throw notAuthorized(
          "There are no OAuth2 tokens for '"
              + name
              + "'"
              + (stored == null ? "" : " that can be renewed (no refresh token)")
              + ": run the authorization (fetch tokens) first",
          null);
    }
    return save(stored, r);
  }

  /** The store may hold what another node got with the refresh token it rotated. */
  private TokenManager.Token afterInvalidGrant(TokenEndpoint.Result refused, Secret refresh) {
    OAuthTokens again = readAgain(refresh);
    if (fresh(again)) {
      return TokenManager.Token.issuedElsewhere(again, refused.exchange(), timed);
    }
    Secret other = again == null ? null : again.refreshToken().orElse(null);
    if (other != null && !other.equals(refresh)) {
      LOG.debug("{}: refresh token was rotated by another node; retrying with it", name);
      TokenEndpoint.Result r = timed(endpoint.refresh(config, other));
      if (!r.isInvalidGrant()) {
        return save(again, r);
      }
      refused = r;
    } else if (config.auth().grant() == OAuth2Grant.CLIENT_CREDENTIALS) {
      return save(again, timed(endpoint.clientCredentials(config)));
    }
    throw notAuthorized(
        "The refresh token of '"
            + name
            + "' was refused by the token endpoint ("
            + refused.errorText()
            + "): run the authorization (fetch tokens) again",
        refused.exchange());
  }

  /** {@code r}, its token request's timing kept for the token. */
  private TokenEndpoint.Result timed(TokenEndpoint.Result r) {
    if (r.timing() != null) {
      timed.add(r.timing());
    }
    return r;
  }

  /** The store once more, watched briefly while it still holds the refused refresh token. */
  private OAuthTokens readAgain(Secret refused) {
    long deadline = System.nanoTime() + invalidGrantGrace.toNanos();
    OAuthTokens again = read(store, key, name);
    while (!fresh(again)
        && (again == null || refused.equals(again.refreshToken().orElse(null)))
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      again = read(store, key, name);
    }
    return again;
  }

  private TokenManager.Token save(OAuthTokens expected, TokenEndpoint.Result r) {
    if (r.error() != null) {
      throw TokenEndpoint.failure(config, r);
    }
    OAuthTokens fresh = r.tokens();
    OAuthTokens exp = expected;
    for (int i = 0; i < CAS_ATTEMPTS; i++) {
      if (casQuietly(exp, fresh)) {
        return TokenManager.Token.issued(fresh, r.exchange(), timed);
      }
      OAuthTokens other = read(store, key, name);
      if (fresh(other)) {
        LOG.debug("{}: another node stored new tokens first; using them", name);
        return TokenManager.Token.issuedElsewhere(other, r.exchange(), timed);
      }
      exp = other;
    }
    LOG.warn("{}: the token store kept changing; using the new tokens unstored", name);
    return TokenManager.Token.issued(fresh, r.exchange(), timed);
  }

  private boolean casQuietly(OAuthTokens expected, OAuthTokens replacement) {
    try {
      return store.compareAndSet(key, expected, replacement);
    } catch (RuntimeException e) {
      throw storeFailure(store, name, e);
    }
  }

  /** Usable, and not the token the endpoint just refused. */
  private boolean fresh(OAuthTokens t) {
    return t != null
        && t.isUsable(clock.instant(), margin)
        && (rejected == null || !t.accessToken().orElseThrow().equals(rejected));
  }

  /** The config's seed, when the store holds nothing yet. */
  private OAuthTokens seed() {
    Secret seed = config.auth().refreshToken();
    return seed == null || seed.isEmpty() ? null : OAuthTokens.of(null, seed.reveal(), null, null);
  }

  /** The tokens under {@code key}; {@code name} is the config's, for the failure's message. */
  static OAuthTokens read(TokenStore store, String key, String name) {
    try {
      return store.get(key).orElse(null);
    } catch (RuntimeException e) {
      throw storeFailure(store, name, e);
    }
  }

  /**
   * The store itself failed (a file that cannot be written, a database out of reach): named, with
   * what went wrong, and a hint at the store rather than at the OAuth2 client. A store's exception
   * messages hold no token ({@link TokenStore}'s contract), so they are shown.
   */
  static CouponFetchException storeFailure(TokenStore store, String name, RuntimeException e) {
    String why = e.getMessage() == null || e.getMessage().isBlank() ? null : e.getMessage();
    return CouponFetchException.builder(
            Reason.OAUTH_TOKEN_FAILED,
            "The token store "
                + store
                + " failed for '"
                + name
                + "'"
                + (why == null ? "" : ": " + why))
        .explanation("The OAuth2 tokens could not be read from or written to the token store.")
        .hint(
            "Check the token store, not the OAuth2 client: a file store's folder must exist and be"
                + " writable by this user; a database store must be reachable and allow writes to"
                + " coupon_fetch_token.")
        .cause(e)
        .build();
  }

  private static CouponFetchException notAuthorized(String message, Exchange exchange) {
    return CouponFetchException.builder(Reason.OAUTH_NOT_AUTHORIZED, message)
        .tokenExchange(exchange)
        .build();
  }
}
