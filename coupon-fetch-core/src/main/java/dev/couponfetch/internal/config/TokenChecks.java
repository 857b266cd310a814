package dev.couponfetch.internal.config;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.TokenPlacement;
import dev.couponfetch.internal.mapping.BodyFlag;
import dev.couponfetch.internal.request.HeaderNames;
import java.util.List;

/**
 * The checks of the fields of types that attach a token ({@code OAUTH2}, {@code SESSION}): where it
 * goes ({@code auth.tokenHeader}/{@code tokenPrefix}, {@code tokenQueryParam}, {@code tokenCookie})
 * and when the endpoint refused it ({@code tokenExpiredStatuses}, {@code tokenExpiredPath}). On any
 * other type these fields are problems.
 */
final class TokenChecks {
  private TokenChecks() {}

  static boolean attachesToken(AuthType type) {
    return type == AuthType.OAUTH2 || type == AuthType.SESSION;
  }

  static void check(AuthConfig auth, List<String> problems) {
    if (!attachesToken(auth.type())) {
      notUsed(auth, problems);
      return;
    }
    TokenPlacement place = auth.tokenPlacementOrNull();
    if (place != null) {
      checkPlacement(place, problems);
    }
    for (Integer status : auth.tokenExpiredStatuses()) {
      if (status < 400 || status > 599) {
        problems.add(
            "auth.tokenExpiredStatuses: "
                + status
                + " is not an error status (400-599); use auth.tokenExpiredPath for 2xx bodies");
      }
    }
    if (auth.tokenExpiredPath() != null) {
      if (auth.tokenExpiredPath().isBlank()) {
        problems.add("auth.tokenExpiredPath: must not be blank");
      } else {
        BodyFlag.compile("auth.tokenExpiredPath", auth.tokenExpiredPath(), problems);
      }
    }
  }

  private static void checkPlacement(TokenPlacement place, List<String> problems) {
    String name = place.name();
    switch (place.place()) {
      case QUERY:
        if (name.isBlank() || HeaderNames.hasControlCharacter(name)) {
          problems.add("auth.tokenQueryParam: must be a parameter name, got '" + name + "'");
        }
        break;
      case COOKIE:
        // RFC 6265: a cookie name is an HTTP token, as a header name is.
        if (!HeaderNames.isValidName(name)) {
          problems.add(
              "auth.tokenCookie: must be a cookie name (letters, digits, -_.), got '" + name + "'");
        }
        break;
      default:
        if (!HeaderNames.isValidName(name)) {
          problems.add("auth.tokenHeader: must be a header name, got '" + name + "'");
        } else if (HeaderNames.isReserved(name) || name.equalsIgnoreCase("Cookie")) {
          problems.add(
              "auth.tokenHeader: '" + name + "' is set by the HTTP client; choose another header");
        }
        if (HeaderNames.hasControlCharacter(place.prefix())) {
          problems.add("auth.tokenPrefix: must not contain a control character");
        }
    }
  }

  private static void notUsed(AuthConfig auth, List<String> problems) {
    String by = ": not used by " + auth.type();
    if (auth.tokenPlacementOrNull() != null) {
      problems.add(fieldOf(auth.tokenPlacementOrNull()) + by);
    }
    if (auth.tokenExpiredStatusesOrNull() != null) {
      problems.add("auth.tokenExpiredStatuses" + by);
    }
    if (auth.tokenExpiredPath() != null) {
      problems.add("auth.tokenExpiredPath" + by);
    }
  }

  /** The JSON field that holds {@code place}. */
  static String fieldOf(TokenPlacement place) {
    switch (place.place()) {
      case QUERY:
        return "auth.tokenQueryParam";
      case COOKIE:
        return "auth.tokenCookie";
      default:
        return "auth.tokenHeader";
    }
  }
}
