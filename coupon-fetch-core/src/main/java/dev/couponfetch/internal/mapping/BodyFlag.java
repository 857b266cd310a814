package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A path whose value in a JSON body raises a flag, with the truthiness of {@code mapping.error}: a
 * missing, null, empty, blank, {@code false} or {@code 0} value is no flag. Used for OAuth2's
 * {@code auth.tokenExpiredPath} ({@code errcode} in {@code {"errcode":40001}}). Thread-safe.
 */
public final class BodyFlag {
  private final PathExpr path;

  private BodyFlag(PathExpr path) {
    this.path = path;
  }

  /**
   * Compiles {@code text} for {@code field}; adds a problem naming the field and returns null when
   * it cannot be compiled.
   */
  public static BodyFlag compile(String field, String text, List<String> problems) {
    PathExpr p = PathExpr.compile(field, text, PathExpr.Use.ERROR, problems);
    return p == null ? null : new BodyFlag(p);
  }

  /** The flag's value as text when it is raised in {@code body}, else null (also for non-JSON). */
  public String raised(byte[] body, Charset charset) {
    JsonNode root;
    try {
      root = JsonBodyParser.parse(body, charset == null ? StandardCharsets.UTF_8 : charset);
    } catch (RuntimeException e) {
      return null; // not JSON: the coupon mapping will say so
    }
    if (root == null) {
      return null;
    }
    Selection s = new Selection();
    path.select(root, s);
    if (s.failure != null) {
      return null;
    }
    for (JsonNode v : s.values) {
      String text = ErrorText.of(v);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "BodyFlag{" + path.text() + "}";
  }
}
