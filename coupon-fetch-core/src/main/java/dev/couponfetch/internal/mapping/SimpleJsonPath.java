package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plain JsonPaths most configs use ({@code $.codes[*].code}, {@code $.result[0].data.coupon}:
 * names, indexes and wildcards only), walked directly on the Jackson tree. It answers only when the
 * walk meets nothing unusual, where json-path would select exactly the same values; for a missing
 * key, an index out of range or an unexpected type it gives up and json-path itself evaluates the
 * path, so its options, results and messages stay as they are. Immutable, thread-safe.
 */
final class SimpleJsonPath {
  private final String[] keys; // null where the segment is an index or a wildcard
  private final int[] indexes; // -1 unless an index
  private final boolean[] wildcards;

  private SimpleJsonPath(List<Object> segments) {
    int n = segments.size();
    keys = new String[n];
    indexes = new int[n];
    wildcards = new boolean[n];
    for (int i = 0; i < n; i++) {
      Object s = segments.get(i);
      indexes[i] = -1;
      if (s instanceof Integer) {
        indexes[i] = (Integer) s;
      } else if (s == WILDCARD) {
        wildcards[i] = true;
      } else {
        keys[i] = (String) s;
      }
    }
  }

  private static final Object WILDCARD = new Object();

  /**
   * {@code text} as a simple path: {@code $} then at least one of {@code .name} (letters, digits
   * and {@code _}, not starting with a digit), {@code .*}, {@code [n]} (up to 9 digits) or {@code
   * [*]}; null for anything else (filters, deep scan, quoted names, functions...).
   */
  static SimpleJsonPath of(String text) {
    int n = text.length();
    if (n < 2 || text.charAt(0) != '$') {
      return null;
    }
    List<Object> segments = new ArrayList<>();
    int i = 1;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '.') {
        int start = ++i;
        if (i < n && text.charAt(i) == '*') {
          segments.add(WILDCARD);
          i++;
          continue;
        }
        while (i < n && isNameChar(text.charAt(i), i == start)) {
          i++;
        }
        if (i == start) {
          return null; // "..", a quoted or odd name
        }
        segments.add(text.substring(start, i));
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          return null;
        }
        String inner = text.substring(i + 1, close);
        if (inner.equals("*")) {
          segments.add(WILDCARD);
        } else if (isIndex(inner)) {
          segments.add(Integer.parseInt(inner));
        } else {
          return null;
        }
        i = close + 1;
      } else {
        return null;
      }
    }
    return segments.isEmpty() ? null : new SimpleJsonPath(segments);
  }

  private static boolean isNameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (!first && c >= '0' && c <= '9');
  }

  private static boolean isIndex(String s) {
    int n = s.length();
    if (n == 0 || n > 9) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds every match to {@code into} (as {@link JsonPathExpr} adds json-path's matches) and returns
   * true; or adds nothing and returns false when json-path must decide.
   */
  boolean select(JsonNode root, Selection into) {
    int before = into.values.size();
    if (walk(root, 0, into)) {
      return true;
    }
    into.values.subList(before, into.values.size()).clear();
    return false;
  }

  private boolean walk(JsonNode node, int from, Selection into) {
    for (int i = from; i < keys.length; i++) {
      if (wildcards[i]) {
        if (node.isArray()) {
          for (int j = 0, n = node.size(); j < n; j++) {
            if (!walk(node.get(j), i + 1, into)) {
              return false;
            }
          }
          return true;
        }
        if (node.isObject()) {
          for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!walk(e.getValue(), i + 1, into)) {
              return false;
            }
          }
          return true;
        }
        return false;
      }
      JsonNode next;
      if (indexes[i] >= 0) {
        next = node.isArray() ? node.get(indexes[i]) : null;
      } else {
        next = node.isObject() ? node.get(keys[i]) : null;
      }
      if (next == null) {
        return false;
      }
      node = next;
    }
    into.add(node);
    return true;
  }
}
