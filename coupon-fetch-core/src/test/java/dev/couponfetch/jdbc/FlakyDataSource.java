package dev.couponfetch.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A data source whose next connections fail, as when the database goes away for a while. */
final class FlakyDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicInteger failNext = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();
  private volatile Supplier<SQLException> failure;

  FlakyDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** The next {@code n} connections fail with what {@code failure} gives. */
  void failNext(int n, Supplier<SQLException> failure) {
    this.failure = failure;
    failNext.set(n);
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw failure.get();
    }
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("not in this test");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
