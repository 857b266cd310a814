package dev.couponfetch.internal.config;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.mapping.BodyValue;
import dev.couponfetch.internal.request.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks of how an {@code OAUTH2} client authenticates at the token endpoint ({@code
 * auth.clientAuth} with the secret or key each method needs, and no other) and of the extras of
 * every token request (parameters, headers, response paths). Stateless.
 */
final class OAuth2ClientChecks {
  /** Token-request parameters coupon-fetch sets itself: a config may not set them again. */
  static final Set<String> RESERVED_PARAMS =
      Set.of(
          "grant_type",
          "client_id",
          "client_secret",
          "client_assertion",
          "client_assertion_type",
          "code",
          "code_verifier",
          "redirect_uri",
          "refresh_token",
          "scope");

  /** Headers a token request sets itself. */
  private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "accept");

  private OAuth2ClientChecks() {}

  static void check(AuthConfig auth, List<String> problems) {
    checkClientAuth(auth, problems);
    checkParams(auth.tokenParams(), problems);
    checkHeaders(auth, problems);
    checkPath("auth.accessTokenPath", auth.accessTokenPathOrNull(), problems);
    checkPath("auth.expiresInPath", auth.expiresInPathOrNull(), problems);
    checkPath("auth.refreshTokenPath", auth.refreshTokenPathOrNull(), problems);
  }

  private static void checkClientAuth(AuthConfig auth, List<String> problems) {
    ClientAuthMethod set = auth.clientAuthOrNull();
    ClientAuthMethod method = auth.clientAuth();
    boolean cc = auth.grant() == OAuth2Grant.CLIENT_CREDENTIALS;
    String by = "clientAuth " + method;
    switch (method) {
      case CLIENT_SECRET_BASIC:
      case CLIENT_SECRET_POST:
      case CLIENT_SECRET_JWT:
        if (auth.clientSecret() == null) {
          problems.add(
              "auth.clientSecret: is required for "
                  + (set == null && cc ? "the CLIENT_CREDENTIALS grant" : by));
        } else if (auth.clientSecret().isEmpty()) {
          problems.add("auth.clientSecret: must not be empty");
        }
        break;
      case NONE:
        if (cc) {
          problems.add(
              set == null
                  ? "auth.clientSecret: is required for the CLIENT_CREDENTIALS grant"
                  : "auth.clientAuth: NONE (a public client) cannot use the CLIENT_CREDENTIALS"
                      + " grant; use CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT or TLS_CLIENT_AUTH");
        }
        notUsedSecret(auth, by, problems);
        break;
      default: // PRIVATE_KEY_JWT, TLS_CLIENT_AUTH
        notUsedSecret(auth, by, problems);
    }
    boolean jwt =
        method == ClientAuthMethod.PRIVATE_KEY_JWT || method == ClientAuthMethod.CLIENT_SECRET_JWT;
    if (method == ClientAuthMethod.PRIVATE_KEY_JWT) {
      checkKey(auth, problems);
    } else if (auth.clientKey() != null) {
      problems.add("auth.clientKey: not used by " + by + " (only by PRIVATE_KEY_JWT)");
    }
    if (auth.clientKeyId() != null) {
      if (!jwt) {
        problems.add("auth.clientKeyId: not used by " + by);
      } else if (auth.clientKeyId().isBlank()
          || HeaderNames.hasControlCharacter(auth.clientKeyId())) {
        problems.add("auth.clientKeyId: must be a key id (not blank, no control characters)");
      }
    }
    if (method == ClientAuthMethod.CLIENT_SECRET_JWT) {
      checkHmac(auth, problems);
    } else if (auth.clientAssertionAlgorithm() != null && !jwt) {
      problems.add("auth.clientAssertionAlgorithm: not used by " + by);
    }
  }

  private static void notUsedSecret(AuthConfig auth, String by, List<String> problems) {
    if (auth.clientSecret() != null) {
      problems.add("auth.clientSecret: not used by " + by + "; remove it");
    }
  }

  private static void checkKey(AuthConfig auth, List<String> problems) {
    Secret text = auth.clientKey();
    if (text == null) {
      problems.add(
          "auth.clientKey: is required for clientAuth PRIVATE_KEY_JWT (a PEM PKCS#8 private key"
              + " or a JWK)");
      return;
    }
    ClientKeys.Key key = ClientKeys.parse("auth.clientKey", text.reveal(), problems);
    if (key == null) {
      return;
    }
    if (key.type().equals("RSA") && key.bits() < 2048) {
      problems.add(
          "auth.clientKey: an RSA key of "
              + key.bits()
              + " bits; RFC 7518 needs at least 2048 bits");
    }
    String alg = auth.clientAssertionAlgorithm();
    if (alg != null && ClientKeys.canonical(alg, key.algorithms()) == null) {
      problems.add(
          "auth.clientAssertionAlgorithm: '"
              + alg
              + "' does not fit the "
              + (key.type().equals("RSA") ? "RSA" : key.curve() + " EC")
              + " key in auth.clientKey; use one of "
              + String.join(", ", key.algorithms()));
    }
  }

  /** HMAC keys shorter than the hash are refused by RFC 7518 (and by Nimbus when signing). */
  private static void checkHmac(AuthConfig auth, List<String> problems) {
    String alg = auth.clientAssertionAlgorithm();
    String canonical =
        alg == null ? "HS256" : ClientKeys.canonical(alg, ClientKeys.HMAC_ALGORITHMS);
    if (canonical == null) {
      problems.add(
          "auth.clientAssertionAlgorithm: '"
              + alg
              + "' is not for CLIENT_SECRET_JWT; use one of "
              + String.join(", ", ClientKeys.HMAC_ALGORITHMS));
      return;
    }
    Secret secret = auth.clientSecret();
    int need = Integer.parseInt(canonical.substring(2)) / 8;
    if (secret != null
        && !secret.isEmpty()
        && secret.reveal().getBytes(StandardCharsets.UTF_8).length < need) {
      problems.add(
          "auth.clientSecret: "
              + canonical
              + " needs a client secret of at least "
              + need
              + " bytes (RFC 7518 section 3.2); this one is shorter");
    }
  }

  private static void checkParams(Map<String, String> params, List<String> problems) {
    for (String name : params.keySet()) {
      String path = FieldPath.child("auth.tokenParams", name);
      String lower = name.toLowerCase(Locale.ROOT);
      if (name.isBlank()) {
        problems.add("auth.tokenParams: a parameter name is empty");
      } else if (RESERVED_PARAMS.contains(lower)) {
        problems.add(
            path
                + ": is set by coupon-fetch"
                + (lower.equals("scope") ? "; use auth.scope" : "")
                + (lower.startsWith("client_") ? "; use auth.clientId/clientAuth" : ""));
      }
    }
  }

  private static void checkHeaders(AuthConfig auth, List<String> problems) {
    boolean basic = auth.clientAuth() == ClientAuthMethod.CLIENT_SECRET_BASIC;
    for (Map.Entry<String, Secret> h : auth.tokenHeaders().entrySet()) {
      String name = h.getKey();
      String path = FieldPath.child("auth.tokenHeaders", name);
      if (!HeaderNames.isValidName(name)) {
        problems.add(path + ": not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
      } else if (HeaderNames.isReserved(name)
          || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(path + ": is set by the HTTP client and cannot be configured");
      } else if (basic && name.equalsIgnoreCase("Authorization")) {
        problems.add(
            path + ": conflicts with clientAuth CLIENT_SECRET_BASIC, which sends Authorization");
      }
      if (HeaderNames.hasControlCharacter(h.getValue().reveal())) {
        problems.add(path + ": value must not contain a control character (such as a line break)");
      }
    }
  }

  private static void checkPath(String field, String path, List<String> problems) {
    if (path == null) {
      return;
    }
    if (path.isBlank()) {
      problems.add(field + ": must not be blank");
    } else {
      BodyValue.compile(field, path, problems);
    }
  }
}
