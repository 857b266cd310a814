package dev.couponfetch.httpclient;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token endpoint's check of an RFC 7523 client assertion, written from the RFC
 * (mock-oauth2-server checks the claims of a {@code private_key_jwt} but not its signature): the
 * form's {@code client_assertion_type}, the signature with the client's registered public key or
 * secret, {@code iss} = {@code sub} = client id, {@code aud} the token URL, {@code exp} in the
 * future and at most five minutes after {@code iat}, a {@code jti} never seen before, and no {@code
 * client_secret}. Used as a WireMock request matcher: a request it refuses falls through to a 401
 * {@code invalid_client} stub. Thread-safe.
 */
public final class ClientAssertionVerifier implements ValueMatcher<Request> {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final JWSVerifier verifier;
  private final String clientId;
  private final String tokenUrl;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** Why the last refused request was refused, for a test's failure message. */
  public volatile String lastRefusal;

  private ClientAssertionVerifier(JWSVerifier verifier, String clientId, String tokenUrl) {
    this.verifier = verifier;
    this.clientId = clientId;
    this.tokenUrl = tokenUrl;
  }

  public static ClientAssertionVerifier forKey(PublicKey key, String clientId, String tokenUrl) {
    try {
      JWSVerifier v =
          key instanceof RSAPublicKey
              ? new RSASSAVerifier((RSAPublicKey) key)
              : new ECDSAVerifier((ECPublicKey) key);
      return new ClientAssertionVerifier(v, clientId, tokenUrl);
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
  }

  public static ClientAssertionVerifier forSecret(String secret, String clientId, String tokenUrl) {
    try {
      return new ClientAssertionVerifier(new MACVerifier(secret), clientId, tokenUrl);
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public MatchResult match(Request request) {
    String why = refusal(request);
    if (why != null) {
      lastRefusal = why;
    }
    return MatchResult.of(why == null);
  }

  /** Why the request's client authentication is refused, or null when it is good. */
  String refusal(Request request) {
    String body = request.getBodyAsString();
    Map<String, List<String>> form = URLUtils.parseParameters(body);
    if (request.getHeader("Authorization") != null || form.containsKey("client_secret")) {
      return "a secret was sent besides the assertion";
    }
    if (!List.of(JWT_BEARER).equals(form.get("client_assertion_type"))) {
      return "client_assertion_type " + form.get("client_assertion_type");
    }
    List<String> assertion = form.get("client_assertion");
    if (assertion == null || assertion.size() != 1) {
      return "no client_assertion";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(assertion.get(0));
      if (!jwt.verify(verifier)) {
        return "bad signature";
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = Instant.now();
      if (!clientId.equals(c.getIssuer()) || !clientId.equals(c.getSubject())) {
        return "iss/sub " + c.getIssuer() + "/" + c.getSubject();
      }
      if (!c.getAudience().contains(tokenUrl)) {
        return "aud " + c.getAudience();
      }
      if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(now)) {
        return "expired or no exp";
      }
      if (c.getIssueTime() == null
          || Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant())
                  .compareTo(Duration.ofMinutes(5))
              > 0) {
        return "exp too far after iat";
      }
      if (c.getJWTID() == null || !seen.add(c.getJWTID())) {
        return "jti missing or replayed";
      }
      return null;
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      return "unreadable assertion: " + e.getMessage();
    }
  }
}
