package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.TokenPlacement;
import dev.couponfetch.TokenRequestFormat;
import dev.couponfetch.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OAuth2 as real providers speak it, fetched end to end (blocking and async): client assertions
 * checked by a verifier written from RFC 7523, public and TLS clients, extra parameters and
 * headers, JSON token requests, token responses that are not quite standard, and where the token
 * goes. Secrets (the client key, assertions, token header values, tokens) never leak.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class OAuth2ProviderVariantsTest {
  @Parameter FetchMode mode;

  private static final String CLIENT_ID = "coupon-client";
  private static final String AUDIENCE = "https://api.acme.example";
  private static final String TOKEN = "AT-LEAK-7f3a";
  private static final String HEADER_SECRET = "TH-LEAK-9b21";
  private static final String HMAC_SECRET = "CS-LEAK-0123456789abcdef0123456789abcdef";

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void setUp() {
    originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .tokenStore(TokenStores.inMemory())
            .build();
    server.stubFor(
        post("/token")
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_client\"}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(okJson("{\"code\":\"SPRING-1\"}")));
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
    System.setErr(originalErr);
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .doesNotContain(TOKEN, HEADER_SECRET, HMAC_SECRET, TestKeys.pemLine(TestKeys.RSA));
  }

  private static String tokenUrl() {
    return server.baseUrl() + "/token";
  }

  private static AuthConfig.Builder cc() {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.CLIENT_CREDENTIALS)
        .tokenUrl(tokenUrl())
        .clientId(CLIENT_ID);
  }

  private static CouponSourceConfig config(AuthConfig auth) {
    return CouponSourceConfig.builder(server.baseUrl() + "/coupons")
        .name("acme")
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .build();
  }

  private static String standardToken() {
    return "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":600}";
  }

  private static LoggedRequest onlyTokenRequest() {
    List<LoggedRequest> all = server.findAll(postRequestedFor(urlEqualTo("/token")));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static Map<String, List<String>> form(LoggedRequest r) {
    return URLUtils.parseParameters(r.getBodyAsString());
  }

  private ClientAssertionVerifier verifying(ClientAssertionVerifier v) {
    server.stubFor(post("/token").atPriority(1).andMatching(v).willReturn(okJson(standardToken())));
    return v;
  }

  @Test
  void privateKeyJwt_rsaPemWithAudience_assertionVerifiedAndTokenUsed() throws Exception {
    ClientAssertionVerifier v =
        verifying(ClientAssertionVerifier.forKey(TestKeys.RSA.getPublic(), CLIENT_ID, tokenUrl()));
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
            .clientKey(TestKeys.pem(TestKeys.RSA))
            .clientKeyId("rsa-1")
            .tokenParam("audience", AUDIENCE)
            .build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons().get(0).code())
        .as(v.lastRefusal)
        .isEqualTo("SPRING-1");

    LoggedRequest r = onlyTokenRequest();
    assertThat(form(r))
        .containsEntry("grant_type", List.of("client_credentials"))
        .containsEntry("audience", List.of(AUDIENCE))
        .doesNotContainKey("client_secret");
    SignedJWT jwt = SignedJWT.parse(form(r).get("client_assertion").get(0));
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("rsa-1");
  }

  @Test
  void privateKeyJwt_ecJwk_es256WithTheJwksKid() throws Exception {
    verifying(ClientAssertionVerifier.forKey(TestKeys.EC.getPublic(), CLIENT_ID, tokenUrl()));
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT).clientKey(TestKeys.ecJwk("ec-7")).build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons()).hasSize(1);

    SignedJWT jwt = SignedJWT.parse(form(onlyTokenRequest()).get("client_assertion").get(0));
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("ec-7");
  }

  @Test
  void privateKeyJwt_signedWithAnotherKey_refusedAsInvalidClient() {
    verifying(ClientAssertionVerifier.forKey(TestKeys.RSA.getPublic(), CLIENT_ID, tokenUrl()));
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
            .clientKey(TestKeys.pem(TestKeys.OTHER_RSA))
            .build();

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(auth), Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.getMessage()).contains("invalid_client");
    assertThat(e.toString()).doesNotContain(TestKeys.pemLine(TestKeys.OTHER_RSA));
  }

  @Test
  void clientSecretJwt_hs256_verifiedWithTheSecret() {
    verifying(ClientAssertionVerifier.forSecret(HMAC_SECRET, CLIENT_ID, tokenUrl()));
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.CLIENT_SECRET_JWT).clientSecret(HMAC_SECRET).build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons()).hasSize(1);
    assertThat(onlyTokenRequest().getBodyAsString()).doesNotContain("client_secret=");
  }

  // TLS_CLIENT_AUTH needs a certificate and so an https token endpoint: MutualTlsTest has it.

  @Test
  void publicClient_refreshesWithClientIdInTheBody() {
    server.stubFor(
        post("/token")
            .atPriority(1)
            .withHeader("Authorization", absent())
            .withRequestBody(containing("client_id=" + CLIENT_ID))
            .withRequestBody(containing("refresh_token=RT-seed-1"))
            .willReturn(okJson(standardToken())));
    AuthConfig auth =
        AuthConfig.builder(AuthType.OAUTH2)
            .authorizationUrl(server.baseUrl() + "/authorize")
            .tokenUrl(tokenUrl())
            .clientId(CLIENT_ID)
            .clientAuth(ClientAuthMethod.NONE)
            .refreshToken("RT-seed-1")
            .build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons()).hasSize(1);
  }

  @Test
  void nonstandardProvider_tokenAtDataTokenInXAuthToken() {
    server.stubFor(
        post("/token")
            .atPriority(1)
            .willReturn(
                okJson(
                    "{\"status\":\"ok\",\"data\":{\"token\":\""
                        + TOKEN
                        + "\",\"ttl\":\"3600\"}}")));
    server.stubFor(
        get("/coupons")
            .atPriority(1)
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .withHeader("Authorization", absent())
            .willReturn(okJson("{\"code\":\"XAUTH-1\"}")));
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.CLIENT_SECRET_POST)
            .clientSecret(HMAC_SECRET)
            .accessTokenPath("data.token")
            .expiresInPath("data.ttl")
            .tokenPlacement(TokenPlacement.header("X-Auth-Token"))
            .build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons().get(0).code())
        .isEqualTo("XAUTH-1");
  }

  @Test
  void standardPaths_noTokenTypeAndExpiresInAsString_accepted() {
    server.stubFor(
        post("/token")
            .atPriority(1)
            .willReturn(okJson("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":\"3600\"}")));

    assertThat(
            mode.fetch(fetcher, config(cc().clientSecret(HMAC_SECRET).build()), Map.of()).coupons())
        .hasSize(1);
  }

  @Test
  void tokenPrefix_authorizationToken() {
    server.stubFor(post("/token").atPriority(1).willReturn(okJson(standardToken())));
    server.stubFor(
        get("/coupons")
            .atPriority(1)
            .withHeader("Authorization", equalTo("Token " + TOKEN))
            .willReturn(okJson("{\"code\":\"TOKEN-1\"}")));
    AuthConfig auth =
        cc().clientSecret(HMAC_SECRET)
            .tokenPlacement(TokenPlacement.header("Authorization", "Token "))
            .build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons().get(0).code())
        .isEqualTo("TOKEN-1");
  }

  @Test
  void tokenQueryParam_tokenInTheQueryOnly() {
    server.stubFor(post("/token").atPriority(1).willReturn(okJson(standardToken())));
    server.stubFor(
        get(urlPathEqualTo("/coupons"))
            .atPriority(1)
            .withQueryParam("access_token", equalTo(TOKEN))
            .withHeader("Authorization", absent())
            .willReturn(okJson("{\"code\":\"QUERY-1\"}")));
    AuthConfig auth =
        cc().clientSecret(HMAC_SECRET).tokenPlacement(TokenPlacement.query("access_token")).build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons().get(0).code())
        .isEqualTo("QUERY-1");
  }

  @Test
  void jsonTokenRequest_withTokenHeadersAndParams() {
    server.stubFor(
        post("/token")
            .atPriority(1)
            .withHeader("Content-Type", containing("application/json"))
            .withHeader("X-Api-Key", equalTo(HEADER_SECRET))
            .withRequestBody(
                equalToJson(
                    "{\"grant_type\":\"client_credentials\",\"client_id\":\""
                        + CLIENT_ID
                        + "\",\"client_secret\":\""
                        + HMAC_SECRET
                        + "\",\"audience\":\""
                        + AUDIENCE
                        + "\"}"))
            .willReturn(okJson(standardToken())));
    AuthConfig auth =
        cc().clientAuth(ClientAuthMethod.CLIENT_SECRET_POST)
            .clientSecret(HMAC_SECRET)
            .tokenRequestFormat(TokenRequestFormat.JSON)
            .tokenParam("audience", AUDIENCE)
            .tokenHeader("X-Api-Key", HEADER_SECRET)
            .build();

    assertThat(mode.fetch(fetcher, config(auth), Map.of()).coupons()).hasSize(1);
  }

  @Test
  void tokenMissingAtThePath_failureNamesThePathAndTheKeysThere() {
    server.stubFor(
        post("/token")
            .atPriority(1)
            .willReturn(okJson("{\"data\":{\"accessToken\":\"" + TOKEN + "\"}}")));
    AuthConfig auth = cc().clientSecret(HMAC_SECRET).accessTokenPath("data.token").build();

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(auth), Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.getMessage())
        .contains("no access token at data.token")
        .contains("keys there: accessToken")
        .doesNotContain(TOKEN);
    assertThat(e.hint()).contains("auth.accessTokenPath");
  }

  @Test
  void testConfiguration_assertionKeyAndTokenHeadersMasked() {
    verifying(ClientAssertionVerifier.forKey(TestKeys.RSA.getPublic(), CLIENT_ID, tokenUrl()));
    AuthConfig form =
        cc().clientAuth(ClientAuthMethod.PRIVATE_KEY_JWT)
            .clientKey(TestKeys.pem(TestKeys.RSA))
            .tokenHeader("X-Api-Key", HEADER_SECRET)
            .build();
    AuthConfig json = form.toBuilder().tokenRequestFormat(TokenRequestFormat.JSON).build();
    server.stubFor(
        post("/token")
            .atPriority(2)
            .withHeader("Content-Type", containing("json"))
            .willReturn(okJson(standardToken())));

    for (AuthConfig auth : List.of(form, json)) {
      server.resetRequests();
      // The format is not part of the token identity: a fresh store, so each asks for a token.
      TestReport report;
      try (HttpClientCouponFetcher own =
          HttpClientCouponFetcher.builder()
              .allowPrivateNetworks(true)
              .tokenStore(TokenStores.inMemory())
              .build()) {
        report = new ConfigurationTester(own).test(config(auth), Map.of());
      }

      String assertion =
          auth == form
              ? form(onlyTokenRequest()).get("client_assertion").get(0)
              : onlyTokenRequest()
                  .getBodyAsString()
                  .replaceAll(".*\"client_assertion\":\"([^\"]+)\".*", "$1");
      String shown = report.toText() + report.toJson() + config(auth);
      assertThat(report.works()).as(report.toText()).isTrue();
      assertThat(report.toText())
          .contains("Token request:")
          .contains("client_assertion")
          .contains("X-Api-Key: ****");
      assertThat(shown)
          .doesNotContain(assertion, HEADER_SECRET, TOKEN, TestKeys.pemLine(TestKeys.RSA));
    }
  }
}
