package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.TestReport;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** OAUTH2 fetches: Bearer, renewal on expiry signals, one retry, Test Configuration, secrets. */
@ParameterizedClass
@EnumSource(FetchMode.class)
class OAuth2FetchTest {
  @Parameter FetchMode mode;

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final String SECRET = "CS-LEAK-4417";
  private static final String A0 = "AT-LEAK-0000";
  private static final String A1 = "AT-LEAK-1111";
  private static final String R0 = "RT-LEAK-0000";
  private static final String R1 = "RT-LEAK-1111";

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();

  private final MutableClock clock = new MutableClock(T0);
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private TokenStore store;
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void setUp() {
    originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    store = TokenStores.inMemory();
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .tokenStore(store)
            .clock(clock)
            .build();
    server.stubFor(
        post("/token")
            .withRequestBody(containing("refresh_token=" + R0))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + A1
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\""
                        + R1
                        + "\"}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A1))
            .willReturn(okJson("{\"code\":\"SPRING-1\"}")));
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
    System.setErr(originalErr);
    String all = logs.toString(StandardCharsets.UTF_8);
    assertThat(all).doesNotContain(SECRET, A0, A1, R0, R1);
  }

  private static AuthConfig.Builder auth() {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.AUTHORIZATION_CODE)
        .authorizationUrl(server.baseUrl() + "/authorize")
        .tokenUrl(server.baseUrl() + "/token")
        .clientId("coupon-client")
        .clientSecret(SECRET);
  }

  /** Where the configs of this class keep their tokens: one identity, whatever else differs. */
  private static String key() {
    return config(auth().build()).tokenKey();
  }

  private static CouponSourceConfig config(AuthConfig auth) {
    return CouponSourceConfig.builder(server.baseUrl() + "/coupons")
        .name("acme")
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .build();
  }

  /** Tokens whose access token the endpoint refuses (A0), with a refresh token (R0). */
  private void storeRefusedToken(Instant expiresAt) {
    store.compareAndSet(key(), null, OAuthTokens.of(A0, R0, expiresAt, null));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A0))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"token expired\"}")));
  }

  private static int count(String path) {
    return server.findAll(anyRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void fetch_401_renewsOnceAndRetriesOnce() {
    storeRefusedToken(null);

    CouponBatch batch = mode.fetch(fetcher, config(auth().build()));

    assertThat(batch.first().code()).isEqualTo("SPRING-1");
    assertThat(count("/coupons")).isEqualTo(2);
    assertThat(count("/token")).isEqualTo(1);
    assertThat(batch.tokenNote()).contains("renewed once");
    assertThat(batch.exchange().request().headers().toString()).contains("Authorization: ****");
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("acme: token request (refresh_token)");
    assertThat(store.get(key())).hasValue(OAuthTokens.of(A1, R1, T0.plusSeconds(600), null));
  }

  @Test
  void fetch_401Twice_isUnauthorized() {
    storeRefusedToken(null);
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A1))
            .willReturn(aResponse().withStatus(401)));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(auth().build())));

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("again after renewing the credentials");
    assertThat(count("/coupons")).isEqualTo(2);
    assertThat(count("/token")).isEqualTo(1);
  }

  @Test
  void fetch_postAnswered401_isRetriedOnceWithItsBody() {
    storeRefusedToken(null);
    server.stubFor(
        post("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A0))
            .willReturn(aResponse().withStatus(401)));
    server.stubFor(
        post("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A1))
            .withRequestBody(equalTo("{\"campaign\":\"spring\"}"))
            .willReturn(okJson("{\"code\":\"POST-1\"}")));
    CouponSourceConfig c =
        config(auth().build()).toBuilder()
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"campaign\":\"spring\"}")
            .build();

    assertThat(mode.fetch(fetcher, c).first().code()).isEqualTo("POST-1");
    assertThat(count("/coupons")).isEqualTo(2);
  }

  @Test
  void fetch_403_renewsOnlyWhenConfiguredAsExpired() {
    store.compareAndSet(key(), null, OAuthTokens.of(A0, R0, null, null));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A0))
            .willReturn(aResponse().withStatus(403)));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(auth().build())));
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(count("/token")).isZero();

    CouponBatch batch =
        mode.fetch(fetcher, config(auth().tokenExpiredStatuses(List.of(401, 403)).build()));
    assertThat(batch.first().code()).isEqualTo("SPRING-1");
    assertThat(count("/token")).isEqualTo(1);
  }

  @Test
  void fetch_bodyPathSaysExpiredInA200_renewsAndRetries() {
    store.compareAndSet(key(), null, OAuthTokens.of(A0, R0, null, null));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A0))
            .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"access_token expired\"}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + A1))
            .willReturn(okJson("{\"errcode\":0,\"code\":\"WX-1\"}")));

    CouponBatch batch = mode.fetch(fetcher, config(auth().tokenExpiredPath("errcode").build()));

    assertThat(batch.first().code()).isEqualTo("WX-1");
    assertThat(count("/token")).isEqualTo(1);
  }

  @Test
  void fetch_64ThreadsAtTheMomentOfExpiry_makeOneTokenRequest() throws Exception {
    store.compareAndSet(key(), null, OAuthTokens.of(A0, R0, T0.plusSeconds(60), null));
    clock.advance(Duration.ofSeconds(1)); // inside the 60 s margin: every fetch needs a renewal
    CouponSourceConfig c = config(auth().build());
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> codes = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        codes.add(
            pool.submit(
                () -> {
                  go.await();
                  return mode.fetch(fetcher, c).first().code();
                }));
      }
      go.countDown();
      for (Future<String> f : codes) {
        assertThat(f.get()).isEqualTo("SPRING-1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(1);
    assertThat(
            server.findAll(
                anyRequestedFor(urlPathEqualTo("/coupons"))
                    .withHeader("Authorization", equalTo("Bearer " + A0))))
        .isEmpty();
  }

  @Test
  void fetch_redirectToAnotherOrigin_isNotFollowedWithTheBearerToken() {
    store.compareAndSet(key(), null, OAuthTokens.of(A1, R0, null, null));
    String base = server.baseUrl();
    String other = base.contains("localhost") ? "127.0.0.1" : "localhost";
    String elsewhere = "http://" + other + ":" + server.port() + "/elsewhere";
    server.stubFor(
        get("/coupons").willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));
    server.stubFor(get("/elsewhere").willReturn(okJson("{\"code\":\"X\"}")));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(auth().build())));

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage()).contains("not followed");
    assertThat(count("/elsewhere")).isZero();
  }

  @Test
  void testConfiguration_showsTheTokenRequestMasked_thenTheStoredToken() {
    store.compareAndSet(key(), null, OAuthTokens.of(null, R0, null, null));
    ConfigurationTester tester = new ConfigurationTester(fetcher, clock);

    TestReport renewed = tester.test(config(auth().build()), java.util.Map.of());
    TestReport stored = tester.test(config(auth().build()), java.util.Map.of());

    String text = renewed.toText();
    assertThat(renewed.works()).isTrue();
    assertThat(text)
        .contains("Token request:")
        .contains("POST " + server.baseUrl() + "/token")
        .contains("grant_type=refresh_token")
        .contains("refresh_token=****")
        .contains("Authorization: ****")
        .contains("Token response:")
        .contains("\"access_token\":\"****\"")
        .contains("\"expires_in\":600");
    assertThat(renewed.toJson()).contains("\"tokenRequest\"").contains("\"tokenResponse\"");
    assertThat(stored.toText())
        .contains("Token: access token from the token store, expires at " + T0.plusSeconds(600))
        .doesNotContain("Token request:");
    assertThat(text + renewed.toJson() + stored.toText() + stored.toJson())
        .doesNotContain(SECRET, A1, R0, R1);
  }

  @Test
  void testConfiguration_tokenEndpointDown_reportsTheTokenFailureWithoutSecrets() {
    store.compareAndSet(key(), null, OAuthTokens.of(null, "RT-LEAK-DOWN", null, null));
    server.stubFor(
        post("/token")
            .withRequestBody(containing("RT-LEAK-DOWN"))
            .willReturn(aResponse().withStatus(500).withBody("oops RT-LEAK-DOWN " + SECRET)));

    TestReport report =
        new ConfigurationTester(fetcher, clock).test(config(auth().build()), java.util.Map.of());

    assertThat(report.reason()).hasValue(Reason.OAUTH_TOKEN_FAILED);
    assertThat(report.toText())
        .contains("Token response:")
        .contains("HTTP 500")
        .contains("oops **** ****");
    assertThat(report.toText() + report.toJson()).doesNotContain("RT-LEAK-DOWN", SECRET);
  }

  @Test
  void fetch_noTokensForAnAuthorizationCodeConfig_isNotAuthorized() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(auth().build())));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(count("/coupons")).isZero();
  }
}
