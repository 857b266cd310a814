package dev.couponfetch.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's version, from the resource filtered by the build. */
final class Version {
  private static final String VERSION = load();

  private Version() {}

  static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      // Unfiltered (an IDE build that skipped resource filtering): say so rather than "${...}".
      return v.startsWith("$") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
