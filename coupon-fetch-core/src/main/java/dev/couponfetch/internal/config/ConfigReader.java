package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.Limits;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.SigningConfig;
import dev.couponfetch.Timeouts;
import dev.couponfetch.TokenPlacement;
import dev.couponfetch.TokenRequestFormat;
import dev.couponfetch.internal.mapping.Keywords;
import dev.couponfetch.internal.request.HeaderNames;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the JSON tree of a config into a builder, collecting every problem with its field path and
 * never showing a secret value. Fields it could not read are "tainted": the builder's own problems
 * about them would be noise (a bad {@code method} read as the default {@code GET} would make the
 * payload look wrong). One instance per read; not thread-safe.
 */
final class ConfigReader {
  /** Stands in for a missing endpoint so that the rest of the config is still validated. */
  private static final String NO_ENDPOINT = "https://endpoint.invalid/";

  static final List<String> ROOT_FIELDS =
      List.of(
          "name",
          "endpoint",
          "method",
          "payload",
          "headers",
          "auth",
          "couponType",
          "mapping",
          "timeouts",
          "limits",
          "retryPost",
          "tls");
  static final List<String> TLS_FIELDS =
      List.of(
          "trustedCertificates",
          "clientCertificate",
          "clientKey",
          "clientKeystore",
          "clientKeystorePassword");
  static final List<String> OAUTH2_FIELDS =
      List.of(
          "grant",
          "clientId",
          "clientSecret",
          "authorizationUrl",
          "tokenUrl",
          "scope",
          "redirectUri",
          "clientAuth",
          "refreshToken",
          "clientKey",
          "clientKeyId",
          "clientAssertionAlgorithm",
          "tokenParams",
          "tokenHeaders",
          "tokenRequestFormat",
          "accessTokenPath",
          "expiresInPath",
          "refreshTokenPath");

  /** The fields of types that attach a token: {@code OAUTH2} and {@code SESSION}. */
  static final List<String> TOKEN_FIELDS =
      List.of(
          "tokenExpiredStatuses",
          "tokenExpiredPath",
          "tokenHeader",
          "tokenPrefix",
          "tokenQueryParam",
          "tokenCookie");

  /** The fields of {@code auth.login} ({@code SESSION}). */
  static final List<String> LOGIN_FIELDS =
      List.of("url", "method", "payload", "headers", "tokenFrom", "tokenName");

  static final List<String> AUTH_FIELDS =
      Stream.of(
              Stream.of("type", "username", "password", "params", "headers"),
              OAUTH2_FIELDS.stream(),
              TOKEN_FIELDS.stream(),
              Stream.of("scheme", "settings", "login", "signing"))
          .flatMap(f -> f)
          .collect(Collectors.toUnmodifiableList());
  static final List<String> MAPPING_FIELDS =
      List.of("mapper", "code", "expiry", "expiryFormat", "expiryZone", "error");
  static final List<String> TIMEOUT_FIELDS = List.of("connectMs", "responseMs");

  private final List<String> problems = new ArrayList<>();
  private final List<String> tainted = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  /** Marks {@code path} as not read: the builder's own problems about it would be noise. */
  void taint(String path) {
    tainted.add(path);
  }

  boolean isTainted(String path) {
    return tainted.stream().anyMatch(t -> FieldPath.within(path, t));
  }

  /** The builder holding every value that could be read; null when the root is not an object. */
  CouponSourceConfig.Builder read(JsonNode root) {
    if (!root.isObject()) {
      // Described, never quoted: a document in the wrong shape may still hold the secrets.
      problems.add("(document): must be a JSON object, got " + Json.describe(root, true));
      return null;
    }
    unknownFields(root, "", ROOT_FIELDS);
    String endpoint = string(root, "", "endpoint", false);
    if (endpoint == null) {
      if (Json.field(root, "endpoint") == null) {
        problems.add("endpoint: is required");
      }
      tainted.add("endpoint");
      endpoint = NO_ENDPOINT;
    }
    CouponSourceConfig.Builder b = CouponSourceConfig.builder(endpoint);
    String name = string(root, "", "name", false);
    if (name != null) {
      b.name(name);
    }
    RequestMethod method = enumValue(root, "", "method", RequestMethod.class);
    if (method != null) {
      b.method(method);
    } else if (Json.field(root, "method") != null) {
      tainted.add("payload");
    }
    JsonNode payload = Json.field(root, "payload");
    if (payload != null) {
      try {
        b.payload(payload);
      } catch (IllegalArgumentException e) {
        // JSON text may escape a lone UTF-16 surrogate, which no encoding can carry.
        problems.add("payload: holds text that cannot be encoded (a lone UTF-16 surrogate)");
        tainted.add("payload");
      }
    }
    Map<String, String> headers = stringMap(root, "", "headers", false);
    if (headers != null) {
      b.headers(headers);
    }
    readAuth(root, b);
    CouponType couponType = enumValue(root, "", "couponType", CouponType.class);
    if (couponType != null) {
      b.couponType(couponType);
    }
    readMapping(root, b);
    readTimeouts(root, b);
    Limits limits = LimitsReader.read(this, root);
    if (limits != null) {
      b.limits(limits);
    }
    JsonNode retryPost = Json.field(root, "retryPost");
    if (retryPost != null && retryPost.isBoolean()) {
      b.retryPost(retryPost.booleanValue());
    } else if (retryPost != null) {
      problems.add("retryPost: must be true or false, got " + Json.describe(retryPost, false));
    }
    JsonNode tls = object(root, "", "tls");
    if (tls != null) {
      unknownFields(tls, "tls", TLS_FIELDS);
      b.trustedCertificates(string(tls, "tls", "trustedCertificates", false));
      b.clientCertificate(
          ClientCertificates.fromFields(
              string(tls, "tls", "clientCertificate", false),
              string(tls, "tls", "clientKey", true),
              string(tls, "tls", "clientKeystore", true),
              string(tls, "tls", "clientKeystorePassword", true),
              problems));
    }
    return b;
  }

  private void readAuth(JsonNode root, CouponSourceConfig.Builder b) {
    JsonNode auth = object(root, "", "auth", true);
    if (auth == null) {
      return;
    }
    unknownFields(auth, "auth", AUTH_FIELDS);
    AuthType type = enumValue(auth, "auth", "type", AuthType.class);
    String username = string(auth, "auth", "username", false);
    String password = string(auth, "auth", "password", true);
    Map<String, String> params = stringMap(auth, "auth", "params", true);
    Map<String, String> headers = stringMap(auth, "auth", "headers", true);
    String scheme = string(auth, "auth", "scheme", false);
    Map<String, String> settings = stringMap(auth, "auth", "settings", true);
    SigningConfig signing = SigningReader.read(this, auth);
    if (type == null) {
      if (Json.field(auth, "type") == null) {
        problems.add("auth.type: is required, one of " + names(AuthType.class));
      }
      tainted.add("auth");
      return;
    }
    AuthConfig.Builder ab = AuthConfig.builder(type);
    if (type == AuthType.OAUTH2) {
      readOAuth2(auth, ab);
    } else {
      notUsed(auth, OAUTH2_FIELDS, type);
    }
    if (type == AuthType.OAUTH2 || type == AuthType.SESSION) {
      readTokenFields(auth, ab);
    } else {
      notUsed(auth, TOKEN_FIELDS, type);
    }
    if (type == AuthType.SESSION) {
      readLogin(auth, ab);
    } else {
      notUsed(auth, List.of("login"), type);
    }
    if (username != null) {
      ab.username(username);
    }
    if (password != null) {
      ab.password(password);
    }
    if (params != null) {
      params.forEach(ab::param);
    }
    if (headers != null) {
      headers.forEach(ab::header);
    }
    if (scheme != null) {
      ab.scheme(scheme);
    }
    if (settings != null) {
      settings.forEach(ab::setting);
    }
    if (signing != null) {
      ab.signing(signing);
    }
    b.auth(ab.build());
  }

  private void readOAuth2(JsonNode auth, AuthConfig.Builder ab) {
    OAuth2Grant grant = enumValue(auth, "auth", "grant", OAuth2Grant.class);
    if (grant != null) {
      ab.grant(grant);
    }
    ClientAuthMethod clientAuth = enumValue(auth, "auth", "clientAuth", ClientAuthMethod.class);
    if (clientAuth != null) {
      ab.clientAuth(clientAuth);
    }
    setIfPresent(string(auth, "auth", "clientId", false), ab::clientId);
    setIfPresent(string(auth, "auth", "clientSecret", true), ab::clientSecret);
    setIfPresent(string(auth, "auth", "authorizationUrl", false), ab::authorizationUrl);
    setIfPresent(string(auth, "auth", "tokenUrl", false), ab::tokenUrl);
    setIfPresent(string(auth, "auth", "scope", false), ab::scope);
    setIfPresent(string(auth, "auth", "redirectUri", false), ab::redirectUri);
    setIfPresent(string(auth, "auth", "refreshToken", true), ab::refreshToken);
    readOAuth2Extras(auth, ab);
  }

  /** Issue 14's OAuth2 fields: JWT client authentication, extra parameters, response paths. */
  private void readOAuth2Extras(JsonNode auth, AuthConfig.Builder ab) {
    setIfPresent(string(auth, "auth", "clientKey", true), ab::clientKey);
    setIfPresent(string(auth, "auth", "clientKeyId", false), ab::clientKeyId);
    setIfPresent(
        string(auth, "auth", "clientAssertionAlgorithm", false), ab::clientAssertionAlgorithm);
    Map<String, String> params = stringMap(auth, "auth", "tokenParams", false);
    if (params != null) {
      params.forEach(ab::tokenParam);
    }
    Map<String, String> headers = stringMap(auth, "auth", "tokenHeaders", true);
    if (headers != null) {
      headers.forEach(ab::tokenHeader);
    }
    TokenRequestFormat format =
        enumValue(auth, "auth", "tokenRequestFormat", TokenRequestFormat.class);
    if (format != null) {
      ab.tokenRequestFormat(format);
    }
    setIfPresent(string(auth, "auth", "accessTokenPath", false), ab::accessTokenPath);
    setIfPresent(string(auth, "auth", "expiresInPath", false), ab::expiresInPath);
    setIfPresent(string(auth, "auth", "refreshTokenPath", false), ab::refreshTokenPath);
  }

  private void notUsed(JsonNode auth, List<String> fields, AuthType type) {
    for (String field : fields) {
      if (auth.has(field)) {
        problems.add("auth." + field + ": not used by " + type);
      }
    }
  }

  /**
   * The {@code SESSION} login. A field that cannot be read is tainted, so that the validator's "is
   * required" does not repeat the reader's problem.
   */
  private void readLogin(JsonNode auth, AuthConfig.Builder ab) {
    JsonNode login = object(auth, "auth", "login", true);
    if (login == null) {
      return; // missing: the validator says it is required; wrong-typed: said and tainted
    }
    String path = "auth.login";
    unknownFields(login, path, LOGIN_FIELDS);
    String url = string(login, path, "url", false);
    if (url == null) {
      url = ""; // the validator says it is required, unless it was wrong-typed (tainted)
    }
    LoginConfig.Builder lb = LoginConfig.builder(url);
    RequestMethod method = enumValue(login, path, "method", RequestMethod.class);
    if (method != null) {
      lb.method(method);
    }
    JsonNode payload = object(login, path, "payload", true);
    if (payload != null) {
      lb.payload(payload);
    }
    Map<String, String> headers = stringMap(login, path, "headers", true);
    if (headers != null) {
      headers.forEach(lb::header);
    }
    LoginConfig.TokenFrom from = enumValue(login, path, "tokenFrom", LoginConfig.TokenFrom.class);
    if (from != null) {
      lb.tokenFrom(from);
    }
    setIfPresent(string(login, path, "tokenName", false), lb::tokenName);
    ab.login(lb.build());
  }

  /** Where the token goes and when the endpoint refused it: {@code OAUTH2} and {@code SESSION}. */
  private void readTokenFields(JsonNode auth, AuthConfig.Builder ab) {
    String header = string(auth, "auth", "tokenHeader", false);
    String prefix = string(auth, "auth", "tokenPrefix", false);
    String query = string(auth, "auth", "tokenQueryParam", false);
    String cookie = string(auth, "auth", "tokenCookie", false);
    List<String> places = new ArrayList<>();
    if (header != null || prefix != null) {
      places.add("auth.tokenHeader");
    }
    if (query != null) {
      places.add("auth.tokenQueryParam");
    }
    if (cookie != null) {
      places.add("auth.tokenCookie");
    }
    if (places.size() > 1) {
      problems.add(
          places.get(1)
              + ": the token goes in one place; set only one of "
              + String.join(", ", places)
              + (prefix != null && header == null ? " (auth.tokenPrefix is for a header)" : ""));
      tainted.add("auth.tokenHeader");
    } else if (query != null) {
      ab.tokenPlacement(TokenPlacement.query(query));
    } else if (cookie != null) {
      ab.tokenPlacement(TokenPlacement.cookie(cookie));
    } else if (header != null) {
      ab.tokenPlacement(
          prefix == null ? TokenPlacement.header(header) : TokenPlacement.header(header, prefix));
    } else if (prefix != null) {
      ab.tokenPlacement(TokenPlacement.header("Authorization", prefix));
    }
    setIfPresent(string(auth, "auth", "tokenExpiredPath", false), ab::tokenExpiredPath);
    JsonNode statuses = Json.field(auth, "tokenExpiredStatuses");
    if (statuses == null) {
      return;
    }
    List<Integer> codes = new ArrayList<>();
    boolean ok = statuses.isArray();
    for (JsonNode s : statuses) {
      ok &= s.isIntegralNumber() && s.canConvertToInt();
      codes.add(s.asInt());
    }
    if (ok) {
      ab.tokenExpiredStatuses(codes);
    } else {
      problems.add(
          "auth.tokenExpiredStatuses: must be a list of HTTP status codes such as [401, 403], got "
              + Json.describe(statuses, false));
      tainted.add("auth.tokenExpiredStatuses");
    }
  }

  private static void setIfPresent(String value, Consumer<String> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private void readMapping(JsonNode root, CouponSourceConfig.Builder b) {
    JsonNode mapping = object(root, "", "mapping");
    if (mapping == null) {
      return;
    }
    unknownFields(mapping, "mapping", MAPPING_FIELDS);
    MappingConfig.Builder mb = MappingConfig.builder();
    setIfPresent(string(mapping, "mapping", "mapper", false), mb::mapper);
    mb.code(string(mapping, "mapping", "code", false));
    mb.expiry(string(mapping, "mapping", "expiry", false));
    mb.error(string(mapping, "mapping", "error", false));
    String format = string(mapping, "mapping", "expiryFormat", false);
    if (format != null) {
      mb.expiryFormat(format);
    }
    String zone = string(mapping, "mapping", "expiryZone", false);
    if (zone != null) {
      try {
        // Short ids (EST, PST, ...) are what PHP and US back offices write; Java only takes
        // them through SHORT_IDS (EST as -05:00, PST as America/Los_Angeles).
        mb.expiryZone(ZoneId.of(zone.strip(), ZoneId.SHORT_IDS));
      } catch (DateTimeException e) {
        problems.add("mapping.expiryZone: " + Suggestions.unknownZone(zone));
        tainted.add("mapping.expiryZone");
      }
    }
    b.mapping(mb.build());
  }

  private void readTimeouts(JsonNode root, CouponSourceConfig.Builder b) {
    JsonNode timeouts = object(root, "", "timeouts");
    if (timeouts == null) {
      return;
    }
    unknownFields(timeouts, "timeouts", TIMEOUT_FIELDS);
    long connect = millis(timeouts, "connectMs", Timeouts.DEFAULT.connect().toMillis());
    long response = millis(timeouts, "responseMs", Timeouts.DEFAULT.response().toMillis());
    b.timeouts(Timeouts.ofMillis(connect, response));
  }

  private long millis(JsonNode timeouts, String name, long fallback) {
    JsonNode node = Json.field(timeouts, name);
    if (node == null) {
      return fallback;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue(); // the range is the validator's to check
    }
    problems.add(
        "timeouts." + name + ": must be a positive integer, got " + Json.describe(node, false));
    tainted.add("timeouts." + name);
    return fallback;
  }

  private JsonNode object(JsonNode parent, String parentPath, String name) {
    return object(parent, parentPath, name, false);
  }

  /** The object at {@code name}; {@code secret}: its wrong-typed value is described, not quoted. */
  JsonNode object(JsonNode parent, String parentPath, String name, boolean secret) {
    JsonNode node = Json.field(parent, name);
    String path = FieldPath.child(parentPath, name);
    if (node != null && !node.isObject()) {
      problems.add(path + ": must be an object, got " + Json.describe(node, secret));
      tainted.add(path);
      return null;
    }
    return node;
  }

  String string(JsonNode parent, String parentPath, String name, boolean secret) {
    JsonNode node = Json.field(parent, name);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      String path = FieldPath.child(parentPath, name);
      problems.add(path + ": must be a string, got " + Json.describe(node, secret));
      tainted.add(path);
      return null;
    }
    return node.textValue();
  }

  private Map<String, String> stringMap(
      JsonNode parent, String parentPath, String name, boolean secret) {
    JsonNode node = object(parent, parentPath, name, secret);
    if (node == null) {
      return null;
    }
    String path = FieldPath.child(parentPath, name);
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      // Credential headers among the plain headers are masked everywhere, so never quoted here.
      boolean hidden = secret || HeaderNames.isCredential(e.getKey());
      String value = string(node, path, e.getKey(), hidden);
      if (value != null) {
        map.put(e.getKey(), value);
      } else if (e.getValue().isNull()) {
        problems.add(FieldPath.child(path, e.getKey()) + ": must be a string, got null");
      }
    }
    return map;
  }

  <E extends Enum<E>> E enumValue(JsonNode parent, String parentPath, String name, Class<E> type) {
    JsonNode node = Json.field(parent, name);
    if (node == null) {
      return null;
    }
    String hint = "";
    if (node.isTextual()) {
      String value = node.textValue().strip();
      for (E e : type.getEnumConstants()) {
        if (Keywords.matches(e.name(), value)) {
          return e;
        }
      }
      List<String> known = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
      String suggestion = Suggestions.closest(value, known);
      hint = suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
    }
    String path = FieldPath.child(parentPath, name);
    problems.add(
        path + ": must be one of " + names(type) + ", got " + Json.describe(node, false) + hint);
    tainted.add(path);
    return null;
  }

  private static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
  }

  void unknownFields(JsonNode object, String parentPath, List<String> known) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (!known.contains(e.getKey())) {
        String suggestion = Suggestions.closest(e.getKey(), known);
        problems.add(
            FieldPath.child(parentPath, e.getKey())
                + ": unknown field"
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
      }
    }
  }
}
