package dev.couponfetch.httpclient;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.text.SecretText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks one request's credentials in what is shown of a fetch: by position where they were placed
 * or are echoed under the same name (credential headers, the named query parameters, a URL's
 * userinfo), and by value in free text from elsewhere (a response body that echoes the request, an
 * exception message of HttpClient or the JDK) when the value is long enough to search for ({@link
 * SecretText}: shorter values would mask unrelated text and so show themselves).
 */
final class Redactor {
  /** Credentials whatever the request: a session cookie the server hands out is one too. */
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  /** The authority of an absolute or protocol-relative URL up to its last {@code @}. */
  private static final Pattern USERINFO =
      Pattern.compile("^(\\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//)([^/?#]*)@");

  private final PreparedRequest req;
  private final AuthConfig auth;
  private volatile SecretText secrets;

  private Redactor(PreparedRequest req, AuthConfig auth) {
    this.req = req;
    this.auth = auth;
  }

  /**
   * The redactor of {@code req}: its secret values (and the forms they take in URLs) are gathered
   * on first use, so that a fetch that never quotes foreign text pays nothing for it.
   */
  static Redactor of(PreparedRequest req, AuthConfig auth) {
    return new Redactor(req, auth);
  }

  private SecretText secrets() {
    SecretText known = secrets;
    if (known == null) {
      known = SecretText.of(values(req, auth));
      secrets = known;
    }
    return known;
  }

  private static List<String> values(PreparedRequest req, AuthConfig auth) {
    List<String> s = new ArrayList<>();
    req.headers().stream().filter(PreparedRequest.Header::sensitive).forEach(h -> s.add(h.value()));
    req.queryParams().stream()
        .filter(PreparedRequest.QueryParam::sensitive)
        .forEach(q -> s.add(q.value()));
    if (auth.password() != null) {
      s.add(auth.password().reveal());
    }
    auth.params().values().forEach(v -> s.add(v.reveal()));
    auth.headers().values().forEach(v -> s.add(v.reveal()));
    return s;
  }

  /**
   * {@code text} with every (long enough) secret value replaced by {@code ****}; null stays null.
   */
  String redact(String text) {
    return secrets().mask(text);
  }

  /**
   * Whether a header of this name carries a credential: {@code Authorization}, {@code Cookie} and
   * the like, and the names of the request's sensitive headers (a response echoing {@code
   * X-Api-Key} echoes the key).
   */
  boolean credentialHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (CREDENTIAL_HEADERS.contains(lower)) {
      return true;
    }
    for (PreparedRequest.Header h : req.headers()) {
      if (h.sensitive() && h.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A URL from elsewhere (a {@code Location}) as it may be shown: its userinfo, and the values of
   * query parameters named as the request's sensitive ones, masked; then {@link #redact}.
   */
  String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = USERINFO.matcher(url);
    String out = m.find() ? m.group(1) + Secret.MASK + "@" + url.substring(m.end()) : url;
    return redact(maskParams(out));
  }

  private String maskParams(String url) {
    Set<String> names = new HashSet<>();
    req.queryParams().stream()
        .filter(PreparedRequest.QueryParam::sensitive)
        .forEach(q -> names.add(q.name()));
    int q = url.indexOf('?');
    if (names.isEmpty() || q < 0) {
      return url;
    }
    int hash = url.indexOf('#', q);
    int end = hash < 0 ? url.length() : hash;
    StringBuilder out = new StringBuilder(url.length()).append(url, 0, q + 1);
    String[] pairs = url.substring(q + 1, end).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (i > 0) {
        out.append('&');
      }
      if (eq >= 0 && names.contains(decode(name))) {
        out.append(pair, 0, eq + 1).append(Secret.MASK);
      } else {
        out.append(pair);
      }
    }
    return out.append(url, end, url.length()).toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** Whether {@code text} holds a secret value. */
  boolean reveals(String text) {
    return secrets().reveals(text);
  }

  /** Whether any message in the cause chain of {@code t} holds a secret value. */
  boolean reveals(Throwable t) {
    return secrets().reveals(t);
  }
}
