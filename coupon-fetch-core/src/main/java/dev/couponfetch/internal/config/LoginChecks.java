package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.mapping.BodyValue;
import dev.couponfetch.internal.request.HeaderNames;
import dev.couponfetch.internal.request.Template;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of a {@code SESSION} auth object's {@code auth.login}: the URL (absolute http or
 * https), the method ({@code POST_JSON} or {@code POST_FORM}), a payload that is a flat object of
 * scalars, valid headers, and a token name that fits {@code tokenFrom} (a body path compiles). No
 * login field may hold a {@code {{variable}}}: the session is the merchant's, shared by every
 * visitor's fetch, so nothing of one visitor may go into it. Messages never quote a secret.
 */
final class LoginChecks {
  static final String LOGIN = "auth.login";

  private LoginChecks() {}

  static void check(AuthConfig auth, List<String> problems) {
    if (auth.type() != AuthType.SESSION) {
      if (auth.login() != null) {
        problems.add(LOGIN + ": not used by " + auth.type());
      }
      return;
    }
    LoginConfig login = auth.login();
    if (login == null) {
      problems.add(
          LOGIN + ": is required for SESSION (the url, payload and tokenName of the login)");
      return;
    }
    if (login.url().isBlank()) {
      problems.add(LOGIN + ".url: is required for SESSION");
    } else {
      OAuth2Checks.checkUrl(LOGIN + ".url", login.url(), true, problems);
      noVariables(LOGIN + ".url", login.url(), problems);
    }
    if (login.method() == RequestMethod.GET) {
      problems.add(
          LOGIN
              + ".method: must be POST_JSON or POST_FORM, got GET (credentials do not belong in a"
              + " URL)");
    }
    checkPayload(login, problems);
    checkHeaders(login.headers(), problems);
    checkTokenName(login, problems);
  }

  private static void checkPayload(LoginConfig login, List<String> problems) {
    JsonNode payload = login.payload();
    if (payload.isEmpty() && login.headers().isEmpty()) {
      problems.add(
          LOGIN
              + ".payload: is empty; give the login's credentials (such as username and password)");
    }
    for (Map.Entry<String, JsonNode> e : payload.properties()) {
      String path = FieldPath.child(LOGIN + ".payload", e.getKey());
      JsonNode v = e.getValue();
      if (e.getKey().isEmpty()) {
        problems.add(LOGIN + ".payload: a field name is empty");
      }
      if (!v.isValueNode() || v.isNull()) {
        problems.add(
            path
                + ": "
                + login.method()
                + " login needs a flat object of scalars (strings, numbers, booleans), got "
                + (v.isNull() ? "null" : Json.describe(v, true)));
      } else if (v.isTextual()) {
        noVariables(path, v.textValue(), problems);
      }
    }
  }

  private static void checkHeaders(Map<String, Secret> headers, List<String> problems) {
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, Secret> h : headers.entrySet()) {
      String name = h.getKey();
      String path = FieldPath.child(LOGIN + ".headers", name);
      if (!HeaderNames.isValidName(name)) {
        problems.add(path + ": not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
      } else if (HeaderNames.isReserved(name) || name.equalsIgnoreCase("Content-Type")) {
        problems.add(path + ": is set by the HTTP client (Content-Type by auth.login.method)");
      }
      String earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (earlier != null) {
        problems.add(path + ": repeats header '" + earlier + "' (header names ignore case)");
      }
      if (HeaderNames.hasControlCharacter(h.getValue().reveal())) {
        problems.add(path + ": value must not contain a control character (such as a line break)");
      }
      noVariables(path, h.getValue().reveal(), problems);
    }
  }

  private static void checkTokenName(LoginConfig login, List<String> problems) {
    String path = LOGIN + ".tokenName";
    String name = login.tokenName();
    if (name == null || name.isBlank()) {
      problems.add(
          path
              + ": is required for SESSION: the "
              + what(login.tokenFrom())
              + " of the login response that holds the session token");
      return;
    }
    switch (login.tokenFrom()) {
      case BODY:
        BodyValue.compile(path, name, problems);
        break;
      case HEADER:
        if (!HeaderNames.isValidName(name)) {
          problems.add(path + ": must be a header name for tokenFrom HEADER, got '" + name + "'");
        }
        break;
      case COOKIE:
        if (!HeaderNames.isValidName(name)) {
          problems.add(path + ": must be a cookie name for tokenFrom COOKIE, got '" + name + "'");
        }
        break;
      default:
        throw new AssertionError(login.tokenFrom());
    }
  }

  private static String what(LoginConfig.TokenFrom from) {
    switch (from) {
      case HEADER:
        return "header";
      case COOKIE:
        return "cookie";
      default:
        return "body path (such as data.token)";
    }
  }

  /** A session is the merchant's: nothing of one visitor's call may go into its login. */
  private static void noVariables(String path, String value, List<String> problems) {
    if (value.indexOf("{{") < 0) {
      return;
    }
    Template t = Template.compile(value, path, true, null);
    if (t != null && !t.isConstant()) {
      problems.add(
          path
              + ": must not hold {{variables}}: a session belongs to the merchant, not to a"
              + " visitor (one login serves every visitor's fetch)");
    }
  }
}
