package dev.couponfetch.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class SqlFailuresTest {
  private static RuntimeException wrapped(SQLException e) {
    return new IllegalStateException("JDBC coupon store: adding coupons failed", e);
  }

  @ParameterizedTest(name = "SQLState {0}: may pass {1}")
  @CsvSource({
    "08001, true", // cannot connect
    "08006, true", // connection lost
    "57P01, true", // PostgreSQL shutting down
    "57P03, true", // PostgreSQL starting up
    "53300, true", // too many connections
    "40001, true", // serialization failure
    "40P01, true", // deadlock
    "23505, true", // unique key taken meanwhile
    "42501, false", // permission denied
    "42P01, false", // no such table
    "28P01, false", // wrong password
    "22001, false", // value too long
  })
  void mayPass_bySqlState(String state, boolean mayPass) {
    assertThat(SqlFailures.mayPass(wrapped(new SQLException("x", state)))).isEqualTo(mayPass);
  }

  @ParameterizedTest
  @NullSource
  void mayPass_noSqlState_closedPoolTriedAgain(String state) {
    assertThat(SqlFailures.mayPass(wrapped(new SQLException("pool has been closed", state))))
        .isTrue();
    assertThat(Jdbc.isConflict(wrapped(new SQLException("closed", state)))).isFalse();
    assertThat(Jdbc.isUniqueViolation(wrapped(new SQLException("closed", state)))).isFalse();
  }

  @org.junit.jupiter.api.Test
  void mayPass_transientAndRecoverableTypes_whateverTheirState() {
    assertThat(SqlFailures.mayPass(wrapped(new SQLTransientConnectionException("t", "HY000"))))
        .isTrue();
    assertThat(SqlFailures.mayPass(wrapped(new SQLTimeoutException("query timeout", "HYT00"))))
        .isTrue();
    assertThat(SqlFailures.mayPass(wrapped(new SQLRecoverableException("r", "HY000")))).isTrue();
    assertThat(
            SqlFailures.mayPass(
                wrapped(new SQLNonTransientConnectionException("refused", "08004"))))
        .isTrue();
  }

  @org.junit.jupiter.api.Test
  void mayPass_chainedExceptionSaysConflict_triedAgain() {
    SQLException batch = new SQLException("batch entry 3 failed", "42000");
    batch.setNextException(new SQLException("deadlock detected", "40P01"));

    assertThat(SqlFailures.mayPass(wrapped(batch))).isTrue();
    assertThat(Jdbc.isConflict(wrapped(batch))).isTrue();
  }

  @org.junit.jupiter.api.Test
  void mayPass_notADatabaseError_triedAgain() {
    assertThat(SqlFailures.mayPass(new IllegalStateException("disk full"))).isTrue();
  }

  @org.junit.jupiter.api.Test
  void mayPass_causeChainLoops_endsAndTriesAgain() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertThat(SqlFailures.mayPass(a)).isTrue();
  }
}
