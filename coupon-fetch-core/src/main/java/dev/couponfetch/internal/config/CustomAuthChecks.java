package dev.couponfetch.internal.config;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ExtensionNames;
import java.util.List;

/**
 * The checks of a {@code CUSTOM} auth object: a valid {@code scheme} that is not a built-in one,
 * and {@code settings} with sensible names. The values are the scheme's to judge (a PEM key may
 * span lines); their {@code {{variable}}} syntax is checked with the request's templates. Whether
 * the scheme is registered is the fetcher's to say: a config does not know its fetcher.
 */
final class CustomAuthChecks {
  static final int SETTINGS_LIMIT = 64;
  static final int SETTING_NAME_LIMIT = 64;

  private CustomAuthChecks() {}

  static void check(AuthConfig auth, List<String> problems) {
    String scheme = auth.schemeOrNull();
    if (scheme == null) {
      problems.add(
          "auth.scheme: is required for CUSTOM (the name of an authenticator registered on the"
              + " fetcher)");
    } else {
      String problem = ExtensionNames.check(scheme);
      AuthType builtIn = builtIn(scheme);
      if (problem != null) {
        problems.add("auth.scheme: " + problem);
      } else if (builtIn != null) {
        problems.add(
            "auth.scheme: '"
                + scheme
                + "' is a built-in scheme; use \"type\": \""
                + builtIn
                + "\" instead of CUSTOM");
      }
    }
    checkSettings(auth, problems);
    oauth2FieldsNotUsed(auth, problems);
  }

  private static AuthType builtIn(String scheme) {
    for (AuthType type : AuthType.values()) {
      if (scheme.equals(type.scheme())) {
        return type;
      }
    }
    return null;
  }

  private static void checkSettings(AuthConfig auth, List<String> problems) {
    int count = auth.settings().size();
    if (count > SETTINGS_LIMIT) {
      problems.add("auth.settings: at most " + SETTINGS_LIMIT + " settings, has " + count);
    }
    for (String name : auth.settings().keySet()) {
      if (name.isBlank()) {
        problems.add("auth.settings: a setting name is blank");
      } else if (name.length() > SETTING_NAME_LIMIT) {
        // Not echoed: a name that long is more likely a value pasted in the wrong place.
        problems.add(
            "auth.settings: a setting name has "
                + name.length()
                + " characters, at most "
                + SETTING_NAME_LIMIT
                + " are allowed");
      } else if (name.chars().anyMatch(Character::isISOControl)) {
        problems.add(
            FieldPath.child("auth.settings", name)
                + ": the name must not contain control characters (line breaks, tabs)");
      }
    }
  }

  /**
   * A config read from JSON reports these while reading; a built one reports them here, with the
   * same text.
   */
  private static void oauth2FieldsNotUsed(AuthConfig auth, List<String> problems) {
    notUsed("grant", auth.grantOrNull(), problems);
    notUsed("clientId", auth.clientId(), problems);
    notUsed("clientSecret", auth.clientSecret(), problems);
    notUsed("authorizationUrl", auth.authorizationUrl(), problems);
    notUsed("tokenUrl", auth.tokenUrl(), problems);
    notUsed("scope", auth.scope(), problems);
    notUsed("redirectUri", auth.redirectUri(), problems);
    notUsed("clientAuth", auth.clientAuthOrNull(), problems);
    notUsed("refreshToken", auth.refreshToken(), problems);
  }

  private static void notUsed(String field, Object value, List<String> problems) {
    if (value != null) {
      problems.add("auth." + field + ": not used by CUSTOM");
    }
  }
}
