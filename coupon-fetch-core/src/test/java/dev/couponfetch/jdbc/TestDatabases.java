package dev.couponfetch.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The databases the JDBC store tests run on: H2 files in a temporary folder, always, and a real
 * PostgreSQL server when one is reachable (set up by {@code .ci/postgres}; override with {@code
 * COUPON_FETCH_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}). Without PostgreSQL its tests are
 * skipped, saying so.
 *
 * <p>Registered as an instance {@code @RegisterExtension} field, it closes the data sources a test
 * opened through {@link #open} and deletes its H2 files after the test.
 */
public final class TestDatabases implements AfterEachCallback {
  /** The names the parameterized tests run with. */
  public static final List<String> ALL = List.of("h2", "postgresql");

  private static final String PG_URL =
      env("COUPON_FETCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/couponfetch_test");
  private static final String PG_USER = env("COUPON_FETCH_TEST_PG_USER", "couponfetch");
  private static final String PG_PASSWORD = env("COUPON_FETCH_TEST_PG_PASSWORD", "couponfetch");

  private static volatile String postgresProblem;
  private static volatile boolean probed;

  private final List<HikariDataSource> opened = new ArrayList<>();
  private Path folder;

  /**
   * A pooled data source on {@code database}: a new H2 file, or the shared PostgreSQL test database
   * (skipping the test when there is none); closed after the test.
   */
  public HikariDataSource open(String database) {
    return keep(database.equals("h2") ? h2(folder().resolve("store")) : postgres());
  }

  /** A pooled data source on the H2 file {@code name} of this test, closed after the test. */
  public HikariDataSource openH2(String name) {
    return keep(h2(folder().resolve(name)));
  }

  /** Where this test's H2 files go. */
  public Path folder() {
    if (folder == null) {
      try {
        folder = Files.createTempDirectory("coupon-fetch-db");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return folder;
  }

  private HikariDataSource keep(HikariDataSource ds) {
    opened.add(ds);
    return ds;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    opened.forEach(HikariDataSource::close);
    opened.clear();
    if (folder != null) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      folder = null;
    }
  }

  /** A pooled data source on the H2 database file {@code file} (without its suffix). */
  public static HikariDataSource h2(Path file) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath() + ";LOCK_TIMEOUT=10000");
    c.setUsername("sa");
    c.setPassword("");
    c.setMaximumPoolSize(20);
    c.setPoolName("h2-test");
    return new HikariDataSource(c);
  }

  /** A pooled data source on the PostgreSQL test database; skips the test when there is none. */
  public static HikariDataSource postgres() {
    assumePostgres();
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(PG_URL);
    c.setUsername(PG_USER);
    c.setPassword(PG_PASSWORD);
    c.setMaximumPoolSize(24);
    c.setPoolName("postgresql-test");
    return new HikariDataSource(c);
  }

  /** Skips the calling test, with the reason, when no PostgreSQL server answers. */
  public static void assumePostgres() {
    if (!probed) {
      probe();
    }
    Assumptions.assumeTrue(
        postgresProblem == null,
        () ->
            "PostgreSQL tests skipped: no server at "
                + PG_URL
                + " ("
                + postgresProblem
                + "); run .ci/postgres (as root) to install and start one");
  }

  private static synchronized void probe() {
    if (probed) {
      return;
    }
    Properties p = new Properties();
    p.setProperty("user", PG_USER);
    p.setProperty("password", PG_PASSWORD);
    p.setProperty("connectTimeout", "3");
    try (Connection c = DriverManager.getConnection(PG_URL, p)) {
      postgresProblem = c.isValid(3) ? null : "connection not valid";
    } catch (SQLException e) {
      postgresProblem = e.getMessage();
    }
    if (postgresProblem != null) {
      System.err.println(
          "[coupon-fetch tests] PostgreSQL tests skipped: " + postgresProblem + " at " + PG_URL);
    }
    probed = true;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
