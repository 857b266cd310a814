package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.Limits;

/**
 * Reads {@code limits} (how hard a config may press its endpoint) with the {@link ConfigReader} it
 * belongs to, whose problems and tainted fields it adds to. Each field is checked here, range
 * included, so that every problem is listed at once rather than the first one {@link Limits}
 * throws. Stateless.
 */
final class LimitsReader {
  static final String PATH = "limits";

  private LimitsReader() {}

  /** The {@code limits} of {@code root}; null when there are none or the object is unreadable. */
  static Limits read(ConfigReader r, JsonNode root) {
    JsonNode node = r.object(root, "", PATH, false);
    if (node == null) {
      return null;
    }
    r.unknownFields(node, PATH, LimitsWriter.FIELDS);
    Integer maxConcurrent = whole(r, node, "maxConcurrent", 1, Limits.MAX_CONCURRENT);
    Integer maxQueued = whole(r, node, "maxQueued", 0, Limits.MAX_QUEUED);
    Double requestsPerSecond = rate(r, node);
    Limits.WhenRateLimited when =
        r.enumValue(node, PATH, "whenRateLimited", Limits.WhenRateLimited.class);
    return new Limits(maxConcurrent, maxQueued, requestsPerSecond, when);
  }

  private static Integer whole(ConfigReader r, JsonNode limits, String name, int min, int max) {
    JsonNode node = Json.field(limits, name);
    if (node == null) {
      return null;
    }
    String path = FieldPath.child(PATH, name);
    if (!node.isIntegralNumber()) {
      return bad(r, path, "must be a whole number between " + min + " and " + max, node);
    }
    if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
      return bad(r, path, "must be between " + min + " and " + max, node);
    }
    return node.intValue();
  }

  private static Double rate(ConfigReader r, JsonNode limits) {
    JsonNode node = Json.field(limits, "requestsPerSecond");
    if (node == null) {
      return null;
    }
    String path = FieldPath.child(PATH, "requestsPerSecond");
    String range = "more than 0 and at most " + (int) Limits.MAX_REQUESTS_PER_SECOND;
    if (!node.isNumber()) {
      return bad(r, path, "must be a number " + range + " (such as 2.5)", node);
    }
    double value = node.doubleValue();
    if (!(value > 0) || value > Limits.MAX_REQUESTS_PER_SECOND) {
      return bad(r, path, "must be " + range, node);
    }
    return value;
  }

  private static <T> T bad(ConfigReader r, String path, String rule, JsonNode node) {
    r.problems().add(path + ": " + rule + ", got " + Json.describe(node, false));
    r.taint(path);
    return null;
  }
}
