package dev.couponfetch.httpclient.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.httpclient.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The client authentication of each {@code auth.clientAuth}, and the claims of an assertion. */
class ClientAuthenticationsTest {
  private static final URI TOKEN_URL = URI.create("https://auth.acme.example/oauth/token");
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static AuthConfig.Builder cc() {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.CLIENT_CREDENTIALS)
        .tokenUrl(TOKEN_URL.toString())
        .clientId("acme-client");
  }

  private static JWTClaimsSet claims(AuthConfig auth) throws Exception {
    PrivateKeyJWT jwt = (PrivateKeyJWT) ClientAuthentications.of(auth, TOKEN_URL, NOW);
    return jwt.getClientAssertion().getJWTClaimsSet();
  }

  @Test
  void privateKeyJwt_rfc7523Claims_freshJtiAndShortLifetime() throws Exception {
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
            .clientKey(TestKeys.pem(TestKeys.RSA))
            .build();

    JWTClaimsSet first = claims(auth);
    JWTClaimsSet second = claims(auth);

    assertThat(first.getIssuer()).isEqualTo("acme-client");
    assertThat(first.getSubject()).isEqualTo("acme-client");
    assertThat(first.getAudience()).containsExactly(TOKEN_URL.toString());
    assertThat(first.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(first.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    assertThat(first.getJWTID()).isNotBlank().isNotEqualTo(second.getJWTID());
  }

  @Test
  void methods_defaultBasicWithSecret_publicWithout_tlsClientIdOnly() {
    assertThat(ClientAuthentications.of(cc().clientSecret("s").build(), TOKEN_URL, NOW))
        .isInstanceOf(ClientSecretBasic.class);
    assertThat(ClientAuthentications.of(cc().build(), TOKEN_URL, NOW)).isNull();
    assertThat(
            ClientAuthentications.of(
                cc().clientAuth(ClientAuthMethod.TLS_CLIENT_AUTH).build(), TOKEN_URL, NOW))
        .isInstanceOf(PKITLSClientAuthentication.class);
  }
}
