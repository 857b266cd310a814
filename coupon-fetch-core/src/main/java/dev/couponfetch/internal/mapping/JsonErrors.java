package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's reasons for refusing a JSON text, in a reader's words: {@code "a ',' is missing between
 * the object's fields"} rather than {@code "Unexpected character ('\"' (code 34)): was expecting
 * comma to separate Object entries"}. Jackson's messages name its own classes and features ({@code
 * bound as `com.fasterxml.jackson.databind.JsonNode`}, {@code
 * StreamReadConstraints.getMaxNestingDepth()}, {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}),
 * which mean nothing to a merchant, and may quote the offending text, which may be a secret typed
 * without quotes: what is not recognised here becomes "not valid JSON". Used for configs and for
 * response bodies. Stateless.
 */
public final class JsonErrors {
  private static final Pattern UNEXPECTED_CHAR =
      Pattern.compile("^Unexpected character \\('(.)' \\(code (\\d+)[^)]*\\)\\):?\\s*(.*)$");
  private static final Pattern CLOSE_MARKER =
      Pattern.compile("^Unexpected close marker '(.)': expected '(.)'.*");
  private static final Pattern CONTROL_CHAR = Pattern.compile("code (\\d+)");
  private static final Pattern START_AT = Pattern.compile("line: (\\d+), column: (\\d+)");
  private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
  private static final Pattern ESCAPE = Pattern.compile("^Unrecognized character escape '(.)'");
  private static final Pattern UTF8_BYTE = Pattern.compile("Invalid UTF-8 \\w+ byte (0x\\w+)");

  private JsonErrors() {}

  /** Why {@code e}'s JSON text was refused, starting in lower case, without a location. */
  public static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
    if (e instanceof StreamConstraintsException) {
      return limit(first);
    }
    if (first.startsWith("Unexpected end-of-input")) {
      return endOfInput(first);
    }
    if (first.startsWith("Trailing token")) {
      return "more JSON follows the end of the value (only one JSON value is allowed)";
    }
    if (first.startsWith("Unrecognized token")) {
      return "unrecognized word (text must be in double quotes; true, false and null are"
          + " lowercase)";
    }
    if (first.startsWith("Duplicate field")) {
      return first.replace("Duplicate field", "duplicate field"); // a field name, not a value
    }
    if (first.startsWith("Non-standard token")) {
      return "NaN and Infinity are not JSON numbers";
    }
    if (first.startsWith("Leading zeroes") || first.contains("Leading zeroes not allowed")) {
      return "a number must not start with 0 (write 7, not 07; quote codes such as \"007\")";
    }
    if (first.startsWith("Illegal unquoted character")) {
      return "text values must not contain "
          + control(first)
          + " (write it escaped, as \\n or"
          + " \\u0001)";
    }
    if (first.startsWith("Illegal character")) {
      return control(first) + " outside a text value";
    }
    Matcher m = ESCAPE.matcher(first);
    if (m.find()) {
      return "unknown escape '\\" + m.group(1) + "' in a text value (write \\\\ for a backslash)";
    }
    m = UTF8_BYTE.matcher(first);
    if (m.find()) {
      return "the text is not valid UTF-8 (byte " + m.group(1) + ")";
    }
    m = CLOSE_MARKER.matcher(first);
    if (m.matches()) {
      return "unexpected '" + m.group(1) + "' where '" + m.group(2) + "' closes" + startedAt(first);
    }
    if (first.startsWith("Unexpected close marker")) {
      return "unexpected '"
          + first.charAt("Unexpected close marker '".length())
          + "': nothing"
          + " to close";
    }
    m = UNEXPECTED_CHAR.matcher(first);
    if (m.matches()) {
      return unexpected(m.group(1).charAt(0), Integer.parseInt(m.group(2)), m.group(3));
    }
    if (first.startsWith("Invalid numeric value") || first.contains("in numeric value")) {
      return "not a valid number";
    }
    return "not valid JSON";
  }

  private static String unexpected(char c, int code, String rest) {
    if (c == '/' || rest.contains("comment")) {
      return "comments are not allowed in JSON";
    }
    if (c == '\'') {
      return "unexpected ' (text and field names must be in double quotes)";
    }
    if (code == 0xFEFF) {
      return "unexpected byte order mark (U+FEFF) inside the text";
    }
    String shown =
        code < 0x20 || code == 0x7F
            ? Nodes.fmt(" U+%04X", code)
            : Character.isLetterOrDigit(c) ? "" : " '" + c + "'";
    String what = "unexpected character" + shown;
    if (rest.contains("in numeric value")) {
      return what + " in a number";
    }
    if (rest.contains("double-quote to start field name")) {
      return what + ": field names must be in double quotes";
    }
    if (rest.contains("comma to separate Object entries")) {
      return what + ": a ',' is missing between the object's fields";
    }
    if (rest.contains("comma to separate Array entries")) {
      return what + ": a ',' is missing between the array's values";
    }
    if (rest.contains("colon to separate field name and value")) {
      return what + ": a ':' is missing after the field name";
    }
    if (rest.startsWith("expected a valid value")) {
      return what
          + ": expected a value (text in double quotes, a number, an object, an array,"
          + " true, false or null)";
    }
    return what;
  }

  private static String endOfInput(String first) {
    if (first.contains("close marker for Object")) {
      return "the text ends before an object is closed (a '}' is missing" + startedAt(first) + ")";
    }
    if (first.contains("close marker for Array")) {
      return "the text ends before an array is closed (a ']' is missing" + startedAt(first) + ")";
    }
    if (first.contains("closing quote")) {
      return "the text ends inside a text value (a closing '\"' is missing)";
    }
    if (first.contains("Object entries")) {
      return "the text ends inside an object";
    }
    if (first.contains("Array entries")) {
      return "the text ends inside an array";
    }
    return "the text ends too early";
  }

  /** {@code "; it opens at line 1, column 6"}, from Jackson's start marker, or empty. */
  private static String startedAt(String first) {
    Matcher m = START_AT.matcher(first);
    return m.find() ? "; it opens at line " + m.group(1) + ", column " + m.group(2) : "";
  }

  private static String control(String first) {
    Matcher m = CONTROL_CHAR.matcher(first);
    return m.find()
        ? Nodes.fmt("the control character U+%04X", Integer.parseInt(m.group(1)))
        : "a control character";
  }

  /** A {@code StreamReadConstraints} limit, with its number. */
  private static String limit(String first) {
    Matcher m = LIMIT.matcher(first);
    String max = m.find() ? Nodes.fmt("%,d", Long.parseLong(m.group(1))) : null;
    String lower = first.toLowerCase(Locale.ROOT);
    if (max == null) {
      return "the text is larger than the JSON reader allows";
    }
    if (lower.contains("nesting depth")) {
      return "objects and arrays are nested more than " + max + " levels deep";
    }
    if (lower.contains("number value length")) {
      return "a number is longer than " + max + " characters";
    }
    if (lower.contains("string value length")) {
      return "a text value is longer than " + max + " characters";
    }
    if (lower.contains("name length")) {
      return "a field name is longer than " + max + " characters";
    }
    if (lower.contains("document length")) {
      return "the text is longer than " + max + " characters";
    }
    if (lower.contains("token count")) {
      return "the text holds more than " + max + " JSON tokens";
    }
    return "the text is larger than the JSON reader allows (" + max + ")";
  }
}
