package dev.couponfetch.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** Connections and transactions for the JDBC stores, with their failures made unchecked. */
final class Jdbc {
  private final DataSource dataSource;
  private final String store;

  Jdbc(DataSource dataSource, String store) {
    this.dataSource = dataSource;
    this.store = store;
  }

  /** Work done on one connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  <T> T call(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction (read committed), committed when it returns and rolled
   * back when it throws.
   */
  <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        if (auto) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Whether {@code failure}, as {@link #call} and {@link #inTransaction} throw it, says a unique
   * key already holds the value (SQLState 23505).
   */
  static boolean isUniqueViolation(RuntimeException failure) {
    return anyState(failure, "23505"::equals);
  }

  /**
   * Whether {@code failure} is a race another transaction won, worth trying again at once: a unique
   * key taken meanwhile (23505), a serialization failure (40001) or a deadlock (40P01). A failure
   * without an SQLState (a closed connection pool) is none.
   */
  static boolean isConflict(RuntimeException failure) {
    return anyState(failure, SqlFailures::isConflict);
  }

  /** Whether the SQLState of the cause of {@code failure}, or of one chained to it, passes. */
  private static boolean anyState(RuntimeException failure, Predicate<String> test) {
    if (!(failure.getCause() instanceof SQLException first)) {
      return false;
    }
    for (SQLException x = first; x != null; x = x.getNextException()) {
      if (test.test(x.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** An instant as the drivers take it for {@code TIMESTAMP WITH TIME ZONE} (microseconds). */
  static OffsetDateTime timestamp(Instant instant) {
    return instant == null
        ? null
        : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /** The store and operation, the SQLState and the driver's message (which holds no secret). */
  IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException(
        store + ": " + what + " failed (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
  }
}
