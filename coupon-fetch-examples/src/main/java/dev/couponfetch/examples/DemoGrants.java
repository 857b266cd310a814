package dev.couponfetch.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the demo authorization server remembers and signs with: an RS256 key pair made in memory at
 * start, the authorization codes it handed out (single-use, {@link #CODE_LIFETIME}) and the refresh
 * tokens (single-use too: each refresh hands out a new one).
 *
 * <p>Thread-safe: codes and refresh tokens sit in concurrent maps and are redeemed by removing
 * them, so of two concurrent redemptions of one code at most one succeeds.
 */
final class DemoGrants {
  /** How long an authorization code can be exchanged (RFC 6749 section 4.1.2: short). */
  static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

  /** How long an access token is valid. */
  static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

  /** The audience of every access token: the demo coupon server. */
  static final String AUDIENCE = "coupon-fetch-demo";

  /** What a code was issued for; the token request must match it. */
  record CodeGrant(
      String clientId, URI redirectUri, CodeChallenge challenge, Scope scope, Instant expires) {}

  /** What a refresh token was issued for. */
  record RefreshGrant(String clientId, Scope scope) {}

  private final Clock clock;
  private final RSAKey key;
  private final JWSSigner signer;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();
  private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();

  DemoGrants(Clock clock) {
    this.clock = clock;
    try {
      key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make the demo OAuth2 server's key: " + e, e);
    }
  }

  /** The public half of the signing key, as a JWKS endpoint would serve it. */
  JWKSet publicKeys() {
    return new JWKSet(key.toPublicJWK());
  }

  /** Issues a single-use code, valid for {@link #CODE_LIFETIME}; forgets expired ones. */
  String newCode(String clientId, URI redirectUri, CodeChallenge challenge, Scope scope) {
    Instant now = clock.instant();
    codes.values().removeIf(g -> !g.expires().isAfter(now));
    String code = randomToken();
    codes.put(
        code, new CodeGrant(clientId, redirectUri, challenge, scope, now.plus(CODE_LIFETIME)));
    return code;
  }

  /** Redeems a code: present once, then gone; empty when unknown, used or expired. */
  Optional<CodeGrant> redeemCode(String code) {
    CodeGrant grant = codes.remove(code);
    if (grant == null || !grant.expires().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(grant);
  }

  /** Issues a single-use refresh token. */
  String newRefreshToken(String clientId, Scope scope) {
    String token = randomToken();
    refreshTokens.put(token, new RefreshGrant(clientId, scope));
    return token;
  }

  /** Redeems a refresh token: present once, then gone (rotation); empty when unknown or used. */
  Optional<RefreshGrant> redeemRefreshToken(String token) {
    return Optional.ofNullable(refreshTokens.remove(token));
  }

  /**
   * A signed access token: an RS256 JWT with {@code iss}, {@code sub} (the client id), {@code aud},
   * {@code iat}, {@code exp}, {@code jti} and, when given, {@code scope}.
   *
   * @param lifetime from now; negative for a token that has already expired
   */
  String accessToken(String issuer, String subject, Scope scope, Duration lifetime) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .audience(AUDIENCE)
            .claim("client_id", subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString());
    if (scope != null) {
      claims.claim("scope", scope.toString());
    }
    SignedJWT jwt =
        new SignedJWT(
            // No typ at+jwt (RFC 9068): Nimbus' default processor, as in BearerVerifier, takes only
            // JWT or none.
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a demo access token: " + e, e);
    }
    return jwt.serialize();
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
