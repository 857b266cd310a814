package dev.couponfetch;

import java.util.Optional;

/**
 * Where OAuth2 tokens live, keyed by the config's {@code name}. Several fetchers (several
 * application nodes) may share one store: renewals are written with {@link #compareAndSet}, so that
 * of two nodes renewing at once only one replaces the tokens and the other reads the winner's (a
 * rotated refresh token is used once).
 *
 * <p>Implementations must be thread-safe. Built-in: {@link TokenStores#inMemory()} and {@link
 * TokenStores#file(java.nio.file.Path)}.
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
}
