package dev.couponfetch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The authentication part of a {@link CouponSourceConfig}: the JSON object {@code auth}.
 *
 * <p>Which fields are used depends on the {@link AuthType}: {@code username} and {@code password}
 * for {@code BASIC} and {@code DIGEST}; {@code params} for {@code QUERY_STRING}; {@code headers}
 * for {@code HEADERS}. Values of {@code params} and {@code headers} and the password are {@link
 * Secret}s and never printed. Immutable and thread-safe; {@link #toString()} masks secrets.
 */
public final class AuthConfig {
  private static final AuthConfig NONE = builder(AuthType.NONE).build();

  private final AuthType type;
  private final String username;
  private final Secret password;
  private final Map<String, Secret> params;
  private final Map<String, Secret> headers;

  private AuthConfig(Builder b) {
    this.type = b.type;
    this.username = b.username;
    this.password = b.password;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
  }

  /** No authentication. */
  public static AuthConfig none() {
    return NONE;
  }

  /** HTTP Basic, sent preemptively. */
  public static AuthConfig basic(String username, String password) {
    return builder(AuthType.BASIC).username(username).password(password).build();
  }

  /** HTTP Digest. */
  public static AuthConfig digest(String username, String password) {
    return builder(AuthType.DIGEST).username(username).password(password).build();
  }

  /** Key/values added to the query string; values may hold {@code {{variables}}}. */
  public static AuthConfig queryString(Map<String, String> params) {
    Builder b = builder(AuthType.QUERY_STRING);
    params.forEach(b::param);
    return b.build();
  }

  /** Key/values sent as headers; values may hold {@code {{variables}}}. */
  public static AuthConfig headers(Map<String, String> headers) {
    Builder b = builder(AuthType.HEADERS);
    headers.forEach(b::header);
    return b.build();
  }

  /** A builder for {@code type}. */
  public static Builder builder(AuthType type) {
    return new Builder(type);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.username = username;
    b.password = password;
    b.params.putAll(params);
    b.headers.putAll(headers);
    return b;
  }

  /** The authentication type. */
  public AuthType type() {
    return type;
  }

  /** The username for {@code BASIC} and {@code DIGEST}, or null. */
  public String username() {
    return username;
  }

  /** The password for {@code BASIC} and {@code DIGEST}, or null. */
  public Secret password() {
    return password;
  }

  /** The query parameters of {@code QUERY_STRING}, in order; empty for other types. */
  public Map<String, Secret> params() {
    return params;
  }

  /** The headers of {@code HEADERS}, in order; empty for other types. */
  public Map<String, Secret> headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AuthConfig)) {
      return false;
    }
    AuthConfig that = (AuthConfig) o;
    return type == that.type
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password)
        && params.equals(that.params)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, username, password, params, headers);
  }

  /** The type and field names; every secret value is {@code ****}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("AuthConfig{type=").append(type);
    if (username != null) {
      s.append(", username=").append(username);
    }
    if (password != null) {
      s.append(", password=").append(Secret.MASK);
    }
    if (!params.isEmpty()) {
      s.append(", params=").append(params);
    }
    if (!headers.isEmpty()) {
      s.append(", headers=").append(headers);
    }
    return s.append('}').toString();
  }

  /** Builds an {@link AuthConfig}. Not thread-safe. */
  public static final class Builder {
    private final AuthType type;
    private String username;
    private Secret password;
    private final Map<String, Secret> params = new LinkedHashMap<>();
    private final Map<String, Secret> headers = new LinkedHashMap<>();

    private Builder(AuthType type) {
      this.type = Objects.requireNonNull(type, "type == null");
    }

    /** The username of {@code BASIC} or {@code DIGEST}. */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username == null");
      return this;
    }

    /** The password of {@code BASIC} or {@code DIGEST}. */
    public Builder password(String password) {
      this.password = Secret.of(Objects.requireNonNull(password, "password == null"));
      return this;
    }

    /** Adds (or replaces) a {@code QUERY_STRING} parameter. */
    public Builder param(String name, String value) {
      params.put(
          Objects.requireNonNull(name, "name == null"),
          Secret.of(Objects.requireNonNull(value, "value == null")));
      return this;
    }

    /** Adds (or replaces) a {@code HEADERS} header. */
    public Builder header(String name, String value) {
      headers.put(
          Objects.requireNonNull(name, "name == null"),
          Secret.of(Objects.requireNonNull(value, "value == null")));
      return this;
    }

    /**
     * The configuration. Whether the fields fit the type is checked when the whole {@link
     * CouponSourceConfig} is built, so that every problem is reported at once.
     */
    public AuthConfig build() {
      return new AuthConfig(this);
    }
  }
}
