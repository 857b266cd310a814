package dev.couponfetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.internal.config.ConfigJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The login of a {@code SESSION} config: the JSON object {@code auth.login}. Before the first
 * coupon request the fetcher posts {@link #payload()} to {@link #url()} (as JSON or as a form),
 * reads the session token from the response ({@link #tokenFrom()}: a body path, a header or a
 * cookie, named by {@link #tokenName()}), and attaches it to coupon requests where {@link
 * AuthConfig#tokenPlacement()} says; it logs in again when the endpoint refuses the token.
 *
 * <pre>{@code
 * LoginConfig login =
 *     LoginConfig.builder("https://shop.example/api/login")
 *         .field("username", "acme")
 *         .field("password", "s3cret")
 *         .tokenFrom(LoginConfig.TokenFrom.BODY)
 *         .tokenName("data.token")
 *         .build();
 * }</pre>
 *
 * <p>The payload's string values and the header values are {@link Secret}s: never printed ({@link
 * #toString()} and the masked JSON show {@code ****}). No login field may hold {@code
 * {{variables}}}: a session belongs to the merchant, not to a visitor. Immutable and thread-safe.
 */
public final class LoginConfig {
  /** Where the login response carries the session token. */
  public enum TokenFrom {
    /** A value in the JSON body, at the dotted path {@link #tokenName()} ({@code data.token}). */
    BODY,
    /** A response header named {@link #tokenName()}. */
    HEADER,
    /** A cookie named {@link #tokenName()}, set by a {@code Set-Cookie} header. */
    COOKIE
  }

  private final String url;
  private final RequestMethod method;
  private final ObjectNode payload;
  private final Map<String, Secret> headers;
  private final TokenFrom tokenFrom;
  private final String tokenName;

  private LoginConfig(Builder b) {
    this.url = b.url;
    this.method = b.method;
    // As JSON reading gives them (7 an int, not a long), so that built and read logins are equal.
    this.payload = (ObjectNode) ConfigJson.normalize(b.payload);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.tokenFrom = b.tokenFrom;
    this.tokenName = b.tokenName;
  }

  /** A builder for a login at {@code url}. */
  public static Builder builder(String url) {
    return new Builder(Objects.requireNonNull(url, "url == null"));
  }

  /** A builder holding this login's values. */
  public Builder toBuilder() {
    Builder b = new Builder(url);
    b.method = method;
    b.payload = payload.deepCopy();
    b.headers.putAll(headers);
    b.tokenFrom = tokenFrom;
    b.tokenName = tokenName;
    return b;
  }

  /** The login URL: absolute {@code http} or {@code https}. */
  public String url() {
    return url;
  }

  /** How the payload is sent: {@code POST_JSON} (the default) or {@code POST_FORM}. */
  public RequestMethod method() {
    return method;
  }

  /**
   * A copy of the payload: a flat object of scalars whose string values are secrets (the
   * credentials); empty when none is configured.
   */
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /** The payload's string values, in order: the secrets of the login body. */
  public List<Secret> payloadSecrets() {
    List<Secret> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : payload.properties()) {
      if (e.getValue().isTextual()) {
        out.add(Secret.of(e.getValue().textValue()));
      }
    }
    return out;
  }

  /** Extra headers of the login request, in order; values are secrets. */
  public Map<String, Secret> headers() {
    return headers;
  }

  /** Where the session token is in the login response: {@code BODY} by default. */
  public TokenFrom tokenFrom() {
    return tokenFrom;
  }

  /** The body path, header name or cookie name of the session token; null when not set. */
  public String tokenName() {
    return tokenName;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LoginConfig)) {
      return false;
    }
    LoginConfig that = (LoginConfig) o;
    return url.equals(that.url)
        && method == that.method
        && payload.equals(that.payload)
        && headers.equals(that.headers)
        && tokenFrom == that.tokenFrom
        && Objects.equals(tokenName, that.tokenName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, method, payload, headers, tokenFrom, tokenName);
  }

  /** The URL, method, field names and where the token is; every secret value is {@code ****}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("LoginConfig{url=").append(url);
    s.append(", method=").append(method).append(", payload={");
    String sep = "";
    for (Map.Entry<String, JsonNode> e : payload.properties()) {
      JsonNode v = e.getValue();
      s.append(sep).append(e.getKey()).append('=');
      s.append(v.isTextual() || v.isContainerNode() ? Secret.MASK : v.toString());
      sep = ", ";
    }
    s.append('}');
    if (!headers.isEmpty()) {
      s.append(", headers=").append(headers);
    }
    return s.append(", token from ")
        .append(tokenFrom)
        .append(' ')
        .append(tokenName)
        .append('}')
        .toString();
  }

  /** Builds a {@link LoginConfig}. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private RequestMethod method = RequestMethod.POST_JSON;
    private ObjectNode payload = JsonNodeFactory.instance.objectNode();
    private final Map<String, Secret> headers = new LinkedHashMap<>();
    private TokenFrom tokenFrom = TokenFrom.BODY;
    private String tokenName;

    private Builder(String url) {
      this.url = url;
    }

    /** {@code POST_JSON} (default) or {@code POST_FORM}; {@code GET} is refused when built. */
    public Builder method(RequestMethod method) {
      this.method = Objects.requireNonNull(method, "method == null");
      return this;
    }

    /**
     * The whole payload (copied): a JSON object of strings, numbers and booleans; anything else is
     * a problem when the config is built.
     */
    public Builder payload(JsonNode payload) {
      Objects.requireNonNull(payload, "payload == null");
      if (!payload.isObject()) {
        throw new IllegalArgumentException(
            "payload must be a JSON object, got " + payload.getNodeType());
      }
      this.payload = (ObjectNode) payload.deepCopy();
      return this;
    }

    /** Adds (or replaces) a string field of the payload: a secret. */
    public Builder field(String name, String value) {
      payload.put(
          Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Adds (or replaces) a number field of the payload. */
    public Builder field(String name, long value) {
      payload.put(Objects.requireNonNull(name, "name == null"), value);
      return this;
    }

    /** Adds (or replaces) a boolean field of the payload. */
    public Builder field(String name, boolean value) {
      payload.put(Objects.requireNonNull(name, "name == null"), value);
      return this;
    }

    /** Adds (or replaces) a header of the login request; the value is a secret. */
    public Builder header(String name, String value) {
      headers.put(
          Objects.requireNonNull(name, "name == null"),
          Secret.of(Objects.requireNonNull(value, "value == null")));
      return this;
    }

    /** Where the session token is in the login response (default {@code BODY}). */
    public Builder tokenFrom(TokenFrom tokenFrom) {
      this.tokenFrom = Objects.requireNonNull(tokenFrom, "tokenFrom == null");
      return this;
    }

    /** The body path ({@code data.token}), header name or cookie name of the session token. */
    public Builder tokenName(String tokenName) {
      this.tokenName = Objects.requireNonNull(tokenName, "tokenName == null");
      return this;
    }

    /**
     * The login. Whether its fields are valid is checked when the whole {@link CouponSourceConfig}
     * is built, so that every problem is reported at once.
     */
    public LoginConfig build() {
      return new LoginConfig(this);
    }
  }
}
