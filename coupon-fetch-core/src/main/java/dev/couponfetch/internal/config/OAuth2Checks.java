package dev.couponfetch.internal.config;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.internal.request.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The checks of an {@code OAUTH2} auth object. How the client proves itself at the token endpoint
 * is {@link OAuth2ClientChecks}': a client secret is optional for {@code AUTHORIZATION_CODE} (a
 * public client proves itself with PKCE) and required for {@code CLIENT_CREDENTIALS} unless a key
 * or certificate proves the client.
 */
final class OAuth2Checks {
  private OAuth2Checks() {}

  static void check(AuthConfig auth, List<String> problems) {
    OAuth2Grant grant = auth.grant();
    if (auth.clientId() == null || auth.clientId().isBlank()) {
      problems.add("auth.clientId: is required for OAUTH2");
    }
    if (auth.tokenUrl() == null) {
      problems.add("auth.tokenUrl: is required for OAUTH2");
    } else {
      checkUrl("auth.tokenUrl", auth.tokenUrl(), true, problems);
    }
    if (grant == OAuth2Grant.AUTHORIZATION_CODE) {
      if (auth.authorizationUrl() == null) {
        problems.add("auth.authorizationUrl: is required for the AUTHORIZATION_CODE grant");
      } else {
        checkUrl("auth.authorizationUrl", auth.authorizationUrl(), true, problems);
      }
      if (auth.redirectUri() != null) {
        checkUrl("auth.redirectUri", auth.redirectUri(), false, problems);
      }
    } else {
      notUsed(auth.authorizationUrl() != null, "auth.authorizationUrl", problems);
      notUsed(auth.redirectUri() != null, "auth.redirectUri", problems);
      notUsed(auth.refreshToken() != null, "auth.refreshToken", problems);
    }
    OAuth2ClientChecks.check(auth, problems);
    if (auth.scope() != null && auth.scope().chars().anyMatch(Character::isISOControl)) {
      problems.add("auth.scope: must not contain control characters");
    }
    if (auth.refreshToken() != null && auth.refreshToken().isEmpty()) {
      problems.add("auth.refreshToken: must not be empty");
    }
  }

  private static void notUsed(boolean present, String path, List<String> problems) {
    if (present) {
      problems.add(path + ": not used by the CLIENT_CREDENTIALS grant");
    }
  }

  /** Checks a URL field: here, and for {@code auth.login.url} ({@link LoginChecks}). */
  static void checkUrl(String field, String url, boolean web, List<String> problems) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      problems.add(field + ": not a valid URL (" + e.getReason().toLowerCase(Locale.ROOT) + ")");
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = Urls.authorityProblem(uri); // port 99999, no host
    if (authority != null) {
      problems.add(field + ": " + authority);
    } else if (!uri.isAbsolute() || uri.isOpaque() || (web && uri.getHost() == null)) {
      problems.add(field + ": must be an absolute URL, got '" + url + "'");
    } else if (web && !scheme.equals("http") && !scheme.equals("https")) {
      problems.add(field + ": must be an http or https URL, got '" + url + "'");
    } else if (uri.getRawUserInfo() != null) {
      problems.add(field + ": must not contain a user name or password");
    } else if (uri.getRawFragment() != null) {
      problems.add(field + ": must not contain a '#' fragment");
    }
  }
}
