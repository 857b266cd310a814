package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Turns one selected JSON value into a code, or fails with {@code INVALID_CODE}. Stateless. */
final class CodeReader {
  /** The longest code accepted, in code points; longer values are almost surely the wrong field. */
  static final int MAX_CODE_CHARS = 256;

  private CodeReader() {}

  /**
   * The code in {@code value}, value {@code i} of {@code n} at {@code path}: a string (trimmed, see
   * {@link CodeText#trim}) or a whole number (its decimal text). Messages are built only on
   * failure.
   */
  static String read(JsonNode value, String path, int i, int n) {
    if (value.isTextual()) {
      String code = CodeText.trim(value.textValue());
      if (isAcceptable(code)) {
        return code; // the common case, without building a message
      }
    }
    return readSlow(value, where(path, i, n));
  }

  /** A trimmed, non-blank line {@code i} of {@code n} of a plain-text body. */
  static String line(String code, int i, int n) {
    return isAcceptable(code) ? code : check(code, where(null, i, n));
  }

  private static boolean isAcceptable(String code) {
    // length() >= code points, so a short string needs no counting
    return !code.isEmpty()
        && (code.length() <= MAX_CODE_CHARS || CodeText.length(code) <= MAX_CODE_CHARS)
        && CodeText.forbidden(code) < 0;
  }

  private static String where(String path, int i, int n) {
    String of = n > 1 ? " (value " + (i + 1) + " of " + n + ")" : "";
    return (path == null ? "the response body" : "mapping.code '" + path + "'") + of;
  }

  private static String readSlow(JsonNode value, String where) {
    if (value.isTextual()) {
      String code = CodeText.trim(value.textValue());
      if (code.isEmpty()) {
        String kind = value.textValue().isEmpty() ? "an empty" : "a blank";
        throw invalid(Nodes.fmt("%s gave %s string, not a code", where, kind));
      }
      return check(code, where);
    }
    if (value.isNumber()) {
      String code = wholeNumber(value);
      if (code == null) {
        String template =
            "%s gave the number %s, which is not a whole number; a code must be text"
                + " or an integer";
        throw invalid(Nodes.fmt(template, where, Nodes.preview(value)));
      }
      return check(code, where);
    }
    if (value.isObject()) {
      String template =
          "%s gave an object (%s), not a code; point it at the code inside (keys" + " there: %s)";
      throw invalid(Nodes.fmt(template, where, Nodes.preview(value), Nodes.keys(value)));
    }
    if (value.isArray()) {
      throw invalid(
          where + " gave an array inside the list (" + Nodes.preview(value) + "), not a code");
    }
    throw invalid(
        where + " gave " + Nodes.kind(value) + " (" + Nodes.preview(value) + "), not a code");
  }

  /**
   * The decimal text of a whole number ({@code 12345}, also for {@code 12345.0} or {@code
   * 1.2345E4}), exact for any size; null for a number with a fraction.
   */
  static String wholeNumber(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.canConvertToLong()
          ? Long.toString(value.longValue())
          : value.bigIntegerValue().toString();
    }
    BigDecimal d = value.decimalValue();
    if (d.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > 400) {
      return null; // a fraction, or absurdly large (1e999999): not a code either way
    }
    BigInteger whole = stripped.toBigIntegerExact();
    return whole.toString();
  }

  /** {@code code} if it is short enough and one line of text; INVALID_CODE otherwise. */
  private static String check(String code, String where) {
    int bad = CodeText.forbidden(code);
    if (bad >= 0) {
      char c = code.charAt(bad);
      String rule =
          c == CodeText.REPLACEMENT
              ? "it stands for bytes that were not text in the response's charset, so the code is"
                  + " garbled"
              : Character.isSurrogate(c)
                  ? "half of a character cannot be sent or stored"
                  : "a code must be a single line of text without control characters";
      String template = "%s gave '%s', which contains %s; %s";
      String shown = CodeText.escaped(code, Nodes.MAX_VALUE_CHARS);
      throw invalid(Nodes.fmt(template, where, shown, CodeText.describe(c), rule));
    }
    int length = CodeText.length(code);
    if (length > MAX_CODE_CHARS) {
      String template = "%s gave a code of %d characters (at most %d): '%s'";
      String shown = CodeText.escaped(code, Nodes.MAX_VALUE_CHARS);
      throw invalid(Nodes.fmt(template, where, length, MAX_CODE_CHARS, shown));
    }
    return code;
  }

  static CouponFetchException invalid(String message) {
    return CouponFetchException.of(Reason.INVALID_CODE, message);
  }
}
