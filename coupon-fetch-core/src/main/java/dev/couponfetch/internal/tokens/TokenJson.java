package dev.couponfetch.internal.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.OAuthTokens;
import java.time.Instant;

/**
 * The stored JSON form of {@link OAuthTokens}: {@code {"accessToken": …, "refreshToken": …,
 * "expiresAt": "<ISO instant>", "scope": …}}, shared by the file and JDBC token stores.
 */
public final class TokenJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenJson() {}

  /** The tokens as a JSON object. */
  static ObjectNode toNode(OAuthTokens t) {
    ObjectNode n = JSON.createObjectNode();
    t.accessToken().ifPresent(s -> n.put("accessToken", s.reveal()));
    t.refreshToken().ifPresent(s -> n.put("refreshToken", s.reveal()));
    t.expiresAt().ifPresent(x -> n.put("expiresAt", x.toString()));
    t.scope().ifPresent(s -> n.put("scope", s));
    return n;
  }

  /** The tokens as JSON text. */
  public static String toText(OAuthTokens t) {
    return toNode(t).toString();
  }

  /** The tokens of a JSON object, or null when {@code n} is none or unreadable. */
  static OAuthTokens fromNode(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    String expiresAt = text(n, "expiresAt");
    try {
      return OAuthTokens.of(
          text(n, "accessToken"),
          text(n, "refreshToken"),
          expiresAt == null ? null : Instant.parse(expiresAt),
          text(n, "scope"));
    } catch (RuntimeException e) {
      return null; // an entry we cannot read is no usable token
    }
  }

  /** The tokens of JSON text, or null when it is null or unreadable. */
  public static OAuthTokens fromText(String text) {
    if (text == null) {
      return null;
    }
    try {
      return fromNode(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return null; // no cause, no message: a parser message could quote a token
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isTextual() ? null : v.textValue();
  }
}
