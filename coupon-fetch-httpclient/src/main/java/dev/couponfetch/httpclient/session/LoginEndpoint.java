package dev.couponfetch.httpclient.session;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.internal.CredentialRequests;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.mapping.BodyValue;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login of a {@code SESSION} config: sends it ({@link LoginHttp}), reads the session token from
 * the body path, header or cookie {@code auth.login} names, and says what went wrong otherwise.
 * Every outcome carries the exchange with the credentials and the token masked. Body paths are
 * compiled once each (a cache by their text). Thread-safe.
 */
final class LoginEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(LoginEndpoint.class);
  private static final int MAX_CACHED = 1000;
  private static final int EXCERPT = 200;

  private final LoginHttp http;
  private final ConcurrentHashMap<String, BodyValue> paths = new ConcurrentHashMap<>();

  LoginEndpoint(TlsClients clients, long maxResponseBytes) {
    this.http = new LoginHttp(clients, maxResponseBytes);
  }

  /**
   * A session token and the login that gave it (secrets masked).
   *
   * @param timing where the login's time went, or null
   */
  record Issued(String token, Exchange exchange, Timings.Request timing) {
    @Override
    public String toString() {
      return "Issued{token=****}";
    }
  }

  /**
   * Logs in for {@code config}.
   *
   * @throws CouponFetchException when the login fails or its answer holds no token
   */
  Issued login(CouponSourceConfig config) {
    LoginConfig login = config.auth().login();
    Redactor redactor = Redactor.forLogin(login);
    String body = LoginHttp.body(login);
    Exchange.SentRequest sent = LoginHttp.shown(login, body, redactor);
    LoginHttp.Response response;
    try {
      response = http.post(config, body, sent.uri());
    } catch (IOException e) {
      LOG.debug(
          "{}: login at {} failed: {}", config.name(), sent.uri(), redactor.redact(e.toString()));
      throw LoginFailures.io(e, login, config.timeouts(), new Exchange(sent, null), redactor);
    }
    try {
      int status = response.status();
      LOG.debug("{}: login at {} -> {}", config.name(), sent.uri(), status);
      String tokenHeader = tokenHeader(login);
      if (status < 200 || status >= 400) {
        Exchange exchange = new Exchange(sent, response.shown(redactor, tokenHeader));
        throw LoginFailures.status(config, response, exchange, redactor);
      }
      Found found = find(login, response);
      if (found.token != null) {
        redactor = redactor.plus(List.of(found.token));
      }
      Exchange exchange = new Exchange(sent, response.shown(redactor, tokenHeader));
      if (found.token == null) {
        throw LoginFailures.noToken(config, status, found.instead, exchange, redactor);
      }
      return new Issued(found.token, exchange, response.timing());
    } catch (CouponFetchException e) {
      // Answered, then refused: the failure shows where the login's time went.
      throw CredentialRequests.timed(e, response.timing());
    }
  }

  private static String tokenHeader(LoginConfig login) {
    return login.tokenFrom() == LoginConfig.TokenFrom.HEADER ? login.tokenName() : null;
  }

  /** The token, or what was there instead. */
  private record Found(String token, String instead) {}

  private Found find(LoginConfig login, LoginHttp.Response response) {
    String name = login.tokenName();
    switch (login.tokenFrom()) {
      case HEADER:
        return header(name, response);
      case COOKIE:
        return cookie(name, response);
      default:
        BodyValue.Found f = path(name).read(response.body(), response.charset());
        return new Found(f.value(), f.failure());
    }
  }

  private BodyValue path(String text) {
    BodyValue p = paths.get(text);
    if (p == null) {
      if (paths.size() >= MAX_CACHED) {
        paths.clear();
      }
      // A path that does not compile never gets here: the config's validation refuses it.
      p = paths.computeIfAbsent(text, t -> BodyValue.compile("auth.login.tokenName", t, null));
    }
    return p;
  }

  private static Found header(String name, LoginHttp.Response response) {
    List<String> names = new ArrayList<>();
    for (PreparedRequest.Header h : response.headers()) {
      if (h.name().equalsIgnoreCase(name) && !h.value().isBlank()) {
        return new Found(h.value().strip(), null);
      }
      names.add(h.name());
    }
    return new Found(
        null,
        "no header " + name + "; the response's headers: " + (names.isEmpty() ? "none" : names));
  }

  private static Found cookie(String name, LoginHttp.Response response) {
    List<String> names = new ArrayList<>();
    for (PreparedRequest.Header h : response.headers()) {
      if (!h.name().equalsIgnoreCase("Set-Cookie")) {
        continue;
      }
      Optional<String[]> pair = cookiePair(h.value());
      if (pair.isEmpty()) {
        continue;
      }
      String cookie = pair.get()[0];
      String value = pair.get()[1];
      if (cookie.equals(name) && !value.isEmpty() && !deletes(h.value())) {
        return new Found(value, null);
      }
      names.add(cookie);
    }
    return new Found(
        null,
        names.isEmpty()
            ? "no cookie " + name + " (the response sets no cookie)"
            : "no cookie " + name + "; the response sets " + names);
  }

  /** {@code name=value} of a {@code Set-Cookie} value (RFC 6265 5.2), a quoted value unquoted. */
  static Optional<String[]> cookiePair(String setCookie) {
    int semi = setCookie.indexOf(';');
    String pair = semi < 0 ? setCookie : setCookie.substring(0, semi);
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      return Optional.empty();
    }
    String value = pair.substring(eq + 1).strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return Optional.of(new String[] {pair.substring(0, eq).strip(), value});
  }

  /** A cookie set with {@code Max-Age=0} (or negative) is being deleted, not issued. */
  private static boolean deletes(String setCookie) {
    for (String attr : setCookie.split(";")) {
      String a = attr.strip();
      if (a.regionMatches(true, 0, "Max-Age=", 0, 8)) {
        String v = a.substring(8).strip();
        return v.startsWith("-") || v.equals("0");
      }
    }
    return false;
  }

  static String excerpt(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
  }
}
