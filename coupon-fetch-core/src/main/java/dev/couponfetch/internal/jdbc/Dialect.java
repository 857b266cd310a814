package dev.couponfetch.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The SQL that differs between the databases the JDBC stores support. */
enum Dialect {
  POSTGRESQL(
      "postgresql",
      "SELECT to_regclass('coupon_fetch_schema') IS NOT NULL",
      "INSERT INTO coupon_fetch_coupon (pool_key, code, expires_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (pool_key, code) DO NOTHING"),
  H2(
      "h2",
      "SELECT COUNT(*) > 0 FROM INFORMATION_SCHEMA.TABLES"
          + " WHERE TABLE_NAME = 'COUPON_FETCH_SCHEMA' AND TABLE_SCHEMA = CURRENT_SCHEMA",
      "MERGE INTO coupon_fetch_coupon c USING (VALUES (CAST(? AS VARCHAR(512)),"
          + " CAST(? AS VARCHAR(1024)), CAST(? AS TIMESTAMP WITH TIME ZONE)))"
          + " AS s(pool_key, code, expires_at)"
          + " ON c.pool_key = s.pool_key AND c.code = s.code"
          + " WHEN NOT MATCHED THEN INSERT (pool_key, code, expires_at)"
          + " VALUES (s.pool_key, s.code, s.expires_at)");

  /** The folder of the schema scripts under {@code dev/couponfetch/sql/}. */
  final String folder;

  /** One row, one boolean column: whether the schema table exists. */
  final String schemaExists;

  /** Adds one coupon (pool key, code, expiry) unless the pool holds its code; count 1 or 0. */
  final String addCoupon;

  Dialect(String folder, String schemaExists, String addCoupon) {
    this.folder = folder;
    this.schemaExists = schemaExists;
    this.addCoupon = addCoupon;
  }

  /** The resource path of the script that creates schema {@code version}. */
  String script(int version) {
    return "/dev/couponfetch/sql/" + folder + "/V" + version + "__coupon_fetch.sql";
  }

  /** The resource path of the extra script {@code name} (tables added beside schema version 1). */
  String extraScript(String name) {
    return "/dev/couponfetch/sql/" + folder + "/" + name + ".sql";
  }

  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException("the JDBC stores support PostgreSQL and H2, not " + product);
  }
}
