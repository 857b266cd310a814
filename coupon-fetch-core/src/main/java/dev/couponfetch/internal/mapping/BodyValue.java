package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A path to one value in a JSON document, written as {@code mapping.code} is ({@code data.token},
 * {@code \.} escapes a dot). Used for the fields of a token response that a provider keeps
 * elsewhere ({@code auth.accessTokenPath}, {@code expiresInPath}, {@code refreshTokenPath}).
 * Thread-safe.
 */
public final class BodyValue {
  private final PathExpr path;

  private BodyValue(PathExpr path) {
    this.path = path;
  }

  /**
   * Compiles {@code text} for {@code field}; adds a problem naming the field and returns null when
   * it cannot be compiled.
   */
  public static BodyValue compile(String field, String text, List<String> problems) {
    PathExpr p = PathExpr.compile(field, text, PathExpr.Use.ERROR, problems);
    return p == null ? null : new BodyValue(p);
  }

  /**
   * What the path found in {@code root}: the value (null when the path is not there) or why it is
   * not there ({@code no key 'token' at data; keys there: access, ttl}).
   */
  public record Found(JsonNode value, String why) {}

  /** The first value at this path in {@code root}, or why there is none. */
  public Found find(JsonNode root) {
    Selection s = new Selection();
    path.select(root, s);
    if (s.failure != null) {
      return new Found(null, s.failure);
    }
    for (JsonNode v : s.values) {
      if (!v.isMissingNode()) {
        return new Found(v, null);
      }
    }
    return new Found(null, s.gap != null ? s.gap : "nothing at " + path.text());
  }

  /** The path as configured. */
  public String text() {
    return path.text();
  }

  @Override
  public String toString() {
    return "BodyValue{" + path.text() + "}";
  }
}
