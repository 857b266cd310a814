package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;

/**
 * What one path selected in one response: its values (an array at the end of the path is unwrapped
 * one level), or why the path is not there. Made per call; not thread-safe.
 */
final class Selection {
  /** The values in response order; {@code MissingNode} marks a gap under a wildcard. */
  final ArrayList<JsonNode> values = new ArrayList<>(4);

  /** Why the path does not exist in the response, or null. */
  String failure;

  /** Why the first gap under a wildcard is there (an element without the rest of the path). */
  String gap;

  /** Adds {@code node}, or its elements when it is an array. */
  void add(JsonNode node) {
    if (node.isArray()) {
      for (int i = 0, n = node.size(); i < n; i++) {
        values.add(node.get(i));
      }
    } else {
      values.add(node);
    }
  }
}
