package dev.couponfetch.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.internal.mapping.JsonErrors;
import java.util.Locale;

/** Small JSON helpers for messages that must never show a secret. Stateless. */
final class Json {
  private static final int ECHO_LIMIT = 60;

  private Json() {}

  /** The member {@code name} of {@code object}, or null when it is absent or JSON {@code null}. */
  static JsonNode field(JsonNode object, String name) {
    JsonNode node = object.get(name);
    return node == null || node.isNull() ? null : node;
  }

  /**
   * What a wrong value is, for a problem message: the JSON text (shortened) of a non-secret value,
   * or only its kind ("a number") for a secret one.
   */
  static String describe(JsonNode node, boolean secret) {
    if (!secret) {
      String text = node.toString();
      return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "…";
    }
    switch (node.getNodeType()) {
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The problem for JSON that does not parse: where it broke and why, without the parser's echo of
   * the offending text (which may be a secret typed without quotes) and without a stack trace.
   */
  static String unreadable(String field, JsonProcessingException e) {
    StringBuilder s = new StringBuilder(field).append(": unreadable JSON");
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      s.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
    }
    return s.append(": ").append(JsonErrors.reason(e)).toString();
  }
}
