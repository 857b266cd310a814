package dev.couponfetch;

import dev.couponfetch.internal.tokens.FileTokenStore;
import dev.couponfetch.internal.tokens.InMemoryTokenStore;
import java.nio.file.Path;

/** The built-in {@link TokenStore}s. */
public final class TokenStores {
  private TokenStores() {}

  /** A store in this JVM's memory: the default; tokens are lost on restart. */
  public static TokenStore inMemory() {
    return new InMemoryTokenStore();
  }

  /**
   * A store in a JSON file, for the command line and single-node tools: replaced atomically,
   * readable by its owner only, locked across processes for {@link TokenStore#compareAndSet}.
   */
  public static TokenStore file(Path file) {
    return new FileTokenStore(file);
  }
}
