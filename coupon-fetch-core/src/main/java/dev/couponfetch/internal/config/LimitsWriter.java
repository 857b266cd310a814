package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.Limits;
import java.util.List;

/**
 * Writes {@code limits}: only the fields that are set, and nothing at all for {@link Limits#NONE},
 * so that a config without limits writes the JSON it always did. Stateless.
 */
final class LimitsWriter {
  static final List<String> FIELDS =
      List.of("maxConcurrent", "maxQueued", "requestsPerSecond", "whenRateLimited");

  /** Below this a whole rate is written without a fraction ({@code 5}, not {@code 5.0}). */
  private static final double WHOLE_LIMIT = 1e15;

  private LimitsWriter() {}

  /** The {@code limits} object, or null when none is set. */
  static ObjectNode tree(Limits limits) {
    if (limits.isNone()) {
      return null;
    }
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    if (limits.maxConcurrent() != null) {
      node.put("maxConcurrent", limits.maxConcurrent());
    }
    if (limits.maxQueued() != null) {
      node.put("maxQueued", limits.maxQueued());
    }
    Double rate = limits.requestsPerSecond();
    if (rate != null) {
      if (rate == Math.rint(rate) && Math.abs(rate) < WHOLE_LIMIT) {
        node.put("requestsPerSecond", rate.longValue());
      } else {
        node.put("requestsPerSecond", rate);
      }
    }
    if (limits.whenRateLimited() != null) {
      node.put("whenRateLimited", limits.whenRateLimited().name());
    }
    return node;
  }
}
