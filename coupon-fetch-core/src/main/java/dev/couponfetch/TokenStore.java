package dev.couponfetch;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where OAuth2 tokens live, keyed by {@link CouponSourceConfig#tokenKey()}: a hash of the identity
 * the tokens were issued to (token URL, client id, client secret, grant, scope, authorization URL)
 * and the endpoint origin they are sent to, never the config's free-text {@code name}, so that one
 * store can serve many merchants without handing one merchant's tokens to another. Several fetchers
 * (several application nodes) may share one store: renewals are written with {@link
 * #compareAndSet}, so that of two nodes renewing at once only one replaces the tokens and the other
 * reads the winner's (a rotated refresh token is used once).
 *
 * <p>Implementations must be thread-safe. The messages of the exceptions they throw are shown in
 * Test Configuration reports and logs (they say which store failed and why), so they must never
 * hold a token. Built-in: {@link TokenStores#inMemory()}, {@link
 * TokenStores#file(java.nio.file.Path)} and {@link TokenStores#jdbc(javax.sql.DataSource)}.
 */
public interface TokenStore {
  /** The tokens stored under {@code key}, if any. */
  Optional<OAuthTokens> get(String key);

  /**
   * Replaces the tokens under {@code key} with {@code replacement} if and only if the stored tokens
   * equal {@code expected}, atomically.
   *
   * @param expected the tokens the caller read, or null when it read none
   * @param replacement the new tokens, or null to remove them
   * @return whether the replacement happened
   */
  boolean compareAndSet(String key, OAuthTokens expected, OAuthTokens replacement);

  /**
   * Runs {@code renewal} (a token request and the {@link #compareAndSet} of its result) holding
   * this store's renewal lease for {@code key}, so that of several fetchers sharing the store only
   * one asks the token endpoint at a time. A caller that finds the lease held waits for its
   * release, up to {@code maxWait}, and then runs {@code renewal} itself, which reads the store
   * first and so finds the tokens the holder stored. A lease whose holder died lapses after {@code
   * maxWait}.
   *
   * <p>The default runs {@code renewal} at once, with no lease: stores that only one fetcher uses
   * need none. Two fetchers renewing at once through such a store still end with the newest tokens
   * (compare-and-set, and the store is read again after {@code invalid_grant}), at the cost of a
   * second token request and, where the server rotates refresh tokens, a refused one.
   */
  default <T> T whileRenewing(String key, Duration maxWait, Supplier<T> renewal) {
    return renewal.get();
  }
}
