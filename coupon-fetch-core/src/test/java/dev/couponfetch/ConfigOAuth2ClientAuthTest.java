package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's OAuth2 fields: client authentication per method (secret, JWT with the secret or a
 * private key, TLS, public), extra token-request parameters and headers, the request format and the
 * token response paths; read, written back, checked by field, masked.
 */
class ConfigOAuth2ClientAuthTest {
  private static final String SECRET = "cs-Secret-0123456789abcdef0123456789abcdef";
  private static final String HEADER_VALUE = "th-Secret-5521";
  private static final KeyPair RSA = generate("RSA", 2048);
  private static final KeyPair EC = generateEc();
  private static final String RSA_PEM = pem("PRIVATE KEY", RSA.getPrivate().getEncoded());
  private static final String EC_PEM = pem("PRIVATE KEY", EC.getPrivate().getEncoded());

  private static KeyPair generate(String alg, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static KeyPair generateEc() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static AuthConfig.Builder cc() {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.CLIENT_CREDENTIALS)
        .tokenUrl("https://auth.acme.example/token")
        .clientId("acme-client");
  }

  /** The problems of a config with {@code auth} (and, for TLS_CLIENT_AUTH, a certificate). */
  private static List<String> problems(AuthConfig auth) {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder("https://api.acme.example/coupons").auth(auth);
    if (auth.clientAuthOrNull() == ClientAuthMethod.TLS_CLIENT_AUTH) {
      b.clientCertificate(
          ClientCertificate.pem(
              ConfigClientCertificateTest.EC_CERT, ConfigClientCertificateTest.EC_KEY));
    }
    CouponFetchException e = catchThrowableOfType(CouponFetchException.class, b::build);
    return e == null ? List.of() : e.problems();
  }

  private static CouponSourceConfig build(AuthConfig auth) {
    return CouponSourceConfig.builder("https://api.acme.example/coupons").auth(auth).build();
  }

  @Test
  void fromJson_privateKeyJwtWithEveryNewField_readsWritesBackAndMasks() {
    String json =
        """
        {"name": "acme", "endpoint": "https://api.acme.example/coupons",
         "auth": {"type": "OAUTH2", "grant": "client_credentials", "clientId": "acme-client",
                  "tokenUrl": "https://auth.acme.example/token", "clientAuth": "private_key_jwt",
                  "clientKey": %s, "clientKeyId": "key-1", "clientAssertionAlgorithm": "PS256",
                  "tokenParams": {"audience": "https://api.acme.example"},
                  "tokenHeaders": {"X-Tenant-Key": "%s"}, "tokenRequestFormat": "json",
                  "accessTokenPath": "data.token", "expiresInPath": "data.ttl",
                  "refreshTokenPath": "data.refresh", "tokenHeader": "X-Auth-Token"}}
        """
            .formatted(com.fasterxml.jackson.databind.node.TextNode.valueOf(RSA_PEM), HEADER_VALUE);

    CouponSourceConfig config = CouponSourceConfig.fromJson(json);

    AuthConfig auth = config.auth();
    assertThat(auth.clientAuth()).isEqualTo(ClientAuthMethod.PRIVATE_KEY_JWT);
    assertThat(auth.clientKey().reveal()).isEqualTo(RSA_PEM);
    assertThat(auth.clientKeyId()).isEqualTo("key-1");
    assertThat(auth.clientAssertionAlgorithm()).isEqualTo("PS256");
    assertThat(auth.tokenParams()).containsEntry("audience", "https://api.acme.example");
    assertThat(auth.tokenHeaders().get("X-Tenant-Key").reveal()).isEqualTo(HEADER_VALUE);
    assertThat(auth.tokenRequestFormat()).isEqualTo(TokenRequestFormat.JSON);
    assertThat(auth.accessTokenPath()).isEqualTo("data.token");
    assertThat(auth.expiresInPath()).isEqualTo("data.ttl");
    assertThat(auth.refreshTokenPath()).isEqualTo("data.refresh");
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    String keyBody = RSA_PEM.split("\n")[1];
    assertThat(config.toString() + config.toMaskedJson() + auth)
        .doesNotContain(keyBody)
        .doesNotContain(HEADER_VALUE)
        .contains("tokenParams");
  }

  @Test
  void build_defaults_standardPathsFormAndNothingWritten() {
    AuthConfig auth = cc().clientSecret(SECRET).build();
    assertThat(auth.accessTokenPath()).isEqualTo("access_token");
    assertThat(auth.expiresInPath()).isEqualTo("expires_in");
    assertThat(auth.refreshTokenPath()).isEqualTo("refresh_token");
    assertThat(auth.tokenRequestFormat()).isEqualTo(TokenRequestFormat.FORM);
    assertThat(build(auth).toJson())
        .doesNotContain("tokenParams", "tokenHeaders", "Path", "tokenRequestFormat", "clientKey");
  }

  @Test
  void build_eachClientAuthWithWhatItNeeds_isValid() {
    assertThat(problems(cc().clientSecret(SECRET).build())).isEmpty();
    for (ClientAuthMethod m :
        List.of(
            ClientAuthMethod.CLIENT_SECRET_BASIC,
            ClientAuthMethod.CLIENT_SECRET_POST,
            ClientAuthMethod.CLIENT_SECRET_JWT)) {
      assertThat(problems(cc().clientAuth(m).clientSecret(SECRET).build())).as(m.name()).isEmpty();
    }
    assertThat(
            problems(cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).clientKey(RSA_PEM).build()))
        .isEmpty();
    assertThat(
            problems(cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).clientKey(EC_PEM).build()))
        .isEmpty();
    assertThat(problems(cc().clientAuth(ClientAuthMethod.TLS_CLIENT_AUTH).build())).isEmpty();
    AuthConfig publicCode =
        AuthConfig.builder(AuthType.OAUTH2)
            .authorizationUrl("https://auth.acme.example/authorize")
            .tokenUrl("https://auth.acme.example/token")
            .clientId("acme-client")
            .clientAuth(ClientAuthMethod.NONE)
            .build();
    assertThat(problems(publicCode)).isEmpty();
  }

  @Test
  void build_secretMissingOrNotUsed_namedPerMethod() {
    assertThat(problems(cc().clientAuth(ClientAuthMethod.CLIENT_SECRET_JWT).build()))
        .containsExactly("auth.clientSecret: is required for clientAuth CLIENT_SECRET_JWT");
    assertThat(
            problems(
                cc().clientAuth(ClientAuthMethod.TLS_CLIENT_AUTH).clientSecret(SECRET).build()))
        .containsExactly("auth.clientSecret: not used by clientAuth TLS_CLIENT_AUTH; remove it");
    assertThat(
            problems(
                cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
                    .clientKey(RSA_PEM)
                    .clientSecret(SECRET)
                    .build()))
        .containsExactly("auth.clientSecret: not used by clientAuth PRIVATE_KEY_JWT; remove it");
    assertThat(problems(cc().clientAuth(ClientAuthMethod.NONE).build()))
        .containsExactly(
            "auth.clientAuth: NONE (a public client) cannot use the CLIENT_CREDENTIALS grant;"
                + " use CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT or TLS_CLIENT_AUTH");
    assertThat(problems(cc().clientSecret(SECRET).clientKey(RSA_PEM).build()))
        .containsExactly(
            "auth.clientKey: not used by clientAuth CLIENT_SECRET_BASIC (only by PRIVATE_KEY_JWT)");
  }

  @Test
  void build_clientSecretJwt_secretShorterThanTheHash_refused() {
    assertThat(
            problems(
                cc().clientAuth(ClientAuthMethod.CLIENT_SECRET_JWT).clientSecret("short").build()))
        .containsExactly(
            "auth.clientSecret: HS256 needs a client secret of at least 32 bytes (RFC 7518"
                + " section 3.2); this one is shorter");
    assertThat(
            problems(
                cc().clientAuth(ClientAuthMethod.CLIENT_SECRET_JWT)
                    .clientSecret(SECRET)
                    .clientAssertionAlgorithm("RS256")
                    .build()))
        .containsExactly(
            "auth.clientAssertionAlgorithm: 'RS256' is not for CLIENT_SECRET_JWT; use one of"
                + " HS256, HS384, HS512");
  }

  @Test
  void build_badClientKeys_namedWithoutQuotingTheKey() {
    UnaryOperator<String> one =
        key -> {
          List<String> p =
              problems(cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).clientKey(key).build());
          assertThat(p).hasSize(1);
          assertThat(p.get(0)).startsWith("auth.clientKey: ");
          return p.get(0);
        };
    assertThat(problems(cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).build()))
        .containsExactly(
            "auth.clientKey: is required for clientAuth PRIVATE_KEY_JWT (a PEM PKCS#8 private key"
                + " or a JWK)");
    assertThat(one.apply(pem("PUBLIC KEY", RSA.getPublic().getEncoded())))
        .contains("is a public key");
    assertThat(one.apply(pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}))).contains("openssl pkcs8");
    String garbage = pem("PRIVATE KEY", "not-a-key-Secret-991".getBytes());
    assertThat(one.apply(garbage))
        .contains("not a PKCS#8 RSA or EC private key")
        .doesNotContain("bm90");
    assertThat(one.apply("hunter2-Secret")).doesNotContain("hunter2");
    assertThat(one.apply("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"))
        .contains("public JWK (no 'd')");
    assertThat(one.apply("{\"kty\":\"oct\",\"k\":\"Secret-k\"}")).contains("kty 'oct'");
    assertThat(one.apply("{\"keys\":[]}")).contains("JWK set");
    assertThat(one.apply(pem("PRIVATE KEY", generate("RSA", 1024).getPrivate().getEncoded())))
        .contains("1024 bits");
  }

  @Test
  void build_algorithmNotFittingTheKey_namesTheAlgorithmField() {
    assertThat(
            problems(
                cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
                    .clientKey(EC_PEM)
                    .clientAssertionAlgorithm("RS256")
                    .build()))
        .containsExactly(
            "auth.clientAssertionAlgorithm: 'RS256' does not fit the P-256 EC key in"
                + " auth.clientKey; use one of ES256");
    assertThat(
            problems(
                cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
                    .clientKey(RSA_PEM)
                    .clientAssertionAlgorithm("ps512")
                    .build()))
        .isEmpty();
    assertThat(
            problems(
                cc().clientSecret(SECRET)
                    .clientAssertionAlgorithm("HS256")
                    .clientKeyId("k")
                    .build()))
        .containsExactly(
            "auth.clientKeyId: not used by clientAuth CLIENT_SECRET_BASIC",
            "auth.clientAssertionAlgorithm: not used by clientAuth CLIENT_SECRET_BASIC");
  }

  @Test
  void build_reservedTokenParamsHeadersAndBadPaths_refusedByField() {
    AuthConfig auth =
        cc().clientSecret(SECRET)
            .tokenParam("audience", "https://api.acme.example")
            .tokenParam("scope", "x")
            .tokenParam("grant_type", "password")
            .tokenHeader("Authorization", "Bearer x")
            .tokenHeader("Content-Type", "text/plain")
            .tokenHeader("X-Ok", "line\nbreak")
            .accessTokenPath(" ")
            .expiresInPath("data[")
            .build();

    assertThat(problems(auth))
        .contains(
            "auth.tokenParams.scope: is set by coupon-fetch; use auth.scope",
            "auth.tokenParams.grant_type: is set by coupon-fetch",
            "auth.tokenHeaders.Authorization: conflicts with clientAuth CLIENT_SECRET_BASIC, which"
                + " sends Authorization",
            "auth.tokenHeaders.Content-Type: is set by the HTTP client and cannot be configured",
            "auth.tokenHeaders.X-Ok: value must not contain a control character (such as a line"
                + " break)",
            "auth.accessTokenPath: must not be blank")
        .anyMatch(p -> p.startsWith("auth.expiresInPath: "))
        .noneMatch(p -> p.startsWith("auth.tokenParams.audience"));
  }

  @Test
  void fromJson_newFieldsOnAnotherType_notUsed() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    """
                    {"endpoint": "https://api.acme.example/coupons",
                     "auth": {"type": "BASIC", "username": "u", "password": "p",
                              "clientKey": "x", "tokenParams": {"audience": "a"}}}
                    """));
    assertThat(e.problems())
        .contains("auth.clientKey: not used by BASIC", "auth.tokenParams: not used by BASIC");
  }

  @Test
  void tokenKey_differsByAudienceHeaderAndKey_unchangedWithoutThem() {
    AuthConfig base = cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).clientKey(RSA_PEM).build();
    String a =
        build(base.toBuilder().tokenParam("audience", "https://a.example").build()).tokenKey();
    String b =
        build(base.toBuilder().tokenParam("audience", "https://b.example").build()).tokenKey();
    String other =
        build(
                base.toBuilder()
                    .clientKey(EC_PEM)
                    .tokenParam("audience", "https://a.example")
                    .build())
            .tokenKey();
    String tenant =
        build(
                base.toBuilder()
                    .tokenHeader("X-Tenant", "t1")
                    .tokenParam("audience", "https://a.example")
                    .build())
            .tokenKey();

    assertThat(List.of(a, b, other, tenant)).doesNotHaveDuplicates();
    // A config without the new fields keeps the key it had, so stored tokens are still found.
    AuthConfig plain = cc().clientSecret(SECRET).build();
    assertThat(build(plain).tokenKey())
        .isEqualTo(build(plain.toBuilder().build()).tokenKey())
        .isNotEqualTo(build(plain.toBuilder().tokenParam("audience", "x").build()).tokenKey());
  }
}
