package dev.couponfetch.internal.auth;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.config.FieldPath;
import dev.couponfetch.internal.request.Template;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in authenticators: singletons, stateless and thread-safe. {@code BASIC} is sent
 * preemptively; {@code QUERY_STRING} and {@code HEADERS} fill in {@code {{variables}}} and mark
 * every value sensitive. {@code NONE}, {@code DIGEST} and {@code OAUTH2} add nothing (the transport
 * answers challenges and sends tokens).
 */
public final class StandardAuthenticators {
  // Reusable: with no {{variables}} in the config, the credentials are the same on every call.
  private static final Authenticator.Plain NONE =
      Authenticator.Plain.reusable((request, config, variables) -> request);
  private static final Authenticator.Plain BASIC =
      Authenticator.Plain.reusable(StandardAuthenticators::basic);
  private static final Authenticator.Plain QUERY_STRING =
      Authenticator.Plain.reusable(StandardAuthenticators::queryString);
  private static final Authenticator.Plain HEADERS =
      Authenticator.Plain.reusable(StandardAuthenticators::headers);

  private StandardAuthenticators() {}

  /** The authenticator for {@code type}. */
  public static Authenticator.Plain forType(AuthType type) {
    switch (Objects.requireNonNull(type, "type == null")) {
      case BASIC:
        return BASIC;
      case QUERY_STRING:
        return QUERY_STRING;
      case HEADERS:
        return HEADERS;
      default:
        return NONE;
    }
  }

  /** {@code Basic base64(utf8(username:password))}, RFC 7617 with {@code charset="UTF-8"}. */
  public static String basicHeaderValue(String username, Secret password) {
    byte[] pair = (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  private static PreparedRequest basic(
      PreparedRequest request, CouponSourceConfig config, Map<String, String> variables) {
    AuthConfig auth = config.auth();
    if (auth.username() == null || auth.password() == null) {
      return request;
    }
    return request.withHeader(
        "Authorization", basicHeaderValue(auth.username(), auth.password()), true);
  }

  private static PreparedRequest queryString(
      PreparedRequest request, CouponSourceConfig config, Map<String, String> variables) {
    PreparedRequest r = request;
    for (Map.Entry<String, Secret> p : config.auth().params().entrySet()) {
      String value = p.getValue().reveal();
      if (isTemplate(value)) {
        String where = FieldPath.child("auth.params", p.getKey());
        value = template(p.getValue(), where).render(variables, where);
      }
      r = r.withQueryParam(p.getKey(), value, true);
    }
    return r;
  }

  private static PreparedRequest headers(
      PreparedRequest request, CouponSourceConfig config, Map<String, String> variables) {
    PreparedRequest r = request;
    for (Map.Entry<String, Secret> h : config.auth().headers().entrySet()) {
      String value = h.getValue().reveal();
      if (isTemplate(value)) {
        String where = FieldPath.child("auth.headers", h.getKey());
        value = template(h.getValue(), where).renderHeader(variables, where);
      }
      r = r.withHeader(h.getKey(), value, true);
    }
    return r;
  }

  /**
   * Whether {@code value} may hold a {@code {{variable}}}; one that cannot is sent as it is (the
   * config's build checked it), without compiling or rendering anything.
   */
  private static boolean isTemplate(String value) {
    return value.indexOf('{') >= 0;
  }

  /**
   * Compiling on demand costs one scan of a short value, less than caching it would; the config's
   * build has already reported any syntax error, so this cannot fail for a built config.
   */
  private static Template template(Secret value, String where) {
    Template t = Template.compile(value.reveal(), where, true, null);
    if (t == null) {
      throw new IllegalStateException(where + ": invalid template in a built config");
    }
    return t;
  }
}
