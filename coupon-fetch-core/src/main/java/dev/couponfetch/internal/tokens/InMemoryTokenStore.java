package dev.couponfetch.internal.tokens;

import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link TokenStore} in memory. Thread-safe. */
public final class InMemoryTokenStore implements TokenStore {
  private final ConcurrentMap<String, OAuthTokens> tokens = new ConcurrentHashMap<>();

  @Override
  public Optional<OAuthTokens> get(String key) {
    return Optional.ofNullable(tokens.get(Objects.requireNonNull(key, "key == null")));
  }

  @Override
  public boolean compareAndSet(String key, OAuthTokens expected, OAuthTokens replacement) {
    Objects.requireNonNull(key, "key == null");
    if (expected == null) {
      return replacement == null
          ? !tokens.containsKey(key)
          : tokens.putIfAbsent(key, replacement) == null;
    }
    return replacement == null
        ? tokens.remove(key, expected)
        : tokens.replace(key, expected, replacement);
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore{" + tokens.size() + " keys}";
  }
}
