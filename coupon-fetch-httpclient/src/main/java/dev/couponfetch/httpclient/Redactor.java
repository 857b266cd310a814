package dev.couponfetch.httpclient;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Masks one request's secret values in text that came from elsewhere: a response body that echoes
 * the request, or an exception message of HttpClient or the JDK.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not searched for, since masking every
 * "a" of a body would hide more than it protects; such values cannot be secrets worth the name.
 */
final class Redactor {
  static final int MIN_LENGTH = 4;

  private final PreparedRequest req;
  private final AuthConfig auth;
  private volatile Set<String> secrets;

  private Redactor(PreparedRequest req, AuthConfig auth) {
    this.req = req;
    this.auth = auth;
  }

  /**
   * The redactor of {@code req}: its secret values (and their URL-encoded forms) are gathered on
   * first use, so that a fetch that never quotes foreign text pays nothing for it.
   */
  static Redactor of(PreparedRequest req, AuthConfig auth) {
    return new Redactor(req, auth);
  }

  private Set<String> secrets() {
    Set<String> known = secrets;
    if (known == null) {
      known = gather(req, auth);
      secrets = known;
    }
    return known;
  }

  private static Set<String> gather(PreparedRequest req, AuthConfig auth) {
    Set<String> s = new LinkedHashSet<>();
    req.headers().stream()
        .filter(PreparedRequest.Header::sensitive)
        .forEach(h -> add(s, h.value()));
    req.queryParams().stream()
        .filter(PreparedRequest.QueryParam::sensitive)
        .forEach(q -> add(s, q.value()));
    if (auth.password() != null) {
      add(s, auth.password().reveal());
    }
    auth.params().values().forEach(v -> add(s, v.reveal()));
    auth.headers().values().forEach(v -> add(s, v.reveal()));
    return Set.copyOf(s);
  }

  private static void add(Set<String> s, String value) {
    if (value.length() >= MIN_LENGTH) {
      s.add(value);
      // The forms it takes inside a URL, which HttpClient's messages may quote.
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
      s.add(encoded);
      // RFC 3986 form, as core's query encoding writes it.
      s.add(encoded.replace("+", "%20").replace("*", "%2A").replace("%7E", "~"));
      // The form a value takes on the wire after the scheme's own token, e.g. "Basic xyz".
      int space = value.indexOf(' ');
      if (space > 0 && value.length() - space - 1 >= MIN_LENGTH) {
        s.add(value.substring(space + 1));
      }
    }
  }

  /** {@code text} with every secret value replaced by {@code ****}; null stays null. */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets()) {
      out = out.replace(secret, Secret.MASK);
    }
    return out;
  }

  /** Whether {@code text} holds a secret value. */
  boolean reveals(String text) {
    return text != null && secrets().stream().anyMatch(text::contains);
  }

  /** Whether any message in the cause chain of {@code t} holds a secret value. */
  boolean reveals(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (reveals(c.getMessage()) || reveals(c.toString())) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (reveals(s)) {
          return true;
        }
      }
    }
    return false;
  }
}
