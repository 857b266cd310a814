package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The message of a {@code mapping.error} value, or null when the value means "no error": null,
 * missing, a blank string, {@code false}, {@code 0} (as in {@code "errcode": 0}), or an empty
 * object or array ({@code "errors": []}). Anything else is an error; containers are shown as JSON.
 * Stateless.
 */
final class ErrorText {
  /** The endpoint's own words matter most here, so they get more room than other values. */
  static final int MAX_CHARS = 300;

  private ErrorText() {}

  static String of(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      String s = v.textValue().strip();
      return s.isEmpty() ? null : Nodes.cut(s, MAX_CHARS);
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "true" : null;
    }
    if (v.isNumber()) {
      return v.decimalValue().signum() == 0 ? null : v.toString();
    }
    if (v.isContainerNode()) {
      return v.size() == 0 ? null : Nodes.cut(v.toString(), MAX_CHARS);
    }
    return Nodes.cut(v.toString(), MAX_CHARS);
  }
}
