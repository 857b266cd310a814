package dev.couponfetch.internal.tokens;

import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** A {@link TokenStore} in a JSON file. STUB: to be implemented. */
public final class FileTokenStore implements TokenStore {
  private final Path file;

  public FileTokenStore(Path file) {
    this.file = Objects.requireNonNull(file, "file == null");
  }

  @Override
  public Optional<OAuthTokens> get(String key) {
    throw new UnsupportedOperationException("TODO " + file);
  }

  @Override
  public boolean compareAndSet(String key, OAuthTokens expected, OAuthTokens replacement) {
    throw new UnsupportedOperationException("TODO");
  }
}
