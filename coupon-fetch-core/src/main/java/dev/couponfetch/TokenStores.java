package dev.couponfetch;

import dev.couponfetch.internal.jdbc.JdbcTokenStore;
import dev.couponfetch.internal.tokens.FileTokenStore;
import dev.couponfetch.internal.tokens.InMemoryTokenStore;
import java.nio.file.Path;
import javax.sql.DataSource;

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

  /**
   * A store in a PostgreSQL or H2 database, for several nodes sharing one config's tokens (tables
   * {@code coupon_fetch_token} and {@code coupon_fetch_token_lease}, created like {@link
   * CouponStores#jdbc}'s). {@link TokenStore#compareAndSet} is one transaction on the row, and
   * renewals take a lease row, so that of several nodes renewing at once one asks the token
   * endpoint and the others read its tokens: a rotated refresh token is used once. Tokens are
   * stored in plain text: grant access to the table as to a password. Thread-safe.
   *
   * @throws IllegalArgumentException when the database is neither PostgreSQL nor H2
   * @throws IllegalStateException when the database cannot be reached or the schema not created
   */
  public static TokenStore jdbc(DataSource dataSource) {
    return new JdbcTokenStore(dataSource);
  }
}
