package dev.couponfetch.internal.tokens;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.ClientCertificate;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.request.Template;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who an OAuth2 token belongs to, and where it may go: the token URL, client id, grant, scope,
 * authorization URL (code grant), client secret, extra token-request parameters and headers, the
 * client key, and the origin of the coupon endpoint it is sent to. The {@link #key()} a token store
 * keeps it under is a SHA-256 of all of them, so two configs share a token only if they would have
 * obtained it the same way for the same origin; a config's free-text {@code name} plays no part.
 *
 * <p>Why each part: the token URL, client id, grant, scope and authorization URL are what the token
 * was issued to (the rule of the contract); the client secret, so that a config that merely copies
 * another's public client id cannot borrow its tokens (a rotated secret thus means new tokens); the
 * endpoint origin, so that a token is only ever attached to requests to the origin it was fetched
 * for, whatever another config with the same client points at. The key carries no secret: each part
 * is length-prefixed and the whole hashed.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenIdentity {
  private static final String KEY_PREFIX = "oauth2-";
  private static final String VERSION = "coupon-fetch token identity 1";
  private static final String SESSION_PREFIX = "session-";
  private static final String SESSION_VERSION = "coupon-fetch session identity 1";

  private final String key;
  private final String origin;
  // The origin's parts, so that the check on every OAuth2 fetch builds no string.
  private final String scheme;
  private final String host;
  private final int port;

  private TokenIdentity(String key, String origin) {
    this.key = key;
    this.origin = origin;
    URI u = URI.create(origin);
    this.scheme = u.getScheme();
    this.host = u.getHost();
    this.port = u.getPort();
  }

  /**
   * The identity of a valid {@code OAUTH2} config calling {@code endpoint} (a template whose origin
   * holds no variables: the validation refuses that for {@code OAUTH2}); {@code certificate} is the
   * config's {@code tls} client certificate, or null. With {@code TLS_CLIENT_AUTH} the certificate
   * and its private key are what prove the client, as a secret does otherwise: they are part of the
   * identity, so that a config naming another merchant's client id with a certificate of its own
   * never receives that merchant's stored token.
   */
  public static TokenIdentity of(String endpoint, AuthConfig auth, ClientCertificate certificate) {
    String origin = staticOrigin(endpoint);
    if (origin == null) {
      throw new IllegalArgumentException("the endpoint's origin is not fixed: " + endpoint);
    }
    OAuth2Grant grant = auth.grant();
    Canonical c = new Canonical();
    c.add(VERSION);
    c.add(grant.name());
    c.add(normalUrl(auth.tokenUrl()));
    c.add(auth.clientId());
    c.add(normalScope(auth.scope()));
    c.add(grant == OAuth2Grant.AUTHORIZATION_CODE ? normalUrl(auth.authorizationUrl()) : "");
    Secret secret = auth.clientSecret();
    c.add(secret == null ? "" : "secret:" + secret.reveal());
    c.add(origin);
    addExtras(c, auth);
    if (auth.clientAuth() == ClientAuthMethod.TLS_CLIENT_AUTH && certificate != null) {
      c.add("clientCertificate");
      if (certificate.isPkcs12()) {
        c.add(certificate.keystore().reveal());
        c.add(certificate.keystorePassword().reveal());
      } else {
        c.add(certificate.certificatePem().strip());
        c.add(certificate.keyPem().reveal().strip());
      }
    }
    return new TokenIdentity(KEY_PREFIX + c.digest(), origin);
  }

  /**
   * The identity of a valid {@code SESSION} config calling {@code endpoint}: who logs in (the login
   * URL, method, and the SHA-256 of the login payload and headers, the credentials) and the origin
   * of the coupon endpoint the session token is sent to. Key prefix {@code session-}. The config's
   * name plays no part; nor do the token's place and name in the login response, which do not
   * change whose session it is.
   */
  public static TokenIdentity session(String endpoint, LoginConfig login) {
    String origin = staticOrigin(endpoint);
    if (origin == null) {
      throw new IllegalArgumentException("the endpoint's origin is not fixed: " + endpoint);
    }
    Canonical credentials = new Canonical();
    credentials.add(login.payload().toString());
    TreeMap<String, String> headers = new TreeMap<>();
    login.headers().forEach((n, v) -> headers.put(n.toLowerCase(Locale.ROOT), v.reveal()));
    headers.forEach(
        (n, v) -> {
          credentials.add(n);
          credentials.add(v);
        });
    Canonical c = new Canonical();
    c.add(SESSION_VERSION);
    c.add(normalUrl(login.url()));
    c.add(login.method().name());
    c.add(credentials.digest());
    c.add(origin);
    return new TokenIdentity(SESSION_PREFIX + c.digest(), origin);
  }

  /**
   * Issue 14's parts, each only when set, so that the keys of configs without them stay as they
   * were (tokens already stored are still found): the extra token-request parameters (a token for
   * {@code audience} A is not one for B), the extra token-request headers (a tenant header picks
   * whose token it is) and the private key that proves the client (as the client secret does). A
   * tag before each part keeps a parameter from reading as a header.
   */
  private static void addExtras(Canonical c, AuthConfig auth) {
    if (!auth.tokenParams().isEmpty()) {
      c.add("tokenParams");
      new TreeMap<>(auth.tokenParams())
          .forEach(
              (name, value) -> {
                c.add(name);
                c.add(value);
              });
    }
    if (!auth.tokenHeaders().isEmpty()) {
      c.add("tokenHeaders");
      TreeMap<String, String> sorted = new TreeMap<>();
      auth.tokenHeaders()
          .forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT), value.reveal()));
      sorted.forEach(
          (name, value) -> {
            c.add(name);
            c.add(value);
          });
    }
    if (auth.clientKey() != null) {
      c.add("clientKey");
      c.add(auth.clientKey().reveal().strip());
    }
  }

  /**
   * The store key: {@code oauth2-} (or {@code session-}) and 43 characters of base64url; no secret
   * can be read off it.
   */
  public String key() {
    return key;
  }

  /** Whether {@code uri} is on the origin this identity's tokens may be sent to. */
  public boolean mayReceiveToken(URI uri) {
    String h = uri.getHost();
    return h != null
        && scheme.equalsIgnoreCase(uri.getScheme())
        && host.equalsIgnoreCase(h)
        && port == (uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort());
  }

  /**
   * The origin of an endpoint template when its variables cannot change it, else null (also for an
   * endpoint that is not an absolute http or https URL).
   */
  public static String staticOrigin(String endpoint) {
    Template t = Template.compile(endpoint, "endpoint", false, null);
    return t == null ? null : staticOrigin(t);
  }

  /** {@link #staticOrigin(String)} of an endpoint template already compiled. */
  public static String staticOrigin(Template t) {
    String x = origin(t.fillAll("x"));
    return x != null && x.equals(origin(t.fillAll("y"))) ? x : null;
  }

  private static String origin(String url) {
    try {
      return origin(new URI(url));
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** {@code scheme://host:port}, lower case, the default port written out; null if none. */
  static String origin(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static int defaultPort(String lowerCaseScheme) {
    return lowerCaseScheme.equals("https") ? 443 : lowerCaseScheme.equals("http") ? 80 : -1;
  }

  /** The URL with its origin normalised, so that spellings of one URL are one identity. */
  private static String normalUrl(String url) {
    if (url == null) {
      return "";
    }
    try {
      URI uri = new URI(url);
      String origin = origin(uri);
      if (origin == null) {
        return url;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return origin + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (URISyntaxException e) {
      return url;
    }
  }

  /** Scope values in a fixed order: {@code "b a"} and {@code "a b"} ask for the same grant. */
  private static String normalScope(String scope) {
    if (scope == null || scope.isBlank()) {
      return "";
    }
    return String.join(" ", new TreeSet<>(Arrays.asList(scope.strip().split("\\s+"))));
  }

  @Override
  public String toString() {
    return "TokenIdentity{key=" + key + ", origin=" + origin + '}';
  }

  /** Length-prefixed parts, so that no two lists of parts make the same bytes. */
  private static final class Canonical {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void add(String part) {
      byte[] b = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
      bytes.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
      bytes.writeBytes(b);
    }

    String digest() {
      try {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }
}
