package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A path to one value in a JSON body, compiled once, in core's path language (dotted as {@code
 * mapping.code} is, {@code \.} escaping a dot, or JsonPath when it starts with {@code $}): the
 * session token of a {@code SESSION} login response ({@code data.token} in {@code
 * {"data":{"token":"…"}}}), and the fields of a token response that a provider keeps elsewhere
 * ({@code auth.accessTokenPath}, {@code expiresInPath}, {@code refreshTokenPath}). Thread-safe.
 */
public final class BodyValue {
  private final PathExpr path;

  private BodyValue(PathExpr path) {
    this.path = path;
  }

  /**
   * What a body gave: the value as text (a string, or a number's decimal text), or why there is
   * none. The reason may quote keys and kinds of the body, never a string value.
   */
  public record Found(String value, String failure) {}

  /**
   * Compiles {@code text} for {@code field}; adds a problem naming the field and returns null when
   * it cannot be compiled.
   */
  public static BodyValue compile(String field, String text, List<String> problems) {
    PathExpr p = PathExpr.compile(field, text, PathExpr.Use.CODE, problems);
    return p == null ? null : new BodyValue(p);
  }

  /** The value at the path in {@code body}, or why there is none. */
  public Found read(byte[] body, Charset charset) {
    JsonNode root;
    try {
      root = JsonBodyParser.parse(body, charset == null ? StandardCharsets.UTF_8 : charset);
    } catch (RuntimeException e) {
      return new Found(null, "the body is not JSON");
    }
    if (root == null) {
      return new Found(null, "the body is empty");
    }
    Selection s = new Selection();
    path.select(root, s);
    if (s.failure != null) {
      return new Found(null, s.failure);
    }
    if (s.values.size() != 1) {
      return new Found(
          null, "the path gives " + s.values.size() + " values, not one (" + kinds(s) + ")");
    }
    JsonNode v = s.values.get(0);
    if (v.isTextual() && !v.textValue().isBlank()) {
      return new Found(v.textValue().strip(), null);
    }
    if (v.isIntegralNumber()) {
      return new Found(v.bigIntegerValue().toString(), null);
    }
    String kind = v.isTextual() ? "an empty string" : Nodes.kind(v);
    return new Found(null, "the value there is " + kind + ", not a token");
  }

  private static String kinds(Selection s) {
    StringBuilder b = new StringBuilder();
    for (JsonNode v : s.values) {
      b.append(b.length() == 0 ? "" : ", ").append(Nodes.kind(v));
      if (b.length() > 80) {
        return b.append(", ...").toString();
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  /**
   * What the path found in a parsed document: the node (null when the path is not there) or why it
   * is not there ({@code no key 'token' at data; keys there: access, ttl}).
   */
  public record Node(JsonNode value, String why) {}

  /** The first value at this path in {@code root}, or why there is none. */
  public Node find(JsonNode root) {
    Selection s = new Selection();
    path.select(root, s);
    if (s.failure != null) {
      return new Node(null, s.failure);
    }
    for (JsonNode v : s.values) {
      if (!v.isMissingNode()) {
        return new Node(v, null);
      }
    }
    return new Node(null, s.gap != null ? s.gap : "nothing at " + path.text());
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
