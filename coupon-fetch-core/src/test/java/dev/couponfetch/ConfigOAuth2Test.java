package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigOAuth2Test {
  private static final String SECRET = "cs-Secret-5521";
  private static final String REFRESH = "rt-Secret-7784";

  @Test
  void fromJson_authorizationCode_readsEveryFieldAndRoundTrips() {
    CouponSourceConfig config =
        CouponSourceConfig.fromJson(
            """
            {"name": "acme", "endpoint": "https://api.acme.example/coupons",
             "auth": {"type": "oauth2", "clientId": "acme-client", "clientSecret": "%s",
                      "authorizationUrl": "https://auth.acme.example/authorize",
                      "tokenUrl": "https://auth.acme.example/token", "scope": "coupons:write",
                      "redirectUri": "http://127.0.0.1:8765/callback",
                      "clientAuth": "client_secret_post", "refreshToken": "%s",
                      "tokenExpiredStatuses": [401, 403], "tokenExpiredPath": "errcode"}}
            """
                .formatted(SECRET, REFRESH));

    AuthConfig auth = config.auth();
    assertThat(auth.grant()).isEqualTo(OAuth2Grant.AUTHORIZATION_CODE);
    assertThat(auth.clientId()).isEqualTo("acme-client");
    assertThat(auth.clientSecret().reveal()).isEqualTo(SECRET);
    assertThat(auth.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(auth.refreshToken().reveal()).isEqualTo(REFRESH);
    assertThat(auth.tokenExpiredStatuses()).containsExactly(401, 403);
    assertThat(auth.tokenExpiredPath()).isEqualTo("errcode");
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    assertThat(config.toString() + config.toMaskedJson() + auth)
        .doesNotContain(SECRET)
        .doesNotContain(REFRESH);
  }

  @Test
  void build_clientCredentials_defaultsAndNoUserStep() {
    AuthConfig auth =
        AuthConfig.oauth2ClientCredentials("https://auth.example/token", "client", SECRET);
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://api.example/coupons").auth(auth).build();

    assertThat(config.auth().clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
    AuthConfig publicClient =
        AuthConfig.builder(AuthType.OAUTH2)
            .authorizationUrl("https://auth.example/authorize")
            .tokenUrl("https://auth.example/token")
            .clientId("public")
            .build();
    assertThat(publicClient.clientAuth()).isEqualTo(ClientAuthMethod.NONE);
    assertThat(config.auth().tokenExpiredStatuses()).containsExactly(401);
    assertThat(config.toJson()).doesNotContain("clientAuth").doesNotContain("tokenExpired");
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
  }

  @Test
  void fromJson_oauth2Problems_allListedWithFields() {
    CouponFetchException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.fromJson(
                    """
                    {"endpoint": "https://api.example/c",
                     "auth": {"type": "OAUTH2", "grant": "client_credentials", "clientId": " ",
                              "tokenUrl": "ftp://auth.example/token",
                              "redirectUri": "http://127.0.0.1/cb", "refreshToken": "%s",
                              "tokenExpiredStatuses": [200, "x"], "tokenExpiredPath": "a..b"}}
                    """
                        .formatted(REFRESH)));

    List<String> problems = e.problems();
    assertThat(problems)
        .contains(
            "auth.clientId: is required for OAUTH2",
            "auth.tokenUrl: must be an http or https URL, got 'ftp://auth.example/token'",
            "auth.clientSecret: is required for the CLIENT_CREDENTIALS grant",
            "auth.redirectUri: not used by the CLIENT_CREDENTIALS grant",
            "auth.refreshToken: not used by the CLIENT_CREDENTIALS grant")
        .anySatisfy(p -> assertThat(p).startsWith("auth.tokenExpiredStatuses: must be a list"))
        .anySatisfy(p -> assertThat(p).startsWith("auth.tokenExpiredPath:"));
    assertThat(String.join("\n", problems) + e.getMessage()).doesNotContain(REFRESH);
  }

  @Test
  void build_authorizationHeaderWithOAuth2_conflicts() {
    CouponFetchException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.builder("https://api.example/c")
                    .header("Authorization", "Bearer x")
                    .auth(AuthConfig.oauth2ClientCredentials("https://a.example/t", "c", SECRET))
                    .build());

    assertThat(e.problems()).singleElement().asString().startsWith("headers.Authorization:");
  }
}
