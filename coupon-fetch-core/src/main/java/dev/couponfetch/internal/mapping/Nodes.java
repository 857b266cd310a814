package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/** Short descriptions of JSON values for failure messages. Stateless. */
final class Nodes {
  /** Values in messages are cut here, so a huge response never floods a report. */
  static final int MAX_VALUE_CHARS = 100;

  /** Listed keys are capped here for the same reason. */
  static final int MAX_KEYS = 20;

  private Nodes() {}

  /** "an object", "an array (of 2)", "a string", ... */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array (of " + node.size() + ")";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The value as JSON, cut to {@link #MAX_VALUE_CHARS}. */
  static String preview(JsonNode node) {
    return node == null ? "nothing" : cut(node.toString(), MAX_VALUE_CHARS);
  }

  /** "code, expires" or "(none)", at most {@link #MAX_KEYS} keys. */
  static String keys(JsonNode object) {
    if (object.size() == 0) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (n == MAX_KEYS) {
        sb.append(", … (").append(object.size() - MAX_KEYS).append(" more)");
        break;
      }
      if (n++ > 0) {
        sb.append(", ");
      }
      sb.append(cut(key, 40));
    }
    return sb.toString();
  }

  /** {@link String#format} in the root locale, for messages. */
  static String fmt(String template, Object... args) {
    return String.format(java.util.Locale.ROOT, template, args);
  }

  /**
   * {@code s} cut to {@code max} code points (never between the halves of a surrogate pair, which
   * would show as garbage), control characters shown as spaces.
   */
  static String cut(String s, int max) {
    int end = s.length();
    if (end > max) {
      end = 0;
      for (int k = 0; k < max && end < s.length(); k++) {
        end += Character.charCount(s.codePointAt(end));
      }
    }
    boolean longer = end < s.length();
    String head = longer ? s.substring(0, end) : s;
    StringBuilder sb = null;
    for (int i = 0; i < head.length(); i++) {
      if (Character.isISOControl(head.charAt(i))) {
        if (sb == null) {
          sb = new StringBuilder(head);
        }
        sb.setCharAt(i, ' ');
      }
    }
    String clean = sb == null ? head : sb.toString();
    return longer ? clean + "…" : clean;
  }
}
