package dev.couponfetch.internal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates the JDBC stores' tables from the shipped script when the database lacks them, and refuses
 * a schema newer than this library.
 */
final class Schema {
  /** The schema version this library reads and writes. */
  static final int VERSION = 1;

  /** PostgreSQL: one creator at a time across nodes (an arbitrary constant lock id). */
  private static final long ADVISORY_LOCK = 0x636f75706f6e4631L;

  /** H2 is one node: one creator at a time in this JVM. */
  private static final Object H2_LOCK = new Object();

  private Schema() {}

  /** The database's dialect, after making sure the schema is there. */
  static Dialect ensure(Jdbc jdbc) {
    return jdbc.inTransaction(
        "creating the schema",
        c -> {
          Dialect d = Dialect.of(c);
          if (d == Dialect.POSTGRESQL) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
            }
            create(c, d);
          } else {
            synchronized (H2_LOCK) {
              create(c, d);
            }
          }
          return d;
        });
  }

  /**
   * Runs the extra script {@code name} (one that only adds tables, {@code IF NOT EXISTS}, so that
   * the schema version stays) after {@link #ensure}, one creator at a time like it.
   */
  static void ensureExtra(Jdbc jdbc, Dialect d, String name) {
    jdbc.inTransaction(
        "creating the " + name + " table",
        c -> {
          if (d == Dialect.POSTGRESQL) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
            }
            runScript(c, d.extraScript(name));
          } else {
            synchronized (H2_LOCK) {
              runScript(c, d.extraScript(name));
            }
          }
          return null;
        });
  }

  private static void runScript(Connection c, String resource) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements(resource)) {
        s.execute(sql);
      }
    }
  }

  private static void create(Connection c, Dialect d) throws SQLException {
    if (exists(c, d)) {
      int found = version(c);
      if (found > VERSION) {
        throw new IllegalStateException(
            "the database holds coupon-fetch schema version "
                + found
                + ", newer than this library's "
                + VERSION
                + ": upgrade coupon-fetch");
      }
      return;
    }
    try (Statement s = c.createStatement()) {
      for (String sql : statements(d.script(VERSION))) {
        s.execute(sql);
      }
    }
  }

  private static boolean exists(Connection c, Dialect d) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(d.schemaExists)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM coupon_fetch_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** The script's statements: comment lines dropped, split at each {@code ;} ending a line. */
  static List<String> statements(String resource) {
    String text;
    try (InputStream in =
        Objects.requireNonNull(Schema.class.getResourceAsStream(resource), resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (t.endsWith(";")) {
        out.add(current.substring(0, current.lastIndexOf(";")).strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
