package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dotted path of the settings screen ({@code result.0.data.coupon}), split once at compile time
 * and walked directly on the Jackson tree: no regex, no per-segment allocation on the success path.
 * The language is described in {@code package-info.java}. Immutable, thread-safe.
 */
final class DottedPath implements PathExpr {
  private static final String RESULT = "result";

  private final String text;
  private final boolean leadingResult;

  /** Segment as written, for messages. */
  private final String[] names;

  /** Object key to look up (numbers too: on an object a number is a key). */
  private final String[] keys;

  /** Array index, or -1 when the segment is not a plain number. */
  private final int[] indexes;

  private final boolean[] wildcards;
  private final boolean anyWildcard;

  private DottedPath(String text, boolean leadingResult, List<Segment> segments) {
    this.text = text;
    this.leadingResult = leadingResult;
    int n = segments.size();
    names = new String[n];
    keys = new String[n];
    indexes = new int[n];
    wildcards = new boolean[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      Segment s = segments.get(i);
      names[i] = s.name;
      keys[i] = s.key;
      indexes[i] = s.index;
      wildcards[i] = s.wildcard;
      any |= s.wildcard;
    }
    anyWildcard = any;
  }

  private record Segment(String name, String key, int index, boolean wildcard) {}

  static DottedPath compile(String field, String text, List<String> problems) {
    List<Segment> segments = new ArrayList<>();
    String problem = split(text, segments);
    if (problem != null) {
      problems.add(field + ": " + problem);
      return null;
    }
    boolean leadingResult = false;
    if (!segments.isEmpty() && segments.get(0).name.equals(RESULT)) {
      leadingResult = true;
      segments.remove(0);
    }
    return new DottedPath(text, leadingResult, segments);
  }

  /** Splits {@code text} into segments; returns why it cannot, or null. */
  private static String split(String text, List<Segment> out) {
    StringBuilder cur = new StringBuilder();
    boolean started = false; // the current segment has at least one character (maybe escaped)
    boolean escaped = false; // ...of which one was escaped: then it is a plain key
    boolean afterBracket = false; // just closed [n]: only '.', '[' or the end may follow
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (!started && !afterBracket) {
          return "empty segment in '" + text + "' (a dot at the start or end, or two in a row)";
        }
        if (started) {
          out.add(segment(cur.toString(), escaped));
        }
        cur.setLength(0);
        started = escaped = afterBracket = false;
        if (i == n - 1) {
          return "empty segment in '" + text + "' (a dot at the start or end, or two in a row)";
        }
      } else if (c == '[') {
        if (started) {
          out.add(segment(cur.toString(), escaped));
          cur.setLength(0);
          started = escaped = false;
        }
        int close = text.indexOf(']', i);
        if (close < 0) {
          return "'[' without ']' in '" + text + "' (escape it as \\[ in a key)";
        }
        String inner = text.substring(i + 1, close);
        if (!inner.equals("*") && !isIndex(inner)) {
          String template = "'[%s]' in '%s' must hold an index or * (escape [ as \\[ in a key)";
          return Nodes.fmt(template, inner, text);
        }
        out.add(segment(inner, false));
        i = close;
        afterBracket = true;
      } else if (afterBracket) {
        return "expected '.' or '[' after ']' in '" + text + "'";
      } else if (c == '\\') {
        if (i == n - 1) {
          return "'" + text + "' ends with a lone backslash (write \\\\ for a backslash in a key)";
        }
        cur.append(text.charAt(++i));
        started = escaped = true;
      } else {
        cur.append(c);
        started = true;
      }
    }
    if (started) {
      out.add(segment(cur.toString(), escaped));
    }
    return null;
  }

  private static Segment segment(String s, boolean escaped) {
    if (!escaped && s.equals("*")) {
      return new Segment(s, s, -1, true);
    }
    return new Segment(s, s, !escaped && isIndex(s) ? Integer.parseInt(s) : -1, false);
  }

  /** 1 to 9 ASCII digits: fits an int, so parseInt cannot fail. */
  private static boolean isIndex(String s) {
    int n = s.length();
    if (n == 0 || n > 9) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public void select(JsonNode root, Selection into) {
    JsonNode start = root;
    // "result" names the whole response, unless the response really has a "result" key and the
    // next segment is * or not found at the top: settings screens are written both ways.
    if (leadingResult
        && root.isObject()
        && root.has(RESULT)
        && (keys.length == 0 || wildcards[0] || !root.has(keys[0]))) {
      start = root.get(RESULT);
    }
    Object[] trail = anyWildcard ? new Object[keys.length] : null;
    walk(start, 0, into, trail, false);
  }

  /** Walks from segment {@code from}; {@code trail} records the key or index a wildcard took. */
  private void walk(JsonNode node, int from, Selection into, Object[] trail, boolean under) {
    for (int i = from; i < keys.length; i++) {
      if (wildcards[i]) {
        if (node.isArray()) {
          for (int j = 0, n = node.size(); j < n; j++) {
            trail[i] = j;
            walk(node.get(j), i + 1, into, trail, true);
          }
        } else if (node.isObject()) {
          for (Map.Entry<String, JsonNode> e : node.properties()) {
            trail[i] = e.getKey();
            walk(e.getValue(), i + 1, into, trail, true);
          }
        } else {
          fail(into, under, "expected an array or object at " + at(i, trail) + found(node));
        }
        return;
      }
      JsonNode next;
      if (node.isObject()) {
        next = node.get(keys[i]);
        if (next == null) {
          fail(into, under, noKey(i, trail, node));
          return;
        }
      } else if (node.isArray() && indexes[i] >= 0) {
        next = node.get(indexes[i]);
        if (next == null) {
          String msg = "index " + indexes[i] + " out of range at " + at(i, trail);
          fail(into, under, msg + " (array of " + node.size() + ")");
          return;
        }
      } else if (node.isArray()) {
        String msg = "expected an object with key '" + names[i] + "' at " + at(i, trail);
        fail(into, under, msg + found(node) + "; use an index (0) or * for every element");
        return;
      } else {
        String want = indexes[i] >= 0 ? "an array or object" : "an object";
        fail(into, under, "expected " + want + " at " + at(i, trail) + found(node));
        return;
      }
      node = next;
    }
    into.add(node);
  }

  private static void fail(Selection into, boolean underWildcard, String why) {
    if (!underWildcard) {
      into.failure = why;
      return;
    }
    // Keep the place so that codes and expiries stay aligned one for one.
    into.values.add(MissingNode.getInstance());
    if (into.gap == null) {
      into.gap = why;
    }
  }

  private String noKey(int i, Object[] trail, JsonNode object) {
    String key = Nodes.cut(names[i], 60);
    return "no key '" + key + "' at " + at(i, trail) + "; keys there: " + Nodes.keys(object);
  }

  private static String found(JsonNode node) {
    String kind = Nodes.kind(node);
    if (node.isValueNode()) {
      return " but found " + kind + " (" + Nodes.preview(node) + ")";
    }
    return " but found " + kind;
  }

  /** Where segment {@code i} was looked up, written like the path: {@code result.0.data}. */
  private String at(int i, Object[] trail) {
    StringBuilder sb = new StringBuilder(leadingResult ? RESULT : "");
    for (int k = 0; k < i; k++) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(wildcards[k] ? String.valueOf(trail[k]) : names[k].replace(".", "\\."));
    }
    return sb.length() == 0 ? "the top level" : sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  /** For tests: the segments as compiled. */
  List<String> segments() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      out.add(wildcards[i] ? "*" : indexes[i] >= 0 ? "[" + indexes[i] + "]" : keys[i]);
    }
    return out;
  }
}
