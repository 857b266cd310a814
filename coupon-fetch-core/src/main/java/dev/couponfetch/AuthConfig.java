package dev.couponfetch;

import dev.couponfetch.internal.config.FieldPath;
import dev.couponfetch.internal.request.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The authentication part of a {@link CouponSourceConfig}: the JSON object {@code auth}.
 *
 * <p>Which fields are used depends on the {@link AuthType}: {@code username} and {@code password}
 * for {@code BASIC} and {@code DIGEST}; {@code params} for {@code QUERY_STRING}; {@code headers}
 * for {@code HEADERS}; {@code grant}, {@code clientId}, {@code clientSecret}, {@code tokenUrl} and
 * the other OAuth2 fields for {@code OAUTH2}; {@code scheme} and {@code settings} for {@code
 * CUSTOM}; {@code login} ({@link LoginConfig}) for {@code SESSION}; {@code signing} ({@link
 * SigningConfig}) for {@code HMAC}. Values of {@code params}, {@code headers} and {@code settings}
 * and the password are {@link Secret}s and never printed. Immutable and thread-safe; {@link
 * #toString()} masks secrets.
 */
public final class AuthConfig {
  private static final AuthConfig NONE = builder(AuthType.NONE).build();

  private final AuthType type;
  private final String username;
  private final Secret password;
  private final Map<String, Secret> params;
  private final Map<String, Secret> headers;
  private final OAuth2Grant grant;
  private final String clientId;
  private final Secret clientSecret;
  private final String authorizationUrl;
  private final String tokenUrl;
  private final String scope;
  private final String redirectUri;
  private final ClientAuthMethod clientAuth;
  private final Secret refreshToken;
  private final List<Integer> tokenExpiredStatuses;
  private final String tokenExpiredPath;
  private final TokenPlacement tokenPlacement;
  private final OAuth2Extras extras;
  private final String scheme;
  private final Map<String, Secret> settings;
  private final LoginConfig login;
  private final SigningConfig signing;

  private AuthConfig(Builder b) {
    this.type = b.type;
    this.username = b.username;
    this.password = b.password;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.grant = b.grant;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.authorizationUrl = b.authorizationUrl;
    this.tokenUrl = b.tokenUrl;
    this.scope = b.scope;
    this.redirectUri = b.redirectUri;
    this.clientAuth = b.clientAuth;
    this.refreshToken = b.refreshToken;
    this.tokenExpiredStatuses =
        b.tokenExpiredStatuses == null ? null : List.copyOf(b.tokenExpiredStatuses);
    this.tokenExpiredPath = b.tokenExpiredPath;
    this.tokenPlacement = b.tokenPlacement;
    this.extras = b.extras.build();
    this.scheme = b.scheme;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    this.login = b.login;
    this.signing = b.signing;
  }

  /** No authentication. */
  public static AuthConfig none() {
    return NONE;
  }

  /** HTTP Basic, sent preemptively. */
  public static AuthConfig basic(String username, String password) {
    return builder(AuthType.BASIC).username(username).password(password).build();
  }

  /** OAuth2 client credentials: no user step. */
  public static AuthConfig oauth2ClientCredentials(
      String tokenUrl, String clientId, String clientSecret) {
    return builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.CLIENT_CREDENTIALS)
        .tokenUrl(tokenUrl)
        .clientId(clientId)
        .clientSecret(clientSecret)
        .build();
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

  /**
   * A scheme registered on the fetcher under {@code scheme}, with its settings (in the map's
   * iteration order); values may hold {@code {{variables}}}.
   */
  public static AuthConfig custom(String scheme, Map<String, String> settings) {
    Builder b = builder(AuthType.CUSTOM).scheme(scheme);
    settings.forEach(b::setting);
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
    b.grant = grant;
    b.clientId = clientId;
    b.clientSecret = clientSecret;
    b.authorizationUrl = authorizationUrl;
    b.tokenUrl = tokenUrl;
    b.scope = scope;
    b.redirectUri = redirectUri;
    b.clientAuth = clientAuth;
    b.refreshToken = refreshToken;
    b.tokenExpiredStatuses = tokenExpiredStatuses;
    b.tokenExpiredPath = tokenExpiredPath;
    b.tokenPlacement = tokenPlacement;
    b.extras.from(extras);
    b.scheme = scheme;
    b.settings.putAll(settings);
    b.login = login;
    b.signing = signing;
    return b;
  }

  /** The authentication type. */
  public AuthType type() {
    return type;
  }

  /**
   * The name of the authenticator a fetcher runs for this config: for {@code CUSTOM} the configured
   * {@code scheme} (null when none was set, which is a problem when the config is built), for every
   * built-in type its name in lower case ({@code none}, {@code basic}, {@code digest}, {@code
   * query_string}, {@code headers}, {@code oauth2}).
   */
  public String scheme() {
    return type == AuthType.CUSTOM ? scheme : type.scheme();
  }

  /** The {@code scheme} as configured (for {@code CUSTOM}), or null. */
  public String schemeOrNull() {
    return scheme;
  }

  /**
   * The settings of a {@code CUSTOM} scheme, in order; empty for other types. Values may hold
   * {@code {{variables}}}: {@link #resolvedSettings(Map)} fills them in.
   */
  public Map<String, Secret> settings() {
    return settings;
  }

  /**
   * The {@link #settings()} with the call's {@code variables} filled in as they are (no encoding:
   * the scheme decides where a value goes), in order. For an authenticator of a {@code CUSTOM}
   * scheme.
   *
   * @throws CouponFetchException with {@link Reason#MISSING_VARIABLE} when a variable is not
   *     supplied, or {@link Reason#INVALID_CONFIG} when a value is not a valid template (a config
   *     that was built has none)
   */
  public Map<String, Secret> resolvedSettings(Map<String, String> variables) {
    Objects.requireNonNull(variables, "variables == null");
    if (settings.values().stream().allMatch(v -> v.reveal().indexOf('{') < 0)) {
      return settings; // nothing can hold a variable: the common case, without a copy
    }
    Map<String, Secret> resolved = new LinkedHashMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Secret> e : settings.entrySet()) {
      String value = e.getValue().reveal();
      if (value.indexOf('{') < 0) { // cannot hold a variable: kept as it is
        resolved.put(e.getKey(), e.getValue());
        continue;
      }
      String where = FieldPath.child("auth.settings", e.getKey());
      Template t = Template.compile(value, where, true, problems);
      if (t == null) {
        continue;
      }
      for (String name : t.variables()) {
        if (variables.get(name) == null) {
          missing.putIfAbsent(name, where);
        }
      }
      if (missing.isEmpty()) {
        resolved.put(e.getKey(), Secret.of(t.render(variables, where)));
      }
    }
    if (!problems.isEmpty()) {
      throw CouponFetchException.invalidConfig(problems);
    }
    if (!missing.isEmpty()) {
      throw Template.missing(missing);
    }
    return Collections.unmodifiableMap(resolved);
  }

  /** How {@code HMAC} signs each request ({@code auth.signing}), or null when not set. */
  public SigningConfig signing() {
    return signing;
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

  /** The OAuth2 grant as configured, or null when not set (then {@link #grant()} defaults). */
  public OAuth2Grant grantOrNull() {
    return grant;
  }

  /** The OAuth2 grant: {@code AUTHORIZATION_CODE} unless configured otherwise. */
  public OAuth2Grant grant() {
    return grant != null ? grant : OAuth2Grant.AUTHORIZATION_CODE;
  }

  /** The OAuth2 client id, or null. */
  public String clientId() {
    return clientId;
  }

  /** The OAuth2 client secret, or null. */
  public Secret clientSecret() {
    return clientSecret;
  }

  /** The OAuth2 authorization endpoint (for {@code AUTHORIZATION_CODE}), or null. */
  public String authorizationUrl() {
    return authorizationUrl;
  }

  /** The OAuth2 token endpoint, or null. */
  public String tokenUrl() {
    return tokenUrl;
  }

  /** The OAuth2 scope to ask for (space-separated), or null. */
  public String scope() {
    return scope;
  }

  /** The redirect URI registered for this client (used by the command line), or null. */
  public String redirectUri() {
    return redirectUri;
  }

  /** How the client authenticates at the token endpoint as configured, or null. */
  public ClientAuthMethod clientAuthOrNull() {
    return clientAuth;
  }

  /**
   * How the client authenticates at the token endpoint: as configured, else {@code
   * CLIENT_SECRET_BASIC} with a client secret and {@code NONE} (a public client) without one.
   */
  public ClientAuthMethod clientAuth() {
    if (clientAuth != null) {
      return clientAuth;
    }
    return clientSecret == null ? ClientAuthMethod.NONE : ClientAuthMethod.CLIENT_SECRET_BASIC;
  }

  /** A refresh token to seed the token store with, or null. */
  public Secret refreshToken() {
    return refreshToken;
  }

  /** The login of a {@code SESSION} config ({@code auth.login}), or null. */
  public LoginConfig login() {
    return login;
  }

  /** Where the token goes as configured ({@code OAUTH2}, {@code SESSION}), or null. */
  public TokenPlacement tokenPlacementOrNull() {
    return tokenPlacement;
  }

  /**
   * Where an {@code OAUTH2} access token or a {@code SESSION} token goes on the coupon request:
   * {@link TokenPlacement#BEARER} unless configured otherwise.
   */
  public TokenPlacement tokenPlacement() {
    return tokenPlacement != null ? tokenPlacement : TokenPlacement.BEARER;
  }

  /** The coupon endpoint's statuses that mean "access token expired" as configured, or null. */
  public List<Integer> tokenExpiredStatusesOrNull() {
    return tokenExpiredStatuses;
  }

  /** The coupon endpoint's statuses that mean "access token expired": {@code [401]} by default. */
  public List<Integer> tokenExpiredStatuses() {
    return tokenExpiredStatuses != null ? tokenExpiredStatuses : List.of(401);
  }

  /**
   * A path in a 2xx coupon response whose non-empty, non-false, non-zero value means "access token
   * expired" ({@code errcode} for {@code {"errcode":40001}}), or null.
   */
  public String tokenExpiredPath() {
    return tokenExpiredPath;
  }

  /** The private key of {@code PRIVATE_KEY_JWT} (PEM PKCS#8 or a JWK as JSON text), or null. */
  public Secret clientKey() {
    return extras.clientKey;
  }

  /** The {@code kid} of the client assertion's header, or null. */
  public String clientKeyId() {
    return extras.clientKeyId;
  }

  /**
   * The JWS algorithm of the client assertion as configured ({@code RS256}, {@code ES256}, {@code
   * HS256}...), or null: then it follows from the key ({@code RS256} for RSA, {@code ES256} for an
   * EC P-256 key) or is {@code HS256} for {@code CLIENT_SECRET_JWT}.
   */
  public String clientAssertionAlgorithm() {
    return extras.clientAssertionAlgorithm;
  }

  /**
   * Extra parameters of every token request ({@code audience}, {@code resource}...), in order;
   * empty when none. They are part of the token identity.
   */
  public Map<String, String> tokenParams() {
    return extras.tokenParams;
  }

  /** Extra headers of every token request, in order; values are secrets. */
  public Map<String, Secret> tokenHeaders() {
    return extras.tokenHeaders;
  }

  /** The token request format as configured, or null. */
  public TokenRequestFormat tokenRequestFormatOrNull() {
    return extras.tokenRequestFormat;
  }

  /** How token requests are sent: {@code FORM} unless configured otherwise. */
  public TokenRequestFormat tokenRequestFormat() {
    return extras.tokenRequestFormat != null ? extras.tokenRequestFormat : TokenRequestFormat.FORM;
  }

  /** The access token's path in a token response as configured, or null. */
  public String accessTokenPathOrNull() {
    return extras.accessTokenPath;
  }

  /** The access token's dotted path in a token response: {@code access_token} by default. */
  public String accessTokenPath() {
    return extras.accessTokenPath != null ? extras.accessTokenPath : "access_token";
  }

  /** The lifetime's path in a token response as configured, or null. */
  public String expiresInPathOrNull() {
    return extras.expiresInPath;
  }

  /** The dotted path of the lifetime in seconds: {@code expires_in} by default. */
  public String expiresInPath() {
    return extras.expiresInPath != null ? extras.expiresInPath : "expires_in";
  }

  /** The refresh token's path in a token response as configured, or null. */
  public String refreshTokenPathOrNull() {
    return extras.refreshTokenPath;
  }

  /** The refresh token's dotted path in a token response: {@code refresh_token} by default. */
  public String refreshTokenPath() {
    return extras.refreshTokenPath != null ? extras.refreshTokenPath : "refresh_token";
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
        && headers.equals(that.headers)
        && grant == that.grant
        && Objects.equals(clientId, that.clientId)
        && Objects.equals(clientSecret, that.clientSecret)
        && Objects.equals(authorizationUrl, that.authorizationUrl)
        && Objects.equals(tokenUrl, that.tokenUrl)
        && Objects.equals(scope, that.scope)
        && Objects.equals(redirectUri, that.redirectUri)
        && clientAuth == that.clientAuth
        && Objects.equals(refreshToken, that.refreshToken)
        && Objects.equals(tokenExpiredStatuses, that.tokenExpiredStatuses)
        && Objects.equals(tokenExpiredPath, that.tokenExpiredPath)
        && Objects.equals(tokenPlacement, that.tokenPlacement)
        && extras.equals(that.extras)
        && Objects.equals(scheme, that.scheme)
        && settings.equals(that.settings)
        && Objects.equals(login, that.login)
        && Objects.equals(signing, that.signing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type,
        username,
        password,
        params,
        headers,
        grant,
        clientId,
        clientSecret,
        authorizationUrl,
        tokenUrl,
        scope,
        redirectUri,
        clientAuth,
        refreshToken,
        tokenExpiredStatuses,
        tokenExpiredPath,
        tokenPlacement,
        extras,
        scheme,
        settings,
        login,
        signing);
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
    if (scheme != null) {
      s.append(", scheme=").append(scheme);
    }
    if (!settings.isEmpty()) {
      s.append(", settings=").append(settings);
    }
    if (signing != null) {
      s.append(", signing=").append(signing);
    }
    if (type == AuthType.OAUTH2) {
      s.append(", grant=").append(grant()).append(", clientId=").append(clientId);
      if (clientSecret != null) {
        s.append(", clientSecret=").append(Secret.MASK);
      }
      s.append(", tokenUrl=").append(tokenUrl);
      if (tokenPlacement != null) {
        s.append(", token in ").append(tokenPlacement);
      }
      if (refreshToken != null) {
        s.append(", refreshToken=").append(Secret.MASK);
      }
      extras.appendTo(s);
    }
    if (login != null) {
      s.append(", login=").append(login);
      if (tokenPlacement != null) {
        s.append(", token in ").append(tokenPlacement);
      }
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
    private OAuth2Grant grant;
    private String clientId;
    private Secret clientSecret;
    private String authorizationUrl;
    private String tokenUrl;
    private String scope;
    private String redirectUri;
    private ClientAuthMethod clientAuth;
    private Secret refreshToken;
    private List<Integer> tokenExpiredStatuses;
    private String tokenExpiredPath;
    private TokenPlacement tokenPlacement;
    private final OAuth2Extras.Builder extras = new OAuth2Extras.Builder();
    private String scheme;
    private final Map<String, Secret> settings = new LinkedHashMap<>();
    private LoginConfig login;
    private SigningConfig signing;

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

    /** The OAuth2 grant (default {@code AUTHORIZATION_CODE}). */
    public Builder grant(OAuth2Grant grant) {
      this.grant = Objects.requireNonNull(grant, "grant == null");
      return this;
    }

    /** The OAuth2 client id. */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId == null");
      return this;
    }

    /** The OAuth2 client secret. */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Secret.of(Objects.requireNonNull(clientSecret, "clientSecret == null"));
      return this;
    }

    /** The OAuth2 authorization endpoint (required for {@code AUTHORIZATION_CODE}). */
    public Builder authorizationUrl(String authorizationUrl) {
      this.authorizationUrl = Objects.requireNonNull(authorizationUrl, "authorizationUrl == null");
      return this;
    }

    /** The OAuth2 token endpoint. */
    public Builder tokenUrl(String tokenUrl) {
      this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl == null");
      return this;
    }

    /** The scope to ask for, space-separated. */
    public Builder scope(String scope) {
      this.scope = Objects.requireNonNull(scope, "scope == null");
      return this;
    }

    /** The redirect URI registered for the client. */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri == null");
      return this;
    }

    /** How the client authenticates at the token endpoint (default {@code CLIENT_SECRET_BASIC}). */
    public Builder clientAuth(ClientAuthMethod clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth == null");
      return this;
    }

    /** A refresh token to seed the token store with. */
    public Builder refreshToken(String refreshToken) {
      this.refreshToken = Secret.of(Objects.requireNonNull(refreshToken, "refreshToken == null"));
      return this;
    }

    /** The coupon endpoint's statuses meaning "access token expired" (default {@code [401]}). */
    public Builder tokenExpiredStatuses(List<Integer> statuses) {
      this.tokenExpiredStatuses =
          List.copyOf(Objects.requireNonNull(statuses, "tokenExpiredStatuses == null"));
      return this;
    }

    /** A path in a 2xx coupon response whose truthy value means "access token expired". */
    public Builder tokenExpiredPath(String path) {
      this.tokenExpiredPath = Objects.requireNonNull(path, "tokenExpiredPath == null");
      return this;
    }

    /**
     * Where an {@code OAUTH2} access token or a {@code SESSION} token goes (default {@link
     * TokenPlacement#BEARER}).
     */
    public Builder tokenPlacement(TokenPlacement placement) {
      this.tokenPlacement = Objects.requireNonNull(placement, "tokenPlacement == null");
      return this;
    }

    /** The private key of {@code PRIVATE_KEY_JWT}: PEM (PKCS#8 RSA or EC) or a JWK as JSON. */
    public Builder clientKey(String clientKey) {
      extras.clientKey = Secret.of(Objects.requireNonNull(clientKey, "clientKey == null"));
      return this;
    }

    /** The {@code kid} to put in the client assertion's header. */
    public Builder clientKeyId(String clientKeyId) {
      extras.clientKeyId = Objects.requireNonNull(clientKeyId, "clientKeyId == null");
      return this;
    }

    /** The client assertion's JWS algorithm ({@code RS256}, {@code PS256}, {@code ES256}...). */
    public Builder clientAssertionAlgorithm(String algorithm) {
      extras.clientAssertionAlgorithm =
          Objects.requireNonNull(algorithm, "clientAssertionAlgorithm == null");
      return this;
    }

    /** Adds (or replaces) a parameter sent on every token request ({@code audience}...). */
    public Builder tokenParam(String name, String value) {
      extras.tokenParams.put(
          Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Adds (or replaces) a header sent on every token request; its value is a secret. */
    public Builder tokenHeader(String name, String value) {
      extras.tokenHeaders.put(
          Objects.requireNonNull(name, "name == null"),
          Secret.of(Objects.requireNonNull(value, "value == null")));
      return this;
    }

    /** How token requests are sent (default {@code FORM}). */
    public Builder tokenRequestFormat(TokenRequestFormat format) {
      extras.tokenRequestFormat = Objects.requireNonNull(format, "tokenRequestFormat == null");
      return this;
    }

    /** The access token's dotted path in a token response (default {@code access_token}). */
    public Builder accessTokenPath(String path) {
      extras.accessTokenPath = Objects.requireNonNull(path, "accessTokenPath == null");
      return this;
    }

    /** The lifetime's dotted path in a token response (default {@code expires_in}). */
    public Builder expiresInPath(String path) {
      extras.expiresInPath = Objects.requireNonNull(path, "expiresInPath == null");
      return this;
    }

    /** The refresh token's dotted path in a token response (default {@code refresh_token}). */
    public Builder refreshTokenPath(String path) {
      extras.refreshTokenPath = Objects.requireNonNull(path, "refreshTokenPath == null");
      return this;
    }

    /**
     * The name of the {@code CUSTOM} scheme: the authenticator registered under it on the fetcher
     * (see {@link ExtensionNames}).
     */
    public Builder scheme(String scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme == null");
      return this;
    }

    /**
     * Adds (or replaces) a setting of the {@code CUSTOM} scheme; the value is a {@link Secret} and
     * may hold {@code {{variables}}}.
     */
    public Builder setting(String name, String value) {
      settings.put(
          Objects.requireNonNull(name, "name == null"),
          Secret.of(Objects.requireNonNull(value, "value == null")));
      return this;
    }

    /** The login of a {@code SESSION} config: where and how to log in, where the token is. */
    public Builder login(LoginConfig login) {
      this.login = Objects.requireNonNull(login, "login == null");
      return this;
    }

    /** How {@code HMAC} signs each request ({@code auth.signing}). */
    public Builder signing(SigningConfig signing) {
      this.signing = Objects.requireNonNull(signing, "signing == null");
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
