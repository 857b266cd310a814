package dev.couponfetch.internal.text;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.request.HeaderNames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks one request's secrets in what is shown of it (exchanges, messages, logs), for a coupon
 * fetch ({@link #of}), an OAuth2 token request ({@link #forTokenRequest}) or a {@code SESSION}
 * login ({@link #forLogin}). By position, whatever the length, where a credential was placed or is
 * echoed under the same name: credential headers ({@code Authorization}, {@code Cookie}, {@code
 * Set-Cookie} and the like, and the names of the request's sensitive headers), the named query
 * parameters or form fields, a URL's userinfo, and for a token request the token fields of a JSON
 * answer. By value, in free text from elsewhere (a body that echoes the request, an exception
 * message of the HTTP client or the JDK), every known secret long enough to search for ({@link
 * SecretText}). Immutable and thread-safe.
 */
public final class Redactor {
  /** The form fields of a token request that carry credentials. */
  private static final Set<String> TOKEN_REQUEST_FIELDS =
      Set.of(
          "client_secret",
          "code",
          "code_verifier",
          "refresh_token",
          "access_token",
          "id_token",
          "client_assertion",
          "assertion",
          "password");

  /** The authority of an absolute or protocol-relative URL up to its last {@code @}. */
  private static final Pattern USERINFO =
      Pattern.compile("^(\\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//)([^/?#]*)@");

  /** {@code "access_token": "…"}: the name, then the string value (escapes allowed). */
  private static final Pattern JSON_TOKEN =
      Pattern.compile(
          "(\"(?:access_token|refresh_token|id_token)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");

  /** A JSON token request's credential fields ({@link #TOKEN_REQUEST_FIELDS}) and their values. */
  private static final Pattern JSON_REQUEST_FIELD =
      Pattern.compile(
          "(\"(?:"
              + String.join("|", TOKEN_REQUEST_FIELDS)
              + ")\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");

  /** The fetched request (its sensitive headers and parameters), or null for a token request. */
  private final PreparedRequest req;

  private final AuthConfig auth;
  private volatile SecretText secrets;

  /**
   * A {@code SESSION} login's credential fields (the payload's string fields), masked by position
   * in a form and in JSON whatever their length; empty otherwise.
   */
  private final Set<String> loginFields;

  private final Pattern loginJson;

  /** The redactor of a coupon fetch whose first request is {@code req}: see {@link #of}. */
  private Redactor(PreparedRequest req, AuthConfig auth) {
    this(
        Objects.requireNonNull(req, "req == null"),
        Objects.requireNonNull(auth, "auth == null"),
        null);
  }

  private Redactor(PreparedRequest req, AuthConfig auth, SecretText secrets) {
    this(req, auth, secrets, Set.of());
  }

  private Redactor(
      PreparedRequest req, AuthConfig auth, SecretText secrets, Set<String> loginFields) {
    this.req = req;
    this.auth = auth;
    this.secrets = secrets;
    this.loginFields = loginFields;
    this.loginJson = loginFields.isEmpty() ? null : jsonFields(loginFields);
  }

  /**
   * The redactor of a {@code SESSION} login request and its response: the payload's string fields
   * and the session token's field (the last segment of a {@code BODY} token name) by position (in
   * the form or JSON sent, and where the response has them under the same name) and by value, the
   * login headers' values by value, and like {@link #forTokenRequest} the token fields of a JSON
   * answer. Add the session token, once read, with {@link #plus}.
   */
  public static Redactor forLogin(LoginConfig login) {
    Set<String> fields = new LinkedHashSet<>();
    List<String> values = new ArrayList<>();
    login
        .payload()
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isTextual()) {
                fields.add(e.getKey());
                values.add(e.getValue().textValue());
              }
            });
    login.headers().values().forEach(v -> values.add(v.reveal()));
    String name = login.tokenName();
    if (login.tokenFrom() == LoginConfig.TokenFrom.BODY && name != null && !name.startsWith("$")) {
      // The session token's own field, masked in the answer however short the token.
      fields.add(name.substring(name.lastIndexOf('.') + 1));
    }
    return new Redactor(null, null, SecretText.of(values), Set.copyOf(fields));
  }

  /** {@code "name": "…"} for each name: the name, then the string value (escapes allowed). */
  private static Pattern jsonFields(Set<String> names) {
    StringBuilder alt = new StringBuilder();
    for (String n : names) {
      alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(n));
    }
    return Pattern.compile("(\"(?:" + alt + ")\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");
  }

  /**
   * The redactor of a coupon fetch whose first request is {@code req}: its sensitive headers and
   * query parameters by name, and these and {@code auth}'s secret values by value. The values (and
   * the forms they take in URLs) are gathered on first use, so that a fetch that never quotes
   * foreign text pays nothing for it.
   */
  public static Redactor of(PreparedRequest req, AuthConfig auth) {
    return new Redactor(req, auth);
  }

  /**
   * The redactor of a token request and its response: the form fields that carry credentials
   * ({@code client_secret}, {@code code}, {@code code_verifier}, {@code refresh_token}...) and the
   * token fields of a JSON body by position, {@code secrets} by value.
   */
  public static Redactor forTokenRequest(Collection<String> secrets) {
    return new Redactor(null, null, SecretText.of(secrets));
  }

  /** This redactor, also masking {@code more} by value. */
  public Redactor plus(Collection<String> more) {
    return new Redactor(req, auth, secrets().plus(more), loginFields);
  }

  /** The values of the token fields of a JSON body, to be masked wherever they appear. */
  public static List<String> tokenValues(String body) {
    List<String> values = new ArrayList<>();
    Matcher m = JSON_TOKEN.matcher(body);
    while (m.find()) {
      values.add(m.group(2));
    }
    return values;
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
    if (auth.login() != null) {
      // A coupon endpoint may echo the merchant's login credentials.
      auth.login().payloadSecrets().forEach(v -> s.add(v.reveal()));
      auth.login().headers().values().forEach(v -> s.add(v.reveal()));
    }
    auth.params().values().forEach(v -> s.add(v.reveal()));
    auth.headers().values().forEach(v -> s.add(v.reveal()));
    auth.settings().values().forEach(v -> s.add(v.reveal()));
    if (auth.signing() != null && auth.signing().secret() != null) {
      s.add(auth.signing().secret().reveal()); // the HMAC key: never sent, but may be echoed
    }
    if (auth.clientKey() != null) {
      s.add(auth.clientKey().reveal());
    }
    auth.tokenHeaders().values().forEach(v -> s.add(v.reveal()));
    return s;
  }

  /**
   * {@code text} with every (long enough) secret value, and for a token request the token fields of
   * JSON, shown as {@value Secret#MASK}; null stays null.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out =
        req == null ? JSON_TOKEN.matcher(text).replaceAll("$1" + Secret.MASK + "\"") : text;
    if (loginJson != null) {
      out = loginJson.matcher(out).replaceAll("$1" + Secret.MASK + "\"");
    }
    return secrets().mask(out);
  }

  /**
   * Whether a header of this name carries a credential: {@code Authorization}, {@code Cookie} and
   * the like, and the names of the request's sensitive headers (a response echoing {@code
   * X-Api-Key} echoes the key).
   */
  public boolean credentialHeader(String name) {
    if (HeaderNames.isCredential(name) || name.equalsIgnoreCase("Set-Cookie")) {
      return true;
    }
    if (req != null) {
      for (PreparedRequest.Header h : req.headers()) {
        if (h.sensitive() && h.name().equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A header as it may be shown: {@value Secret#MASK} when it is {@code sensitive} or a {@link
   * #credentialHeader}; else its value through {@link #redactUrl} when it holds a URL ({@code
   * Location}, {@code Content-Location}), or {@link #redact}.
   */
  public PreparedRequest.Header header(String name, String value, boolean sensitive) {
    boolean masked = sensitive || credentialHeader(name);
    String shown =
        masked
            ? Secret.MASK
            : name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Content-Location")
                ? redactUrl(value)
                : redact(value);
    return new PreparedRequest.Header(name, shown, masked);
  }

  /**
   * A URL from elsewhere (a {@code Location}) as it may be shown: its userinfo, and the values of
   * query parameters named as the request's sensitive ones, masked; then {@link #redact}.
   */
  public String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = USERINFO.matcher(url);
    String out = m.find() ? m.group(1) + Secret.MASK + "@" + url.substring(m.end()) : url;
    int q = out.indexOf('?');
    if (q >= 0 && hasSecretFields()) {
      int hash = out.indexOf('#', q);
      out = maskFields(out, q + 1, hash < 0 ? out.length() : hash);
    }
    return redact(out);
  }

  /**
   * A form body ({@code application/x-www-form-urlencoded}) as it may be shown: the values of the
   * fields that carry credentials masked, whatever their length; then {@link #redact}.
   */
  public String redactForm(String form) {
    if (form == null) {
      return null;
    }
    return redact(hasSecretFields() ? maskFields(form, 0, form.length()) : form);
  }

  /**
   * A JSON token request body ({@code auth.tokenRequestFormat} {@code JSON}) as it may be shown:
   * the string values of the fields that carry credentials ({@code client_secret}, {@code
   * client_assertion}, {@code code}...) masked, whatever their length; then {@link #redact}.
   */
  public String redactJsonRequest(String json) {
    if (json == null) {
      return null;
    }
    return redact(JSON_REQUEST_FIELD.matcher(json).replaceAll("$1" + Secret.MASK + "\""));
  }

  private boolean hasSecretFields() {
    return req == null
        || req.queryParams().stream().anyMatch(PreparedRequest.QueryParam::sensitive);
  }

  /** Whether a query parameter or form field of this (decoded) name carries a credential. */
  private boolean secretField(String name) {
    if (req == null) {
      return TOKEN_REQUEST_FIELDS.contains(name.toLowerCase(Locale.ROOT))
          || loginFields.contains(name);
    }
    for (PreparedRequest.QueryParam p : req.queryParams()) {
      if (p.sensitive() && p.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with the values of the secret fields in its {@code &}-pairs from..to masked. */
  private String maskFields(String text, int from, int to) {
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, from);
    String[] pairs = text.substring(from, to).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      if (i > 0) {
        out.append('&');
      }
      if (eq >= 0 && secretField(decode(pair.substring(0, eq)))) {
        out.append(pair, 0, eq + 1).append(Secret.MASK);
      } else {
        out.append(pair);
      }
    }
    return out.append(text, to, text.length()).toString();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** Whether {@code text} holds a secret value. */
  public boolean reveals(String text) {
    return secrets().reveals(text);
  }

  /** Whether any message in the cause chain of {@code t} holds a secret value. */
  public boolean reveals(Throwable t) {
    return secrets().reveals(t);
  }
}
