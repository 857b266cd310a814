package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.ExtensionNames;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Secret;
import dev.couponfetch.TokenPlacement;
import dev.couponfetch.internal.request.HeaderNames;
import dev.couponfetch.internal.request.Template;
import dev.couponfetch.internal.request.Urls;
import dev.couponfetch.internal.tokens.TokenIdentity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a whole config and names every problem by its JSON field ({@code "auth.password: is
 * required for BASIC"}). Template syntax is {@code RequestTemplate}'s to report and mapping paths
 * the mapper's; this class checks what the fields mean together. Messages never show a secret.
 * Stateless and thread-safe.
 */
public final class ConfigValidator {
  static final int NAME_LIMIT = 100;
  static final Duration TIMEOUT_LIMIT = Duration.ofMinutes(10);
  private static final int ECHO_LIMIT = 200;
  private static final String DEFAULT_NAME = "coupon-source";

  private ConfigValidator() {}

  /** Every problem of {@code config}, in field order; empty when it is valid. */
  public static List<String> validate(CouponSourceConfig config) {
    List<String> problems = new ArrayList<>();
    checkName(config.name(), problems);
    int before = problems.size();
    checkEndpoint(config.endpoint(), problems);
    if (problems.size() == before && TokenChecks.attachesToken(config.auth().type())) {
      checkTokenOrigin(config.endpoint(), config.auth().type(), problems);
    }
    checkPayload(config.method(), config.payload(), problems);
    checkHeaders(config.headers(), "headers", problems);
    checkAuth(config.auth(), problems);
    checkHeaderConflicts(config.headers(), config.auth(), problems);
    SigningChecks.checkHeaderConflicts(config.headers(), config.auth(), problems);
    String mapper = ExtensionNames.check(config.mapping().mapper());
    if (mapper != null) {
      problems.add("mapping.mapper: " + mapper);
    }
    if (config.retryPost() && config.method() == RequestMethod.GET) {
      problems.add("retryPost: only applies to POST_JSON and POST_FORM (GET is retried anyway)");
    }
    if (config.trustedCertificatesPem() != null) {
      Certificates.check("tls.trustedCertificates", config.trustedCertificatesPem(), problems);
    }
    ClientCertificates.check(config, problems);
    checkTimeout(config.timeouts().connect(), "timeouts.connectMs", problems);
    checkTimeout(config.timeouts().response(), "timeouts.responseMs", problems);
    return problems;
  }

  /** The endpoint's host, the name a config gets when it has none. */
  public static String defaultName(String endpoint) {
    Template t = Template.compile(endpoint, "endpoint", false, null);
    if (t == null) {
      return DEFAULT_NAME;
    }
    String host = host(t.fillAll("x"));
    // A host made of variables names no one merchant; don't let a placeholder pose as one.
    return host == null || !host.equals(host(t.fillAll("y"))) ? DEFAULT_NAME : host;
  }

  private static String host(String url) {
    try {
      return new URI(url).getHost();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * A token is bound to one origin, so an OAUTH2 (or SESSION) endpoint's origin may not vary per
   * call.
   */
  private static void checkTokenOrigin(String endpoint, AuthType type, List<String> problems) {
    Template t = Template.compile(endpoint, "endpoint", false, null);
    // A template that does not compile is reported once, by the request template.
    if (t != null && TokenIdentity.staticOrigin(t) == null) {
      problems.add(
          "endpoint: the scheme, host and port of an "
              + type
              + " endpoint must not hold {{variables}} ("
              + (type == AuthType.SESSION ? "a session token" : "an access token")
              + " is sent only to the one origin it was fetched for)");
    }
  }

  private static void checkName(String name, List<String> problems) {
    if (name.isBlank()) {
      problems.add("name: must not be blank");
    } else if (name.length() > NAME_LIMIT) {
      problems.add("name: must be at most " + NAME_LIMIT + " characters, has " + name.length());
    } else if (name.chars().anyMatch(Character::isISOControl)) {
      problems.add("name: must not contain control characters (line breaks, tabs)");
    }
  }

  private static void checkEndpoint(String endpoint, List<String> problems) {
    if (endpoint.isBlank()) {
      problems.add("endpoint: is required");
      return;
    }
    Template t = Template.compile(endpoint, "endpoint", false, null);
    if (t == null) {
      return; // the template's syntax problem is reported when it is compiled
    }
    URI uri;
    try {
      // A variable stands for one URL component; "x" is valid wherever a component may be.
      uri = new URI(t.fillAll("x"));
    } catch (URISyntaxException e) {
      problems.add(badEndpoint(endpoint, " (" + e.getReason().toLowerCase(Locale.ROOT) + ")"));
      return;
    }
    String scheme = uri.getScheme();
    boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    String authority = web ? Urls.authorityProblem(uri) : null; // port 99999, no host
    if (authority != null) {
      problems.add("endpoint: " + authority);
    } else if (!web || uri.isOpaque() || uri.getHost() == null) {
      problems.add(badEndpoint(endpoint, ""));
    } else if (uri.getRawUserInfo() != null) {
      // Not echoed: it holds a password. Credentials belong in auth, where they are masked.
      problems.add("endpoint: must not contain a user name or password; use auth BASIC instead");
    } else if (uri.getRawFragment() != null) {
      problems.add("endpoint: must not contain a '#' fragment, which is never sent to the server");
    }
  }

  private static String badEndpoint(String endpoint, String why) {
    if (endpoint.contains("@")) {
      return "endpoint: must be an absolute http or https URL" + why; // may carry user info
    }
    String shown =
        endpoint.length() <= ECHO_LIMIT ? endpoint : endpoint.substring(0, ECHO_LIMIT) + "…";
    return "endpoint: must be an absolute http or https URL, got '" + shown + "'" + why;
  }

  private static void checkPayload(RequestMethod method, JsonNode payload, List<String> problems) {
    if (payload == null) {
      return;
    }
    switch (method) {
      case GET:
        problems.add("payload: not allowed for GET; choose POST_JSON or POST_FORM to send it");
        break;
      case POST_JSON:
        if (!payload.isObject() && !payload.isArray()) {
          problems.add(
              "payload: POST_JSON needs a JSON object or array, got "
                  + Json.describe(payload, false));
        }
        break;
      case POST_FORM:
        if (!payload.isObject()) {
          problems.add(
              "payload: POST_FORM needs a flat object of scalars, got "
                  + Json.describe(payload, false));
          break;
        }
        for (Map.Entry<String, JsonNode> e : payload.properties()) {
          JsonNode value = e.getValue();
          if (value.isContainerNode() || value.isNull()) {
            problems.add(
                FieldPath.child("payload", e.getKey())
                    + ": POST_FORM needs a flat object of scalars (strings, numbers, booleans), got"
                    + " "
                    + (value.isNull() ? "null" : Json.describe(value, true)));
          }
        }
        break;
      default:
        throw new AssertionError(method);
    }
  }

  private static void checkHeaders(Map<String, ?> headers, String parent, List<String> problems) {
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, ?> h : headers.entrySet()) {
      String name = h.getKey();
      String path = FieldPath.child(parent, name);
      Object raw = h.getValue();
      String value = raw instanceof Secret ? ((Secret) raw).reveal() : (String) raw;
      if (!HeaderNames.isValidName(name)) {
        problems.add(path + ": not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
      } else if (HeaderNames.isReserved(name)) {
        problems.add(path + ": is set by the HTTP client and cannot be configured");
      }
      String earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (earlier != null) {
        problems.add(path + ": repeats header '" + earlier + "' (header names ignore case)");
      }
      if (HeaderNames.hasControlCharacter(value)) {
        problems.add(path + ": value must not contain a control character (such as a line break)");
      }
    }
  }

  private static void checkAuth(AuthConfig auth, List<String> problems) {
    AuthType type = auth.type();
    TokenChecks.check(auth, problems);
    LoginChecks.check(auth, problems);
    switch (type) {
      case OAUTH2:
        OAuth2Checks.check(auth, problems);
        break;
      case CUSTOM:
        CustomAuthChecks.check(auth, problems);
        break;
      case HMAC:
        SigningChecks.check(auth, problems);
        break;
      case BASIC:
      case DIGEST:
        if (auth.username() == null || auth.username().isEmpty()) {
          problems.add("auth.username: is required for " + type);
        } else if (type == AuthType.BASIC && auth.username().indexOf(':') >= 0) {
          problems.add("auth.username: must not contain ':' for BASIC (RFC 7617)");
        }
        if (auth.password() == null) {
          problems.add("auth.password: is required for " + type);
        }
        break;
      case QUERY_STRING:
        if (auth.params().isEmpty()) {
          problems.add("auth.params: QUERY_STRING needs at least one parameter");
        }
        for (String name : auth.params().keySet()) {
          if (name.isEmpty()) {
            problems.add("auth.params: a parameter name is empty");
          }
        }
        break;
      case HEADERS:
        if (auth.headers().isEmpty()) {
          problems.add("auth.headers: HEADERS needs at least one header");
        }
        checkHeaders(auth.headers(), "auth.headers", problems);
        break;
      default:
        break;
    }
    notUsed(type, auth.username() != null && !usesPassword(type), "auth.username", problems);
    notUsed(type, auth.password() != null && !usesPassword(type), "auth.password", problems);
    notUsed(
        type, !auth.params().isEmpty() && type != AuthType.QUERY_STRING, "auth.params", problems);
    notUsed(type, !auth.headers().isEmpty() && type != AuthType.HEADERS, "auth.headers", problems);
    boolean custom = type == AuthType.CUSTOM;
    notUsed(type, auth.schemeOrNull() != null && !custom, "auth.scheme", problems);
    notUsed(type, !auth.settings().isEmpty() && !custom, "auth.settings", problems);
    notUsed(type, auth.signing() != null && type != AuthType.HMAC, "auth.signing", problems);
  }

  /**
   * A header set twice would be sent twice (HTTP clients add, they don't replace), and servers then
   * pick either value or refuse the request: each header must have one source.
   */
  private static void checkHeaderConflicts(
      Map<String, String> headers, AuthConfig auth, List<String> problems) {
    AuthType type = auth.type();
    Map<String, String> authHeaders = new HashMap<>(); // lower case -> as the auth sends it
    if (type == AuthType.BASIC || type == AuthType.DIGEST) {
      authHeaders.put("authorization", "Authorization");
    } else if (TokenChecks.attachesToken(type)) {
      TokenPlacement place = auth.tokenPlacement();
      if (place.place() == TokenPlacement.Place.HEADER) {
        authHeaders.put(place.name().toLowerCase(Locale.ROOT), place.name());
      } else if (place.place() == TokenPlacement.Place.COOKIE) {
        authHeaders.put("cookie", "Cookie");
      }
    } else if (type == AuthType.HEADERS) {
      auth.headers().keySet().forEach(n -> authHeaders.put(n.toLowerCase(Locale.ROOT), n));
    }
    for (String name : headers.keySet()) {
      String path = FieldPath.child("headers", name);
      String sent = authHeaders.get(name.toLowerCase(Locale.ROOT));
      if (sent == null) {
        continue;
      }
      if (type == AuthType.HEADERS) {
        problems.add(path + ": also set in auth.headers; set it in one place");
      } else {
        problems.add(
            path
                + ": conflicts with auth.type "
                + type
                + ", which sends its own "
                + sent
                + " header");
      }
    }
  }

  private static boolean usesPassword(AuthType type) {
    return type == AuthType.BASIC || type == AuthType.DIGEST;
  }

  private static void notUsed(AuthType type, boolean present, String path, List<String> problems) {
    if (present) {
      problems.add(path + ": not used by " + type);
    }
  }

  private static void checkTimeout(Duration d, String path, List<String> problems) {
    if (d.isNegative() || d.isZero() || d.compareTo(TIMEOUT_LIMIT) > 0) {
      problems.add(
          path
              + ": must be between 1 and "
              + TIMEOUT_LIMIT.toMillis()
              + " (10 minutes), got "
              + d.toMillis());
    } else if (d.getNano() % 1_000_000 != 0) {
      problems.add(path + ": must be a whole number of milliseconds");
    }
  }
}
