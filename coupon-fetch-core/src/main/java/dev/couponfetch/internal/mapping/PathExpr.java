package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A compiled mapping path: JsonPath when it starts with {@code $}, else dotted. Thread-safe. */
interface PathExpr {
  /** What a path is for; JsonPath options differ (missing expiry leaves become null, ...). */
  enum Use {
    CODE,
    EXPIRY,
    ERROR
  }

  /** The path as configured. */
  String text();

  /** Adds what this path selects in {@code root} to {@code into}, or says why it is not there. */
  void select(JsonNode root, Selection into);

  /**
   * Compiles {@code text} for {@code field} (for example {@code mapping.code}); adds a problem
   * naming the field and returns null when it cannot be compiled, or is out of {@link PathLimits}.
   */
  static PathExpr compile(String field, String text, Use use, List<String> problems) {
    String tooBig = PathLimits.check(text);
    if (tooBig != null) {
      problems.add(field + ": " + tooBig);
      return null;
    }
    return text.startsWith("$")
        ? JsonPathExpr.compile(field, text, use, problems)
        : DottedPath.compile(field, text, problems);
  }
}
