package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The key a config's OAuth2 tokens are stored under: its token identity, never its name. */
class TokenKeyTest {
  private static final String SECRET = "cs-Secret-90210";

  private static AuthConfig.Builder code() {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.AUTHORIZATION_CODE)
        .authorizationUrl("https://auth.acme.example/authorize")
        .tokenUrl("https://auth.acme.example/token")
        .clientId("acme-client")
        .clientSecret(SECRET)
        .scope("coupons:read coupons:write");
  }

  private static CouponSourceConfig config(String endpoint, AuthConfig auth) {
    return CouponSourceConfig.builder(endpoint).name("shop").auth(auth).build();
  }

  private static final CouponSourceConfig BASE =
      config("https://api.acme.example/coupons", code().build());

  static Stream<Arguments> identityChanges() {
    return Stream.of(
        change("token URL", c -> c, a -> a.tokenUrl("https://auth.other.example/token")),
        change("client id", c -> c, a -> a.clientId("other-client")),
        change("client secret", c -> c, a -> a.clientSecret("another-secret")),
        change("scope", c -> c, a -> a.scope("coupons:read")),
        change("authorization URL", c -> c, a -> a.authorizationUrl("https://x.example/auth")),
        change(
            "grant",
            c -> c,
            a ->
                AuthConfig.builder(AuthType.OAUTH2)
                    .grant(OAuth2Grant.CLIENT_CREDENTIALS)
                    .tokenUrl("https://auth.acme.example/token")
                    .clientId("acme-client")
                    .clientSecret(SECRET)
                    .scope("coupons:read coupons:write")),
        change("endpoint host", c -> "https://api.other.example/coupons", a -> a),
        change("endpoint port", c -> "https://api.acme.example:8443/coupons", a -> a),
        change("endpoint scheme", c -> "http://api.acme.example/coupons", a -> a));
  }

  private static Arguments change(
      String what, UnaryOperator<String> endpoint, UnaryOperator<AuthConfig.Builder> auth) {
    return Arguments.of(what, endpoint, auth);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityChanges")
  void tokenKey_anyPartOfTheIdentityChanged_isAnotherKey(
      String what, UnaryOperator<String> endpoint, UnaryOperator<AuthConfig.Builder> auth) {
    CouponSourceConfig other =
        config(endpoint.apply("https://api.acme.example/coupons"), auth.apply(code()).build());

    assertThat(other.tokenKey()).as(what).isNotEqualTo(BASE.tokenKey());
  }

  @Test
  void tokenKey_tlsClientAuth_theCertificateAndKeyAreTheIdentity() {
    ClientCertificate ec =
        ClientCertificate.pem(
            ConfigClientCertificateTest.EC_CERT, ConfigClientCertificateTest.EC_KEY);
    ClientCertificate rsa =
        ClientCertificate.pem(
            ConfigClientCertificateTest.text("rsa-client.crt"),
            ConfigClientCertificateTest.text("rsa-client.key"));
    AuthConfig auth =
        AuthConfig.builder(AuthType.OAUTH2)
            .grant(OAuth2Grant.CLIENT_CREDENTIALS)
            .clientId("acme-client")
            .tokenUrl("https://auth.acme.example/token")
            .clientAuth(ClientAuthMethod.TLS_CLIENT_AUTH)
            .build();
    String endpoint = "https://api.acme.example/coupons";
    CouponSourceConfig withEc =
        CouponSourceConfig.builder(endpoint).auth(auth).clientCertificate(ec).build();
    CouponSourceConfig withRsa =
        CouponSourceConfig.builder(endpoint).auth(auth).clientCertificate(rsa).build();
    CouponSourceConfig ecAgain =
        CouponSourceConfig.builder(endpoint).name("other").auth(auth).clientCertificate(ec).build();

    // Same client id and token URL, another certificate: another merchant's token is not reused.
    assertThat(withRsa.tokenKey()).isNotEqualTo(withEc.tokenKey());
    assertThat(ecAgain.tokenKey()).isEqualTo(withEc.tokenKey());
  }

  @Test
  void tokenKey_nameAndWhatIsNotIdentity_doNotChangeIt() {
    CouponSourceConfig other =
        CouponSourceConfig.builder("https://API.acme.example:443/other/path?campaign={{c}}")
            .name("a completely different label")
            .auth(
                code()
                    .scope("coupons:write   coupons:read")
                    .redirectUri("http://127.0.0.1:8765/callback")
                    .clientAuth(ClientAuthMethod.CLIENT_SECRET_POST)
                    .build())
            .build();

    assertThat(other.tokenKey()).isEqualTo(BASE.tokenKey());
  }

  @Test
  void tokenKey_isShortAndShowsNoSecretOrName() {
    assertThat(BASE.tokenKey())
        .matches("oauth2-[A-Za-z0-9_-]{43}")
        .doesNotContain(SECRET)
        .doesNotContain("shop")
        .doesNotContain("acme");
  }

  @Test
  void tokenKey_notOAuth2_isRefused() {
    CouponSourceConfig basic =
        CouponSourceConfig.builder("https://api.acme.example/coupons")
            .auth(AuthConfig.basic("u", "p"))
            .build();

    assertThatThrownBy(basic::tokenKey).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void mayReceiveToken_onlyTheEndpointsOrigin() {
    assertThat(BASE.mayReceiveToken(URI.create("https://api.acme.example/coupons?x=1"))).isTrue();
    assertThat(BASE.mayReceiveToken(URI.create("https://API.ACME.example:443/elsewhere"))).isTrue();
    assertThat(BASE.mayReceiveToken(URI.create("http://api.acme.example/coupons"))).isFalse();
    assertThat(BASE.mayReceiveToken(URI.create("https://api.acme.example:8443/coupons"))).isFalse();
    assertThat(BASE.mayReceiveToken(URI.create("https://evil.example/coupons"))).isFalse();
    assertThat(BASE.mayReceiveToken(URI.create("https://api.acme.example.evil.example/")))
        .isFalse();
  }

  @Test
  void build_oauth2EndpointWithAVariableInItsHost_isAProblem() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> config("https://{{shop}}.acme.example/coupons", code().build()));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("endpoint: the scheme, host and port of an OAUTH2 endpoint");
  }

  @Test
  void build_oauth2EndpointWithVariablesInPathAndQuery_isFine() {
    CouponSourceConfig c =
        config("https://api.acme.example/{{campaign}}/coupons?email={{email}}", code().build());

    assertThat(c.tokenKey()).isEqualTo(BASE.tokenKey());
  }

  @Test
  void build_basicEndpointWithAVariableInItsHost_isStillAllowed() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://{{shop}}.acme.example/coupons")
            .auth(AuthConfig.basic("u", "p"))
            .build();

    assertThat(c.endpoint()).contains("{{shop}}");
  }
}
