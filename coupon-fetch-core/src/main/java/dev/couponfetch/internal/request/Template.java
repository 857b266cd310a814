package dev.couponfetch.internal.request;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A text holding {@code {{variable}}} placeholders, split once into literal and variable parts so
 * that filling it in is a single pass. Names are {@code [A-Za-z0-9_.-]+}, optionally surrounded by
 * spaces inside the braces ({@code {{ email }}}). There is no escape: every <code>{{</code> opens a
 * placeholder. Immutable and thread-safe.
 */
public final class Template {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final int ECHO_LIMIT = 40;

  private final String source;
  private final String[] literals;
  private final String[] names;

  private Template(String source, List<String> literals, List<String> names) {
    this.source = source;
    this.literals = literals.toArray(new String[0]);
    this.names = names.toArray(new String[0]);
  }

  /**
   * Parses {@code text}. On a syntax error adds a problem naming {@code where} to {@code problems}
   * (when not null) and returns null.
   *
   * @param secret whether {@code text} is a credential, whose content a message must not show
   */
  public static Template compile(String text, String where, boolean secret, List<String> problems) {
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int from = 0;
    int open = text.indexOf("{{");
    while (open >= 0) {
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        return fail(
            problems, where + ": '{{' at position " + (open + 1) + " is not closed by '}}'");
      }
      String inner = text.substring(open + 2, close).strip();
      if (!NAME.matcher(inner).matches()) {
        String shown =
            secret ? "the placeholder at position " + (open + 1) : "'{{" + truncate(inner) + "}}'";
        return fail(
            problems,
            where
                + ": "
                + shown
                + " is not a valid variable name (use letters, digits, '_', '.' and '-')");
      }
      literals.add(text.substring(from, open));
      names.add(inner);
      from = close + 2;
      open = text.indexOf("{{", from);
    }
    literals.add(text.substring(from));
    return new Template(text, literals, names);
  }

  private static Template fail(List<String> problems, String problem) {
    if (problems != null) {
      problems.add(problem);
    }
    return null;
  }

  private static String truncate(String s) {
    return s.length() <= ECHO_LIMIT ? s : s.substring(0, ECHO_LIMIT) + "…";
  }

  /** The text as configured. */
  String source() {
    return source;
  }

  /** Whether the text holds no placeholder. */
  public boolean isConstant() {
    return names.length == 0;
  }

  /** The variable names, in order of appearance (repeats included). */
  public List<String> variables() {
    List<String> list = new ArrayList<>(names.length);
    Collections.addAll(list, names);
    return list;
  }

  /**
   * The text with every variable filled in; each value passes through {@code encode}, literals stay
   * as they are.
   *
   * @param where the field this text comes from, for the error message
   * @throws CouponFetchException {@link Reason#MISSING_VARIABLE} when a variable is not supplied
   */
  public String render(Map<String, String> variables, UnaryOperator<String> encode, String where) {
    return renderWith(variables, (i, value) -> encode.apply(value), where);
  }

  /**
   * The text with every variable filled in; the value of placeholder {@code i} (counted from 0 in
   * order of appearance) passes through {@code encode.encode(i, value)}.
   *
   * @throws CouponFetchException {@link Reason#MISSING_VARIABLE} when a variable is not supplied
   */
  String renderWith(Map<String, String> variables, Encoder encode, String where) {
    if (names.length == 0) {
      return source;
    }
    StringBuilder s = new StringBuilder(source.length() + 32);
    for (int i = 0; i < names.length; i++) {
      s.append(literals[i]).append(encode.encode(i, value(variables, names[i], where)));
    }
    return s.append(literals[names.length]).toString();
  }

  /** Encodes a placeholder's value for where that placeholder stands. */
  @FunctionalInterface
  interface Encoder {
    /** The text for {@code value}, the value of placeholder {@code index}. */
    String encode(int index, String value);
  }

  /**
   * The literal text before placeholder {@code i}; for {@code i} equal to the number of
   * placeholders, the text after the last one.
   */
  String literal(int i) {
    return literals[i];
  }

  /** The text with every variable filled in as is. */
  public String render(Map<String, String> variables, String where) {
    return render(variables, UnaryOperator.identity(), where);
  }

  /**
   * The text filled in for use as a header value.
   *
   * @throws CouponFetchException {@link Reason#INVALID_CONFIG} when a value holds a control
   *     character such as CR or LF, which could smuggle in another header
   */
  public String renderHeader(Map<String, String> variables, String where) {
    for (String name : names) {
      if (HeaderNames.hasControlCharacter(value(variables, name, where))) {
        String problem =
            where
                + ": the value of variable '"
                + name
                + "' holds a control character (such as a line break), which is not allowed in a"
                + " header";
        throw CouponFetchException.invalidConfig(List.of(problem));
      }
    }
    return render(variables, where);
  }

  /** The text with every placeholder replaced by {@code placeholder}, for syntax checks. */
  public String fillAll(String placeholder) {
    StringBuilder s = new StringBuilder(source.length());
    for (int i = 0; i < names.length; i++) {
      s.append(literals[i]).append(placeholder);
    }
    return s.append(literals[names.length]).toString();
  }

  private static String value(Map<String, String> variables, String name, String where) {
    String value = variables.get(name);
    if (value == null) {
      throw missing(Map.of(name, where));
    }
    return value;
  }

  /**
   * The {@link Reason#MISSING_VARIABLE} failure for variables not supplied.
   *
   * @param missing each missing name and the first field that uses it, in order
   */
  public static CouponFetchException missing(Map<String, String> missing) {
    StringBuilder s = new StringBuilder();
    if (missing.size() == 1) {
      Map.Entry<String, String> e = missing.entrySet().iterator().next();
      s.append("variable '")
          .append(e.getKey())
          .append("' is used in ")
          .append(e.getValue())
          .append(" but was not supplied");
    } else {
      s.append("variables were not supplied: ");
      String sep = "";
      for (Map.Entry<String, String> e : missing.entrySet()) {
        s.append(sep).append('\'').append(e.getKey()).append("' (used in ");
        s.append(e.getValue()).append(')');
        sep = ", ";
      }
    }
    return CouponFetchException.of(Reason.MISSING_VARIABLE, s.toString());
  }
}
