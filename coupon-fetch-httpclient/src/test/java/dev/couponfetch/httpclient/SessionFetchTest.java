package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.TestReport;
import dev.couponfetch.TokenPlacement;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code SESSION} fetches: log in, then call; reuse, re-login once on refusal, single flight,
 * identity, redirects, failures and masking, blocking and async.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class SessionFetchTest {
  @Parameter FetchMode mode;

  private static final String PASSWORD = "pw-LEAK-7781";
  private static final String SHORT_PASSWORD = "s3cr"; // too short to be searched for by value
  private static final String HEADER_SECRET = "hdr-LEAK-5521";
  private static final String T0 = "sess-LEAK-0000";
  private static final String T1 = "sess-LEAK-1111";
  private static final String T2 = "sess-LEAK-2222";

  /** Holds login requests of stubs with the transformer "hold" until released. */
  static final AtomicReference<CountDownLatch> RELEASE = new AtomicReference<>();

  static final AtomicReference<CountDownLatch> ARRIVED = new AtomicReference<>();

  static final class Hold implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      ARRIVED.get().countDown();
      try {
        RELEASE.get().await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return event.getResponseDefinition();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "hold";
    }
  }

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock(new Hold());
  @RegisterExtension static final LoopbackWireMock other = new LoopbackWireMock();

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
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).tokenStore(store).build();
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
    System.setErr(originalErr);
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .doesNotContain(PASSWORD, HEADER_SECRET, T0, T1, T2);
  }

  private static LoginConfig.Builder login() {
    return LoginConfig.builder(server.baseUrl() + "/login")
        .field("username", "acme")
        .field("password", PASSWORD)
        .header("X-Client", HEADER_SECRET)
        .tokenName("data.token");
  }

  private static CouponSourceConfig config(LoginConfig login) {
    return config(AuthConfig.builder(AuthType.SESSION).login(login).build());
  }

  private static CouponSourceConfig config(AuthConfig auth) {
    return CouponSourceConfig.builder(server.baseUrl() + "/coupons")
        .name("acme")
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .build();
  }

  private static void loginGives(String token) {
    server.stubFor(
        post("/login").willReturn(okJson("{\"data\":{\"token\":\"" + token + "\"},\"ok\":1}")));
  }

  private static void couponFor(String header, String value) {
    server.stubFor(
        get("/coupons")
            .withHeader(header, equalTo(value))
            .willReturn(okJson("{\"code\":\"C-1\"}")));
  }

  private static int logins() {
    return server.findAll(postRequestedFor(urlPathEqualTo("/login"))).size();
  }

  private static int couponCalls() {
    return server.findAll(getRequestedFor(urlPathEqualTo("/coupons"))).size();
  }

  @Test
  void fetch_postJson_tokenFromBody_sentAsBearer() {
    loginGives(T1);
    couponFor("Authorization", "Bearer " + T1);

    CouponBatch batch = mode.fetch(fetcher, config(login().build()));

    assertThat(batch.coupons())
        .singleElement()
        .satisfies(c -> assertThat(c.code()).isEqualTo("C-1"));
    server.verify(
        postRequestedFor(urlPathEqualTo("/login"))
            .withHeader("Content-Type", containing("application/json"))
            .withHeader("X-Client", equalTo(HEADER_SECRET))
            .withRequestBody(
                equalToJson("{\"username\":\"acme\",\"password\":\"" + PASSWORD + "\"}")));
    assertThat(batch.tokenExchange()).isNotNull();
    assertThat(batch.tokenExchange().toString()).doesNotContain(PASSWORD, T1);
  }

  @Test
  void fetch_postForm_tokenFromHeader_sentAsQueryParam() {
    server.stubFor(
        post("/login").willReturn(aResponse().withStatus(204).withHeader("X-Token", T1)));
    server.stubFor(
        get(urlPathEqualTo("/coupons"))
            .withQueryParam("sid", equalTo(T1))
            .willReturn(okJson("{\"code\":\"C-1\"}")));
    LoginConfig login =
        login()
            .method(RequestMethod.POST_FORM)
            .tokenFrom(LoginConfig.TokenFrom.HEADER)
            .tokenName("X-Token")
            .build();
    AuthConfig auth =
        AuthConfig.builder(AuthType.SESSION)
            .login(login)
            .tokenPlacement(TokenPlacement.query("sid"))
            .build();

    CouponBatch batch = mode.fetch(fetcher, config(auth));

    assertThat(batch.coupons()).hasSize(1);
    server.verify(
        postRequestedFor(urlPathEqualTo("/login"))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("username=acme&password=" + PASSWORD)));
  }

  @Test
  void fetch_tokenFromCookie_sentAsCookie_evenFromARedirectAnswer() {
    server.stubFor(
        post("/login")
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "/dashboard")
                    .withHeader("Set-Cookie", "lang=en; Path=/")
                    .withHeader("Set-Cookie", "sid=" + T1 + "; Path=/; HttpOnly")));
    couponFor("Cookie", "session=" + T1);
    LoginConfig login =
        login()
            .method(RequestMethod.POST_FORM)
            .tokenFrom(LoginConfig.TokenFrom.COOKIE)
            .tokenName("sid")
            .build();
    AuthConfig auth =
        AuthConfig.builder(AuthType.SESSION)
            .login(login)
            .tokenPlacement(TokenPlacement.cookie("session"))
            .build();

    assertThat(mode.fetch(fetcher, config(auth)).coupons()).hasSize(1);
    assertThat(server.findAll(anyRequestedFor(urlPathEqualTo("/dashboard")))).isEmpty();
  }

  @Test
  void fetch_tokenInOtherHeader_withoutPrefix() {
    loginGives(T1);
    couponFor("X-Session", T1);
    AuthConfig auth =
        AuthConfig.builder(AuthType.SESSION)
            .login(login().build())
            .tokenPlacement(TokenPlacement.header("X-Session"))
            .build();

    assertThat(mode.fetch(fetcher, config(auth)).coupons()).hasSize(1);
  }

  @Test
  void fetch_fiveTimes_oneLogin() {
    loginGives(T1);
    couponFor("Authorization", "Bearer " + T1);
    CouponSourceConfig config = config(login().build());

    for (int i = 0; i < 5; i++) {
      mode.fetch(fetcher, config);
    }

    assertThat(logins()).isEqualTo(1);
    assertThat(couponCalls()).isEqualTo(5);
    assertThat(
            store.get(config.tokenKey()).flatMap(OAuthTokens::accessToken).orElseThrow().reveal())
        .isEqualTo(T1);
  }

  @Test
  void fetch_storedTokenRefused_logsInOnceAndReplays() {
    CouponSourceConfig config = config(login().build());
    store.compareAndSet(config.tokenKey(), null, OAuthTokens.of(T0, null, null, null));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + T0))
            .willReturn(aResponse().withStatus(401)));
    loginGives(T1);
    couponFor("Authorization", "Bearer " + T1);

    CouponBatch batch = mode.fetch(fetcher, config);

    assertThat(batch.coupons()).hasSize(1);
    assertThat(logins()).isEqualTo(1);
    assertThat(couponCalls()).isEqualTo(2);
    assertThat(batch.tokenNote()).contains("renewed once");
  }

  @Test
  void fetch_replayAfterLoginAnswers503_retriedWithTheSameSession_noSecondLogin() {
    CouponSourceConfig config = config(login().build());
    store.compareAndSet(config.tokenKey(), null, OAuthTokens.of(T0, null, null, null));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + T0))
            .willReturn(aResponse().withStatus(401)));
    loginGives(T1);
    server.stubFor(
        get("/coupons")
            .inScenario("busy once")
            .whenScenarioStateIs(Scenario.STARTED)
            .withHeader("Authorization", equalTo("Bearer " + T1))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0"))
            .willSetStateTo("ready"));
    server.stubFor(
        get("/coupons")
            .inScenario("busy once")
            .whenScenarioStateIs("ready")
            .withHeader("Authorization", equalTo("Bearer " + T1))
            .willReturn(okJson("{\"code\":\"C-1\"}")));

    CouponBatch batch = mode.fetch(fetcher, config);

    // 401 with T0, one login, 503 with T1, the retry with T1: the retry is no second renewal.
    assertThat(batch.coupons()).hasSize(1);
    assertThat(logins()).isEqualTo(1);
    assertThat(couponCalls()).isEqualTo(3);
  }

  @Test
  void fetch_expiredPathIn200_logsInOnceAndReplays() {
    CouponSourceConfig config =
        config(
            AuthConfig.builder(AuthType.SESSION)
                .login(login().build())
                .tokenExpiredPath("error.code")
                .build());
    store.compareAndSet(config.tokenKey(), null, OAuthTokens.of(T0, null, null, null));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + T0))
            .willReturn(okJson("{\"error\":{\"code\":\"SESSION_EXPIRED\"}}")));
    loginGives(T1);
    couponFor("Authorization", "Bearer " + T1);

    assertThat(mode.fetch(fetcher, config).coupons()).hasSize(1);
    assertThat(logins()).isEqualTo(1);
  }

  @Test
  void fetch_freshSessionRefusedToo_unauthorized_saysSo() {
    loginGives(T1);
    server.stubFor(get("/coupons").willReturn(aResponse().withStatus(401)));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(login().build())));

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.tokenNote())
        .hasValueSatisfying(n -> assertThat(n).contains("fresh login was refused too"));
    assertThat(logins()).isEqualTo(2);
    assertThat(couponCalls()).isEqualTo(2);
    assertThat(e.getMessage() + e.tokenExchange().orElseThrow()).doesNotContain(PASSWORD, T1);
  }

  @Test
  void fetch_concurrent_shareOneLogin() throws Exception {
    int n = 8;
    RELEASE.set(new CountDownLatch(1));
    ARRIVED.set(new CountDownLatch(1));
    server.stubFor(
        post("/login")
            .willReturn(okJson("{\"data\":{\"token\":\"" + T1 + "\"}}").withTransformers("hold")));
    couponFor("Authorization", "Bearer " + T1);
    CouponSourceConfig config = config(login().build());
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<CouponBatch>> results = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> mode.fetch(fetcher, config)));
      }
      assertThat(ARRIVED.get().await(30, TimeUnit.SECONDS)).isTrue();
      RELEASE.get().countDown();
      for (Future<CouponBatch> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS).coupons()).hasSize(1);
      }
    } finally {
      RELEASE.get().countDown();
      pool.shutdownNow();
    }
    assertThat(logins()).isEqualTo(1);
    assertThat(couponCalls()).isEqualTo(n);
  }

  @Test
  void fetch_differentCredentialsSameLoginUrl_neverShareASession() {
    server.stubFor(
        post("/login")
            .withRequestBody(containing(PASSWORD))
            .willReturn(okJson("{\"data\":{\"token\":\"" + T1 + "\"}}")));
    server.stubFor(
        post("/login")
            .withRequestBody(containing("other-password"))
            .willReturn(okJson("{\"data\":{\"token\":\"" + T2 + "\"}}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + T1))
            .willReturn(okJson("{\"code\":\"FOR-A\"}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + T2))
            .willReturn(okJson("{\"code\":\"FOR-B\"}")));
    CouponSourceConfig a = config(login().build());
    // Same name, same login URL and endpoint: only the password differs.
    CouponSourceConfig b = config(login().field("password", "other-password").build());

    assertThat(mode.fetch(fetcher, a).coupons().get(0).code()).isEqualTo("FOR-A");
    assertThat(mode.fetch(fetcher, b).coupons().get(0).code()).isEqualTo("FOR-B");
    assertThat(mode.fetch(fetcher, a).coupons().get(0).code()).isEqualTo("FOR-A");
    assertThat(logins()).isEqualTo(2);
    assertThat(a.tokenKey()).isNotEqualTo(b.tokenKey());
  }

  @Test
  void fetch_loginRedirectsToOtherOrigin_notFollowed_credentialsStayHome() {
    server.stubFor(
        post("/login")
            .willReturn(
                aResponse().withStatus(307).withHeader("Location", other.baseUrl() + "/login")));
    other.stubFor(post(anyUrl()).willReturn(okJson("{\"data\":{\"token\":\"" + T1 + "\"}}")));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(login().build())));

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("HTTP 307").contains("logins are not followed");
    assertThat(other.getAllServeEvents()).isEmpty();
    assertThat(couponCalls()).isZero();
  }

  @Test
  void fetch_loginRefused401_unauthorized_hintsAtPayload_noSecrets() {
    server.stubFor(
        post("/login")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":\"bad credentials\",\"password\":\""
                            + SHORT_PASSWORD
                            + "\",\"echo\":\""
                            + PASSWORD
                            + "\"}")));
    LoginConfig login = login().field("password", SHORT_PASSWORD).field("pin", PASSWORD).build();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config(login)));

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.hint()).contains("auth.login.payload");
    assertThat(e.getMessage()).contains("HTTP 401").contains("bad credentials");
    String all = e.getMessage() + e.tokenExchange().orElseThrow() + TestReport.failure(e).toJson();
    assertThat(all).doesNotContain(PASSWORD, HEADER_SECRET, "\"" + SHORT_PASSWORD + "\"");
    assertThat(couponCalls()).isZero();
  }

  @Test
  void fetch_noTokenAtPath_saysWhatWasThere() {
    server.stubFor(post("/login").willReturn(okJson("{\"success\":false,\"message\":\"nope\"}")));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class, () -> mode.fetch(fetcher, config(login().build())));

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.getMessage())
        .contains("without a session token at body path 'data.token'")
        .contains("no key 'data'")
        .contains("success");
  }

  @Test
  void fetch_noCookie_namesTheCookiesSet() {
    server.stubFor(
        post("/login").willReturn(aResponse().withHeader("Set-Cookie", "lang=en; Path=/")));
    LoginConfig login = login().tokenFrom(LoginConfig.TokenFrom.COOKIE).tokenName("sid").build();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config(login)));

    assertThat(e.getMessage()).contains("no cookie sid").contains("[lang]");
  }

  @Test
  void fetch_loginUnreachable_connectFailed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoginConfig login =
        LoginConfig.builder("http://127.0.0.1:" + port + "/login")
            .field("password", PASSWORD)
            .tokenName("token")
            .build();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config(login)));

    assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILED);
    assertThat(e.getMessage()).contains("The login at http://127.0.0.1:" + port + "/login");
  }

  @Test
  void fetch_guardRefusesLoginAddress_blockedAddress() {
    try (HttpClientCouponFetcher guarded = HttpClientCouponFetcher.builder().build()) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class, () -> mode.fetch(guarded, config(login().build())));

      assertThat(e.reason()).isEqualTo(Reason.BLOCKED_ADDRESS);
      assertThat(e.getMessage()).contains("The login at");
    }
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void testConfiguration_showsLoginRequestAndResponse_masked() {
    server.stubFor(
        post("/login")
            .willReturn(
                okJson(
                    "{\"data\":{\"token\":\"sht\"},\"user\":{\"username\":\"acme\",\"password\":\""
                        + SHORT_PASSWORD
                        + "\"}}")));
    couponFor("Authorization", "Bearer sht");
    LoginConfig login = login().field("password", SHORT_PASSWORD).build();

    TestReport report = new ConfigurationTester(fetcher).test(config(login), java.util.Map.of());

    assertThat(report.works()).isTrue();
    String text = report.toText();
    assertThat(text)
        .contains("Login request:")
        .contains("Login response:")
        .doesNotContain("Token request:");
    assertThat(report.tokenRequest().orElseThrow().body()).contains("\"password\":\"****\"");
    assertThat(report.tokenResponse().orElseThrow().body())
        .contains("\"token\":\"****\"")
        .contains("\"password\":\"****\"");
    String json = report.toJson();
    assertThat(json).contains("\"tokenRequest\"").contains("\"tokenResponse\"");
    for (String shown : List.of(text, json, report.request().orElseThrow().toString())) {
      assertThat(shown)
          .doesNotContain(HEADER_SECRET, "\"" + SHORT_PASSWORD + "\"", "Bearer sht", "\"sht\"");
    }
  }
}
