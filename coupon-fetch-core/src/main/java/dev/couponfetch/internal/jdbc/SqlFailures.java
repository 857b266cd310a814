package dev.couponfetch.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * How a database failure is to be taken: a race lost to another transaction, a database that is
 * (for now) out of reach, or an error that trying again will not cure. Null-safe throughout: a
 * closed connection pool throws an {@link SQLException} without an SQLState.
 */
public final class SqlFailures {
  /** PostgreSQL: the server is shutting down or restarting, or has no connection slot free. */
  private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

  private SqlFailures() {}

  /**
   * Whether trying again may succeed after {@code failure}: yes when it is no database error (not
   * caused by an {@link SQLException}: the caller cannot tell), or when the first database error in
   * its causes (or one chained to it) is a {@linkplain #isConflict conflict} or {@linkplain
   * #isTransient transient}; no for other database errors (a missing table, a denied grant, a value
   * too long), which stay until someone acts.
   */
  public static boolean mayPass(Throwable failure) {
    SQLException sql = firstSqlException(failure);
    if (sql == null) {
      return true;
    }
    for (SQLException x = sql; x != null; x = x.getNextException()) {
      if (isTransient(x) || isConflict(x.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code x} says the database is out of reach for now: a connection failure (SQLState
   * class 08), JDBC's {@link SQLTransientException} (a timeout, a pool out of connections) or
   * {@link SQLRecoverableException}, a PostgreSQL server shutting down, restarting or out of
   * connection slots, or no SQLState at all (a connection pool that is closed says nothing more).
   */
  static boolean isTransient(SQLException x) {
    String state = x.getSQLState();
    return x instanceof SQLTransientException
        || x instanceof SQLRecoverableException
        || state == null
        || state.startsWith("08")
        || UNAVAILABLE.contains(state);
  }

  /**
   * Whether {@code state} is a race another transaction won: a unique key taken meanwhile (23505),
   * a serialization failure (40001) or a deadlock (40P01).
   */
  static boolean isConflict(String state) {
    return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
  }

  /** The first {@link SQLException} among {@code failure} and its causes, or null. */
  static SQLException firstSqlException(Throwable failure) {
    // Bounded: a cause chain can be made to loop.
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
