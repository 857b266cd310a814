package dev.couponfetch.httpclient.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionFactory;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import dev.couponfetch.internal.config.ClientKeys;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * How a client proves itself on a token request ({@code auth.clientAuth}), as Nimbus builds it:
 * Basic or form secrets, a JWT signed with the secret ({@code client_secret_jwt}) or the private
 * key ({@code private_key_jwt}, RFC 7523), or only {@code client_id} in the body (a public client,
 * and {@code tls_client_auth} whose proof is the TLS client certificate). An assertion is made per
 * request: a fresh {@code jti}, {@code iat} now and a short {@code exp}, {@code aud} the token URL.
 * Stateless.
 */
final class ClientAuthentications {
  /** How long a client assertion is valid: long enough for clock skew, short against replay. */
  static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(2);

  private ClientAuthentications() {}

  /**
   * The client authentication of a token request to {@code tokenUrl} made at {@code now}, or null
   * for a public client ({@code client_id} goes in the body).
   */
  static ClientAuthentication of(AuthConfig auth, URI tokenUrl, Instant now) {
    ClientID clientId = new ClientID(auth.clientId());
    try {
      switch (auth.clientAuth()) {
        case CLIENT_SECRET_BASIC:
          return new ClientSecretBasic(clientId, secret(auth));
        case CLIENT_SECRET_POST:
          return new ClientSecretPost(clientId, secret(auth));
        case CLIENT_SECRET_JWT:
          return new ClientSecretJWT(
              JWTAssertionFactory.create(
                  claims(clientId, tokenUrl, now), hmacAlgorithm(auth), secret(auth)));
        case PRIVATE_KEY_JWT:
          return privateKeyJwt(auth, clientId, tokenUrl, now);
        case TLS_CLIENT_AUTH:
          // client_id in the body; the certificate is the TLS connection's (tls.clientCertificate).
          return new PKITLSClientAuthentication(clientId, (SSLSocketFactory) null);
        default:
          return null;
      }
    } catch (JOSEException e) {
      // The validation checked key, algorithm and secret length: this is a JCA failure.
      throw CouponFetchException.builder(
              Reason.INVALID_CONFIG,
              "auth.clientKey: the client assertion could not be signed ("
                  + e.getClass().getSimpleName()
                  + ")")
          .build();
    }
  }

  private static com.nimbusds.oauth2.sdk.auth.Secret secret(AuthConfig auth) {
    return new com.nimbusds.oauth2.sdk.auth.Secret(auth.clientSecret().reveal());
  }

  /** RFC 7523 section 3: iss = sub = client_id, aud = the token endpoint, exp, iat, jti. */
  private static JWTAuthenticationClaimsSet claims(ClientID clientId, URI tokenUrl, Instant now) {
    return new JWTAuthenticationClaimsSet(
        clientId,
        List.of(new Audience(tokenUrl.toString())),
        Date.from(now.plus(ASSERTION_LIFETIME)),
        null,
        Date.from(now),
        new JWTID());
  }

  private static JWSAlgorithm hmacAlgorithm(AuthConfig auth) {
    String alg = auth.clientAssertionAlgorithm();
    return alg == null
        ? JWSAlgorithm.HS256
        : JWSAlgorithm.parse(ClientKeys.canonical(alg, ClientKeys.HMAC_ALGORITHMS));
  }

  private static PrivateKeyJWT privateKeyJwt(
      AuthConfig auth, ClientID clientId, URI tokenUrl, Instant now) throws JOSEException {
    String text = auth.clientKey().reveal();
    List<String> problems = new ArrayList<>();
    ClientKeys.Key key = ClientKeys.parse("auth.clientKey", text, problems);
    if (key == null) {
      throw CouponFetchException.invalidConfig(problems);
    }
    PrivateKey privateKey = key.jwk() ? jwkPrivateKey(text) : key.privateKey();
    String alg = auth.clientAssertionAlgorithm();
    JWSAlgorithm jws =
        JWSAlgorithm.parse(
            alg == null ? key.defaultAlgorithm() : ClientKeys.canonical(alg, key.algorithms()));
    String kid = auth.clientKeyId() != null ? auth.clientKeyId() : ClientKeys.jwkKeyId(text);
    return new PrivateKeyJWT(claims(clientId, tokenUrl, now), jws, privateKey, kid, null);
  }

  private static PrivateKey jwkPrivateKey(String text) throws JOSEException {
    JWK jwk;
    try {
      jwk = JWK.parse(text.strip());
    } catch (java.text.ParseException e) {
      // Messages of a JWK parse may quote the key's members: not passed on.
      throw CouponFetchException.invalidConfig(
          List.of("auth.clientKey: the JWK could not be read (check its members)"));
    }
    return jwk instanceof RSAKey ? ((RSAKey) jwk).toPrivateKey() : ((ECKey) jwk).toPrivateKey();
  }
}
