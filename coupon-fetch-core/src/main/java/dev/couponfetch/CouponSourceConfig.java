package dev.couponfetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.internal.config.ConfigJson;
import dev.couponfetch.internal.config.ConfigValidator;
import dev.couponfetch.internal.mapping.CompiledMapper;
import dev.couponfetch.internal.request.RequestTemplate;
import dev.couponfetch.internal.text.CurlPreview;
import dev.couponfetch.internal.tokens.TokenIdentity;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One merchant's coupon source: endpoint, request type, payload, headers, authentication, coupon
 * type, mapping and timeouts. This is the JSON document of the settings screen (version 1 of the
 * contract), read with {@link #fromJson(String)} and written back with {@link #toJson()}.
 *
 * <p>A config is validated when built: {@link Builder#build()} throws a {@link
 * CouponFetchException} with reason {@link Reason#INVALID_CONFIG} listing every problem, each
 * naming its JSON field. Its paths and {@code {{variable}}} templates are compiled once, then, so a
 * config is cheap to use many times. Immutable and thread-safe; {@link #toString()} masks every
 * secret.
 */
public final class CouponSourceConfig {
  private final String name;
  private final String endpoint;
  private final RequestMethod method;
  private final JsonNode payload;
  private final Map<String, String> headers;
  private final AuthConfig auth;
  private final CouponType couponType;
  private final MappingConfig mapping;
  private final Timeouts timeouts;
  private final Limits limits;
  private final boolean retryPost;
  private final String trustedCertificatesPem;
  private final ClientCertificate clientCertificate;
  private final RequestTemplate template;
  private final ResponseMapper mapper;
  // OAUTH2 and SESSION only: who its tokens belong to, and the one origin they may be sent to.
  private final TokenIdentity tokenIdentity;
  // Whether the name was set, rather than derived from the endpoint's host.
  private final boolean nameGiven;
  // The request of a config that uses no variables: the same for every call.
  private volatile PreparedRequest constantRequest;

  private CouponSourceConfig(Builder b, String name, List<String> problems) {
    this.name = name;
    this.nameGiven = b.name != null;
    this.endpoint = b.endpoint;
    this.method = b.method;
    this.payload = b.payload == null ? null : b.payload.deepCopy();
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.auth = b.auth;
    this.couponType = b.couponType;
    this.mapping = b.mapping;
    this.timeouts = b.timeouts;
    this.limits = b.limits;
    this.retryPost = b.retryPost;
    this.trustedCertificatesPem = b.trustedCertificatesPem;
    this.clientCertificate = b.clientCertificate;
    problems.addAll(ConfigValidator.validate(this));
    this.mapper = CompiledMapper.compile(mapping, couponType, problems);
    this.template = RequestTemplate.compile(this, problems);
    this.tokenIdentity =
        !problems.isEmpty()
            ? null
            : auth.type() == AuthType.OAUTH2
                ? TokenIdentity.of(endpoint, auth, clientCertificate)
                : auth.type() == AuthType.SESSION
                    ? TokenIdentity.session(endpoint, auth.login())
                    : null;
  }

  /** A builder for a config calling {@code endpoint}. */
  public static Builder builder(String endpoint) {
    return new Builder().endpoint(endpoint);
  }

  /**
   * Reads the JSON form. Enum values are case-insensitive; unknown fields and wrong types are
   * problems.
   *
   * @throws CouponFetchException with {@link Reason#INVALID_CONFIG} listing every problem
   */
  public static CouponSourceConfig fromJson(String json) {
    return ConfigJson.read(json);
  }

  /** The JSON form, secrets included (it is the configuration itself); reads back equal. */
  public String toJson() {
    return ConfigJson.write(this, false);
  }

  /** The JSON form with every secret shown as {@code ****}, for display. */
  public String toMaskedJson() {
    return ConfigJson.write(this, true);
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    // A derived name is derived again: toBuilder().endpoint(other) names the other host.
    b.name = nameGiven ? name : null;
    b.endpoint = endpoint;
    b.method = method;
    b.payload = payload;
    b.headers.putAll(headers);
    b.auth = auth;
    b.couponType = couponType;
    b.mapping = mapping;
    b.timeouts = timeouts;
    b.limits = limits;
    b.retryPost = retryPost;
    b.trustedCertificatesPem = trustedCertificatesPem;
    b.clientCertificate = clientCertificate;
    return b;
  }

  /**
   * The request this config describes with {@code variables} filled in, before authentication
   * (credentials are added by an {@link Authenticator}). For a config that uses no {@code
   * {{variables}}} anywhere (endpoint, headers, payload, credentials) the request is the same on
   * every call, so it is made once and the same immutable instance returned.
   *
   * @throws CouponFetchException with {@link Reason#MISSING_VARIABLE} when a variable is missing
   */
  public PreparedRequest prepare(Map<String, String> variables) {
    if (!template.usesVariables()) {
      PreparedRequest r = constantRequest;
      if (r == null) { // a race makes equal copies; either may be kept
        r = template.prepare(variables);
        constantRequest = r;
      }
      return r;
    }
    return template.prepare(variables);
  }

  /** Whether {@code request} is the one request of a config without variables. */
  boolean isConstant(PreparedRequest request) {
    return request != null && request == constantRequest;
  }

  /**
   * The request this config describes with {@code variables} filled in and the credentials of
   * {@link Authenticator#standard(AuthType) the standard authenticator} for its auth type added:
   * what a transport sends before it answers a challenge ({@code DIGEST}) or adds a token ({@code
   * OAUTH2}). For a config without {@code {{variables}}} it is made once.
   *
   * @throws CouponFetchException with {@link Reason#MISSING_VARIABLE} when a variable is missing
   */
  public PreparedRequest prepareAuthenticated(Map<String, String> variables) {
    return PlainMemo.authenticate(
        Authenticator.standard(auth.type()), prepare(variables), this, variables);
  }

  /**
   * The request this config would send with {@code variables}, as one {@code curl} command line for
   * a POSIX shell ("Copy as cURL"), made without the network: {@link #prepareAuthenticated}, with
   * every value single-quoted. Credentials that only a live call obtains (an {@code OAUTH2} or
   * {@code SESSION} token, an {@code HMAC} signature, a {@code CUSTOM} scheme's) show as {@value
   * Secret#MASK} where they would go, and a trailing comment says so ({@code # token: from a live
   * call}); {@code DIGEST} credentials go in {@code --digest -u}.
   *
   * @param showSecrets whether the credentials are shown as sent; when false they are masked as a
   *     {@link TestReport} masks them. A command with secrets belongs on the user's clipboard only,
   *     never in a log
   * @throws CouponFetchException with {@link Reason#MISSING_VARIABLE} when a variable is missing
   */
  public String toCurl(Map<String, String> variables, boolean showSecrets) {
    return CurlPreview.of(
        this, Objects.requireNonNull(variables, "variables == null"), showSecrets);
  }

  /**
   * The built-in response mapper compiled for this config's mapping and coupon type, whatever
   * {@link MappingConfig#mapper()} names: a fetcher uses the mapper registered under {@code
   * mapping.mapper}, which for {@value MappingConfig#STANDARD_MAPPER} (the default) is this one.
   */
  public ResponseMapper mapper() {
    return mapper;
  }

  /**
   * The key this {@code OAUTH2} config's tokens are kept under in a {@link TokenStore}: a hash
   * (SHA-256, base64url, prefixed {@code oauth2-}) of the identity the tokens are issued to and the
   * origin they are sent to: token URL, client id, client secret, grant, scope, authorization URL
   * (code grant) and the endpoint's origin. Two configs share tokens only when all of these are
   * equal; the {@link #name()} plays no part. The key reveals no secret.
   *
   * <p>For a {@code SESSION} config, the key of its session token (prefixed {@code session-}): a
   * hash of the login URL, method, login payload and headers, and the endpoint's origin.
   *
   * @throws IllegalStateException when the auth type is neither {@code OAUTH2} nor {@code SESSION}
   */
  public String tokenKey() {
    return identity().key();
  }

  /**
   * Whether this {@code OAUTH2} config's access token (a {@code SESSION} config's session token)
   * may be sent to {@code uri}: only when it is on the endpoint's own origin (scheme, host and
   * port).
   *
   * @throws IllegalStateException when the auth type is neither {@code OAUTH2} nor {@code SESSION}
   */
  public boolean mayReceiveToken(URI uri) {
    return identity().mayReceiveToken(Objects.requireNonNull(uri, "uri == null"));
  }

  private TokenIdentity identity() {
    if (tokenIdentity == null) {
      throw new IllegalStateException("not an OAUTH2 or SESSION config: " + name);
    }
    return tokenIdentity;
  }

  /** A name for logs and reports (a label: it never decides whose tokens are used); never null. */
  public String name() {
    return name;
  }

  /** The endpoint URL, possibly holding {@code {{variables}}}. */
  public String endpoint() {
    return endpoint;
  }

  /** The request type. */
  public RequestMethod method() {
    return method;
  }

  /** A copy of the payload, or null when there is none. */
  public JsonNode payload() {
    return payload == null ? null : payload.deepCopy();
  }

  /** Extra request headers (not credentials), in order. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The authentication. */
  public AuthConfig auth() {
    return auth;
  }

  /** Single or bulk. */
  public CouponType couponType() {
    return couponType;
  }

  /** Where the code and expiry are in the response. */
  public MappingConfig mapping() {
    return mapping;
  }

  /** The timeouts. */
  public Timeouts timeouts() {
    return timeouts;
  }

  /** How hard this config may press its endpoint ({@code limits}); {@link Limits#NONE} if unset. */
  public Limits limits() {
    return limits;
  }

  /**
   * Whether a {@code POST} may be sent again after a failure that a retry may cure (default false:
   * a retry can mint a second coupon).
   */
  public boolean retryPost() {
    return retryPost;
  }

  /**
   * Extra CA certificates (PEM) to trust for this endpoint besides the JDK's, for merchants with a
   * private CA; null when none.
   */
  public String trustedCertificatesPem() {
    return trustedCertificatesPem;
  }

  /**
   * The TLS client certificate presented to the endpoint (mutual TLS), and to the token endpoint
   * when {@code auth.clientAuth} is {@link ClientAuthMethod#TLS_CLIENT_AUTH}; null when none (like
   * {@link #trustedCertificatesPem()}).
   */
  public ClientCertificate clientCertificate() {
    return clientCertificate;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CouponSourceConfig)) {
      return false;
    }
    CouponSourceConfig that = (CouponSourceConfig) o;
    return name.equals(that.name)
        && endpoint.equals(that.endpoint)
        && method == that.method
        && Objects.equals(payload, that.payload)
        && headers.equals(that.headers)
        && auth.equals(that.auth)
        && couponType == that.couponType
        && mapping.equals(that.mapping)
        && timeouts.equals(that.timeouts)
        && limits.equals(that.limits)
        && retryPost == that.retryPost
        && Objects.equals(trustedCertificatesPem, that.trustedCertificatesPem)
        && Objects.equals(clientCertificate, that.clientCertificate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        endpoint,
        method,
        payload,
        headers,
        auth,
        couponType,
        mapping,
        timeouts,
        limits,
        retryPost,
        trustedCertificatesPem,
        clientCertificate);
  }

  /** The config with every secret masked. */
  @Override
  public String toString() {
    return "CouponSourceConfig{name="
        + name
        + ", endpoint="
        + endpoint
        + ", method="
        + method
        + ", couponType="
        + couponType
        + ", auth="
        + auth
        + ", mapping="
        + mapping
        + (limits.isNone() ? "" : ", limits=" + limits)
        + '}';
  }

  /** Builds a {@link CouponSourceConfig}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String endpoint;
    private RequestMethod method = RequestMethod.GET;
    private JsonNode payload;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private AuthConfig auth = AuthConfig.none();
    private CouponType couponType = CouponType.SINGLE;
    private MappingConfig mapping = MappingConfig.BODY;
    private Timeouts timeouts = Timeouts.DEFAULT;
    private Limits limits = Limits.NONE;
    private boolean retryPost;
    private String trustedCertificatesPem;
    private ClientCertificate clientCertificate;

    private Builder() {}

    /** A name for logs and reports; defaults to the endpoint's host. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** The absolute http(s) URL; may hold {@code {{variables}}} and a query. */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      return this;
    }

    /** The request type (default {@code GET}). */
    public Builder method(RequestMethod method) {
      this.method = Objects.requireNonNull(method, "method == null");
      return this;
    }

    /** The payload of a {@code POST_JSON} or {@code POST_FORM} request; null for none. */
    public Builder payload(JsonNode payload) {
      // Normalised through the JSON form so that a config equals itself read back from JSON
      // (a LongNode and an IntNode of the same value are not equal).
      this.payload = payload == null ? null : ConfigJson.normalize(payload);
      return this;
    }

    /** The payload, given as JSON text. */
    public Builder payloadJson(String json) {
      this.payload = ConfigJson.parsePayload(json);
      return this;
    }

    /** Adds (or replaces) an extra request header. */
    public Builder header(String name, String value) {
      headers.put(
          Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Replaces all extra request headers. */
    public Builder headers(Map<String, String> headers) {
      this.headers.clear();
      headers.forEach(this::header);
      return this;
    }

    /** The authentication (default none). */
    public Builder auth(AuthConfig auth) {
      this.auth = Objects.requireNonNull(auth, "auth == null");
      return this;
    }

    /** Single (default) or bulk. */
    public Builder couponType(CouponType couponType) {
      this.couponType = Objects.requireNonNull(couponType, "couponType == null");
      return this;
    }

    /** Where the code and expiry are (default: the body itself). */
    public Builder mapping(MappingConfig mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping == null");
      return this;
    }

    /** The timeouts (default 5 s connect, 10 s response). */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
      return this;
    }

    /** How hard the config may press its endpoint (default {@link Limits#NONE}: the fetcher's). */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /** Whether a {@code POST} may be retried (default false: a retry can mint a second coupon). */
    public Builder retryPost(boolean retryPost) {
      this.retryPost = retryPost;
      return this;
    }

    /** Extra CA certificates (PEM, one or more) to trust for this endpoint; null for none. */
    public Builder trustedCertificates(String pem) {
      this.trustedCertificatesPem = pem;
      return this;
    }

    /**
     * The TLS client certificate to present (mutual TLS); null for none. It is read and checked by
     * {@link #build()}: a problem names {@code tls.clientCertificate}, {@code tls.clientKey},
     * {@code tls.clientKeystore} or {@code tls.clientKeystorePassword}.
     */
    public Builder clientCertificate(ClientCertificate clientCertificate) {
      this.clientCertificate = clientCertificate;
      return this;
    }

    /**
     * The config, validated as a whole and compiled.
     *
     * @throws CouponFetchException with {@link Reason#INVALID_CONFIG} listing every problem
     */
    public CouponSourceConfig build() {
      if (endpoint == null) {
        throw CouponFetchException.invalidConfig(List.of("endpoint: is required"));
      }
      // The default is the config's, not the builder's: a reused builder derives it again.
      String configName = name != null ? name : ConfigValidator.defaultName(endpoint);
      List<String> problems = new ArrayList<>();
      CouponSourceConfig config = new CouponSourceConfig(this, configName, problems);
      if (!problems.isEmpty()) {
        throw CouponFetchException.invalidConfig(problems);
      }
      return config;
    }
  }
}
