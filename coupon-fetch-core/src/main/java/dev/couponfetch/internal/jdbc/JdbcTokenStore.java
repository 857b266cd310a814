package dev.couponfetch.internal.jdbc;

import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import dev.couponfetch.internal.tokens.TokenJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenStore} in a PostgreSQL or H2 database, tables {@code coupon_fetch_token} (the tokens
 * as JSON) and {@code coupon_fetch_token_lease} (who is renewing).
 *
 * <p>{@link #compareAndSet} reads the row {@code FOR UPDATE} and writes it in the same transaction;
 * two first writes race on the primary key and the loser answers false. {@link #whileRenewing}
 * holds a lease row (inserted, so the primary key lets one node in; deleted when done; lapsed after
 * {@code maxWait} by the nodes' clocks, which must agree to well within it). Tokens are stored in
 * plain text: grant the table like a password.
 */
public final class JdbcTokenStore implements TokenStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTokenStore.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Jdbc jdbc;

  /** A store on {@code dataSource}, creating the schema when it is missing. */
  public JdbcTokenStore(DataSource dataSource) {
    this.jdbc =
        new Jdbc(Objects.requireNonNull(dataSource, "dataSource == null"), "JDBC token store");
    Schema.ensure(jdbc);
  }

  @Override
  public Optional<OAuthTokens> get(String key) {
    Objects.requireNonNull(key, "key == null");
    return Optional.ofNullable(
        jdbc.call("reading tokens", c -> TokenJson.fromText(select(c, key, false))));
  }

  @Override
  public boolean compareAndSet(String key, OAuthTokens expected, OAuthTokens replacement) {
    Objects.requireNonNull(key, "key == null");
    try {
      return jdbc.inTransaction("writing tokens", c -> swap(c, key, expected, replacement));
    } catch (IllegalStateException e) {
      if (Jdbc.isUniqueViolation(e)) {
        return false; // another node wrote the first tokens under this key meanwhile
      }
      throw e;
    }
  }

  private static boolean swap(
      Connection c, String key, OAuthTokens expected, OAuthTokens replacement) throws SQLException {
    String row = select(c, key, true);
    if (!Objects.equals(TokenJson.fromText(row), expected)) {
      return false;
    }
    String sql;
    if (replacement == null) {
      sql = "DELETE FROM coupon_fetch_token WHERE token_key = ?";
    } else if (row == null) {
      sql = "INSERT INTO coupon_fetch_token (tokens, token_key) VALUES (?, ?)";
    } else {
      sql =
          "UPDATE coupon_fetch_token SET tokens = ?, updated_at = CURRENT_TIMESTAMP"
              + " WHERE token_key = ?";
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (replacement == null) {
        ps.setString(1, key);
      } else {
        ps.setString(1, TokenJson.toText(replacement));
        ps.setString(2, key);
      }
      ps.executeUpdate();
    }
    return true;
  }

  private static String select(Connection c, String key, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tokens FROM coupon_fetch_token WHERE token_key = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Override
  public <T> T whileRenewing(String key, Duration maxWait, Supplier<T> renewal) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(maxWait, "maxWait == null");
    Objects.requireNonNull(renewal, "renewal == null");
    String holder = UUID.randomUUID().toString();
    boolean held = acquire(key, holder, maxWait);
    try {
      return renewal.get();
    } finally {
      if (held) {
        release(key, holder);
      }
    }
  }

  /** Polls for the lease until it is this caller's or {@code maxWait} passed. */
  private boolean acquire(String key, String holder, Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      if (tryAcquire(key, holder, maxWait)) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
        LOG.debug("{}: renewal lease still held by another node; renewing anyway", key);
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private boolean tryAcquire(String key, String holder, Duration ttl) {
    long now = System.currentTimeMillis();
    try {
      return jdbc.call(
          "taking the renewal lease",
          c -> {
            try (PreparedStatement lapse =
                c.prepareStatement(
                    "DELETE FROM coupon_fetch_token_lease"
                        + " WHERE token_key = ? AND expires_at_ms < ?")) {
              lapse.setString(1, key);
              lapse.setLong(2, now);
              lapse.executeUpdate();
            }
            try (PreparedStatement take =
                c.prepareStatement(
                    "INSERT INTO coupon_fetch_token_lease (token_key, holder, expires_at_ms)"
                        + " VALUES (?, ?, ?)")) {
              take.setString(1, key);
              take.setString(2, holder);
              take.setLong(3, now + ttl.toMillis());
              take.executeUpdate();
            }
            return true;
          });
    } catch (IllegalStateException e) {
      if (Jdbc.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  private void release(String key, String holder) {
    try {
      jdbc.call(
          "releasing the renewal lease",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM coupon_fetch_token_lease WHERE token_key = ? AND holder = ?")) {
              ps.setString(1, key);
              ps.setString(2, holder);
              return ps.executeUpdate();
            }
          });
    } catch (IllegalStateException e) {
      // The lease lapses by itself; the renewal's result stands.
      LOG.warn("{}: could not release the renewal lease: {}", key, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "JdbcTokenStore";
  }
}
