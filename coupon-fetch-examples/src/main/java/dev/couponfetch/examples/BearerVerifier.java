package dev.couponfetch.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.Set;

/**
 * Checks the {@code Authorization: Bearer} header of a request to the demo coupon server the way a
 * resource server would: an RS256 JWT signed by one of the authorization server's keys, from the
 * expected issuer, not expired. Thread-safe.
 */
final class BearerVerifier {
  /** Why a token was refused; its message is safe to send back (it never quotes the token). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * A verifier of tokens from {@code issuer} signed with one of {@code keys}.
   *
   * @param issuer the exact {@code iss} claim to accept
   */
  BearerVerifier(String issuer, JWKSet keys) {
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "sub")));
  }

  /**
   * Verifies an {@code Authorization} header value.
   *
   * @return the token's subject (the client id for client credentials)
   * @throws Refused when there is no bearer token or it is not valid
   */
  String verify(String authorization) throws Refused {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Refused("no bearer token");
    }
    try {
      return processor.process(authorization.substring(7).strip(), null).getSubject();
    } catch (ParseException e) {
      throw new Refused("the bearer token is not a JWT");
    } catch (BadJOSEException | JOSEException e) {
      throw new Refused("the bearer token is not valid: " + e.getMessage());
    }
  }
}
