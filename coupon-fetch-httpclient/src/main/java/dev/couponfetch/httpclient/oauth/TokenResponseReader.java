package dev.couponfetch.httpclient.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.internal.config.ConfigJson;
import dev.couponfetch.internal.mapping.BodyValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a successful token response that Nimbus does not (a token at {@code data.token}, no or
 * another {@code token_type}, {@code expires_in} as a string) with the config's paths ({@code
 * auth.accessTokenPath}, {@code expiresInPath}, {@code refreshTokenPath}). Stateless.
 */
final class TokenResponseReader {
  private TokenResponseReader() {}

  /** Why a body is not a token response; the message names the path and holds no value. */
  static final class NotATokenResponse extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean json;

    NotATokenResponse(String message, boolean json) {
      super(message, null, false, false);
      this.json = json;
    }
  }

  /** Whether the config reads its token responses at the standard fields. */
  static boolean standardPaths(AuthConfig auth) {
    return auth.accessTokenPathOrNull() == null
        && auth.expiresInPathOrNull() == null
        && auth.refreshTokenPathOrNull() == null;
  }

  /** The tokens in {@code body}; the expiry counts from {@code sentAt}. */
  static OAuthTokens read(String body, AuthConfig auth, Instant sentAt) throws NotATokenResponse {
    JsonNode root = parse(body);
    if (root == null || !root.isObject()) {
      throw new NotATokenResponse("the body is not a JSON object", false);
    }
    String access = string(root, auth.accessTokenPath(), "access token", true);
    String refresh = string(root, auth.refreshTokenPath(), "refresh token", false);
    Instant expiresAt = expiry(root, auth.expiresInPath(), sentAt);
    JsonNode scope = root.get("scope");
    return OAuthTokens.of(
        access, refresh, expiresAt, scope != null && scope.isTextual() ? scope.textValue() : null);
  }

  /** The string values at the config's token paths in {@code body}, to be masked where shown. */
  static List<String> tokenValues(String body, AuthConfig auth) {
    List<String> out = new ArrayList<>();
    JsonNode root = parse(body);
    if (root == null) {
      return out;
    }
    for (String path : List.of(auth.accessTokenPath(), auth.refreshTokenPath())) {
      BodyValue v = BodyValue.compile("path", path, new ArrayList<>());
      JsonNode n = v == null ? null : v.find(root).value();
      if (n != null && n.isValueNode() && !n.isNull()) {
        out.add(n.asText());
      }
    }
    return out;
  }

  private static JsonNode parse(String body) {
    try {
      return ConfigJson.mapper().readTree(body);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static JsonNode at(JsonNode root, String path, boolean required, String what)
      throws NotATokenResponse {
    BodyValue v = BodyValue.compile("path", path, new ArrayList<>());
    if (v == null) {
      throw new NotATokenResponse("the path " + path + " cannot be read", true);
    }
    BodyValue.Node f = v.find(root);
    if (f.value() == null || f.value().isNull()) {
      if (!required) {
        return null;
      }
      String why = f.why() == null ? "the value is null" : withoutValues(f.why());
      throw new NotATokenResponse(
          "the token response has no " + what + " at " + path + " (" + why + ")", true);
    }
    return f.value();
  }

  private static String string(JsonNode root, String path, String what, boolean required)
      throws NotATokenResponse {
    JsonNode n = at(root, path, required, what);
    if (n == null) {
      return null;
    }
    if (!n.isTextual() || n.textValue().isEmpty()) {
      throw new NotATokenResponse(
          "the " + what + " at " + path + " is " + kind(n) + ", not a non-empty string", true);
    }
    return n.textValue();
  }

  /** Seconds as a number or a numeric string; none, null or 0 is an unknown expiry. */
  private static Instant expiry(JsonNode root, String path, Instant sentAt)
      throws NotATokenResponse {
    JsonNode n = at(root, path, false, "lifetime");
    if (n == null) {
      return null;
    }
    BigDecimal seconds;
    try {
      seconds =
          n.isNumber()
              ? n.decimalValue()
              : n.isTextual() ? new BigDecimal(n.textValue().strip()) : null;
    } catch (NumberFormatException e) {
      seconds = null;
    }
    if (seconds == null || seconds.signum() < 0) {
      throw new NotATokenResponse(
          "the lifetime at "
              + path
              + " is "
              + kind(n)
              + ", not a number of seconds (such as 3600 or \"3600\")",
          true);
    }
    if (seconds.signum() == 0) {
      return null;
    }
    Duration max = TokenEndpoint.MAX_LIFETIME;
    return sentAt.plus(
        seconds.compareTo(BigDecimal.valueOf(max.getSeconds())) >= 0
            ? max
            : Duration.ofSeconds(seconds.longValue()));
  }

  /** "a string", "a number"...: the kind, never the value (it may be a token). */
  private static String kind(JsonNode n) {
    if (n.isTextual()) {
      return n.textValue().isEmpty() ? "an empty string" : "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return n.isArray() ? "an array" : n.isObject() ? "an object" : "null";
  }

  /** A path failure without the previews of values it may quote (a value may be a token). */
  private static String withoutValues(String why) {
    return why.replaceAll(
        "but found (a string|a number|a boolean) \\(.*?\\)(;|$)", "but found $1$2");
  }
}
