package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.FetchEvent.Outcome;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every fetch that starts tells each listener exactly once, with the right fields, whichever way it
 * ends; a throwing listener changes nothing; events and log lines (DEBUG and TRACE, captured from
 * slf4j-simple, see simplelogger.properties) hold no secret, even when the server echoes them.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class FetchListenerTest {
  @Parameter FetchMode mode;

  private static final String PASSWORD = "PW-OBS-6d1c2";
  private static final String QUERY_SECRET = "QS-OBS-8830";
  private static final String HEADER_SECRET = "HDR-OBS-4471";

  /** What a server echoing the default config's secret sends back. */
  private static final String ECHO = echo(AuthType.QUERY_STRING);

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();

  private final List<FetchEvent> events = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void setUp() {
    originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).listener(events::add).build();
  }

  /** Whatever a test did, nothing it showed holds a secret. */
  @AfterEach
  void tearDown() {
    fetcher.close();
    System.setErr(originalErr);
    assertThat(logs() + events).doesNotContain(PASSWORD, QUERY_SECRET, HEADER_SECRET);
  }

  private String logs() {
    return logs.toString(StandardCharsets.UTF_8);
  }

  /** A body quoting the secret a config of {@code type} sends: the redactor's test. */
  private static String echo(AuthType type) {
    return "you sent "
        + switch (type) {
          case BASIC -> PASSWORD;
          case QUERY_STRING -> QUERY_SECRET;
          case HEADERS -> HEADER_SECRET;
          default -> throw new AssertionError(type);
        };
  }

  /** A config whose credentials are of {@code type}, each holding one of the secrets. */
  private static CouponSourceConfig.Builder config(String endpoint, AuthType type) {
    AuthConfig auth =
        switch (type) {
          case BASIC -> AuthConfig.basic("merchant", PASSWORD);
          case QUERY_STRING -> AuthConfig.queryString(Map.of("key", QUERY_SECRET));
          case HEADERS -> AuthConfig.headers(Map.of("X-Api-Key", HEADER_SECRET));
          default -> throw new AssertionError(type);
        };
    return CouponSourceConfig.builder(endpoint)
        .name("acme-spring")
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(1_000, 1_000));
  }

  private static CouponSourceConfig.Builder config(String endpoint) {
    return config(endpoint, AuthType.QUERY_STRING);
  }

  private static CouponSourceConfig.Builder config() {
    return config(server.baseUrl() + "/s");
  }

  private CouponFetchException failure(CouponSourceConfig config, Map<String, String> vars) {
    return catchThrowableOfType(
        CouponFetchException.class, () -> mode.fetch(fetcher, config, vars));
  }

  private FetchEvent onlyEvent() {
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void fetch_success_tellsOneSuccessWithStatusAndCoupons() {
    server.stubFor(get(urlPathEqualTo("/s")).willReturn(okJson("{\"codes\":[\"A\",\"B\",\"C\"]}")));
    CouponSourceConfig config =
        config().couponType(CouponType.BULK).mapping(MappingConfig.code("codes")).build();

    long before = System.nanoTime();
    CouponBatch batch = mode.fetch(fetcher, config);
    Duration wall = Duration.ofNanos(System.nanoTime() - before);

    assertThat(batch.coupons()).hasSize(3);
    FetchEvent e = onlyEvent();
    assertThat(e)
        .isEqualTo(
            new FetchEvent(
                "acme-spring", Outcome.SUCCESS, null, 200, e.duration(), 3, 1, e.timings()));
    assertThat(e.timings().requests()).hasSize(1);
    assertThat(e.timings().requests().get(0).uri()).isNull();
    assertThat(e.duration()).isPositive().isLessThanOrEqualTo(wall);
    assertThat(logs())
        .containsOnlyOnce("acme-spring: GET " + server.baseUrl() + "/s?key=**** -> 200 in ")
        .contains("3 coupon(s)");
  }

  @Test
  void fetch_unauthorized_tellsOneFailureWith401() {
    server.stubFor(
        get(urlPathEqualTo("/s")).willReturn(aResponse().withStatus(401).withBody(ECHO)));

    failure(config().build(), Map.of());

    FetchEvent e = onlyEvent();
    assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.coupons()).isZero();
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(logs()).contains("acme-spring: GET ", "failed in ", "UNAUTHORIZED (HTTP 401)");
  }

  @Test
  void fetch_mappingFails_tellsTheMappingReasonWithThe200() {
    server.stubFor(get(urlPathEqualTo("/s")).willReturn(okJson("{\"other\":\"" + ECHO + "\"}")));

    failure(config().build(), Map.of());

    FetchEvent e = onlyEvent();
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void fetch_missingVariable_tellsFailureWithNothingSent() {
    CouponSourceConfig config = config(server.baseUrl() + "/s/{{visitor}}").build();

    failure(config, Map.of());

    FetchEvent e = onlyEvent();
    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(e.status()).isZero();
    assertThat(e.attempts()).isZero();
    assertThat(server.getAllServeEvents()).isEmpty();
    assertThat(logs()).contains("acme-spring: (before sending) failed in ", "MISSING_VARIABLE");
  }

  @Test
  void fetch_invalidVariableValue_tellsInvalidConfig() {
    CouponSourceConfig config = config().header("X-Visitor", "{{visitor}}").build();

    failure(config, Map.of("visitor", "a\r\nX-Evil: 1"));

    assertThat(onlyEvent().reason()).isEqualTo(Reason.INVALID_CONFIG);
  }

  @Test
  void fetch_connectionRefused_tellsConnectFailedWithoutStatus() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }

    failure(config("http://127.0.0.1:" + port + "/s").build(), Map.of());

    FetchEvent e = onlyEvent();
    assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILED);
    assertThat(e.status()).isZero();
    // A refused GET never reached the server, so it is retried (twice by default): 3 requests.
    assertThat(e.attempts()).isEqualTo(3);
  }

  @Test
  void fetch_listenerThrows_fetchWorksOthersHearAndOneWarning() {
    server.stubFor(get(urlPathEqualTo("/s")).willReturn(okJson("{\"code\":\"OK-1\"}")));
    fetcher.close();
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .listener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .listener(events::add)
            .build();

    CouponBatch first = mode.fetch(fetcher, config().build());
    CouponFetchException second = failure(config(server.baseUrl() + "/missing").build(), Map.of());

    assertThat(first.first().code()).isEqualTo("OK-1");
    assertThat(second.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(events)
        .extracting(FetchEvent::outcome)
        .containsExactly(Outcome.SUCCESS, Outcome.FAILURE);
    assertThat(logs()).containsOnlyOnce("WARN").containsOnlyOnce("listener bug");
  }

  @Test
  void fetch_bearerRefusedOnce_tellsTwoAttempts() {
    server.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT-NEW-2\",\"token_type\":\"Bearer\",\"expires_in\":600}")));
    server.stubFor(
        get("/s")
            .withHeader("Authorization", equalTo("Bearer AT-OLD-1"))
            .willReturn(aResponse().withStatus(401)));
    server.stubFor(
        get("/s")
            .withHeader("Authorization", equalTo("Bearer AT-NEW-2"))
            .willReturn(okJson("{\"code\":\"OK-2\"}")));
    fetcher.close();
    TokenStore store = TokenStores.inMemory();
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .tokenStore(store)
            .listener(events::add)
            .build();
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/s")
            .name("acme-spring")
            .auth(
                AuthConfig.oauth2ClientCredentials(
                    server.baseUrl() + "/token", "coupon-client", PASSWORD))
            .mapping(MappingConfig.code("code"))
            .build();
    store.compareAndSet(
        config.tokenKey(),
        null,
        OAuthTokens.of("AT-OLD-1", "RT-OLD-1", Instant.now().plusSeconds(3600), null));

    mode.fetch(fetcher, config);

    FetchEvent e = onlyEvent();
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(logs()).contains("after 2 attempts").doesNotContain("AT-OLD-1", "AT-NEW-2");
  }

  /** Each credential type, a success and a failure, both echoing every secret. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = AuthType.class,
      names = {"BASIC", "QUERY_STRING", "HEADERS"})
  void fetch_echoingServer_logsAndEventsHoldNoSecret(AuthType type) {
    server.stubFor(
        get(urlPathEqualTo("/ok"))
            .willReturn(okJson("{\"code\":\"OK-1\",\"echo\":\"" + echo(type) + "\"}")));
    server.stubFor(
        get(urlPathEqualTo("/no")).willReturn(aResponse().withStatus(401).withBody(echo(type))));

    mode.fetch(fetcher, config(server.baseUrl() + "/ok", type).build());
    failure(config(server.baseUrl() + "/no", type).build(), Map.of());

    assertThat(events).hasSize(2);
    assertThat(logs()).contains("DEBUG", "TRACE", "you sent"); // captured, and bodies shown
    // tearDown() checks the secrets
  }

  @Test
  void fetch_trace_showsTheMaskedExchangeWithABodyExcerpt() {
    String pad = "x".repeat(5_000);
    server.stubFor(
        get(urlPathEqualTo("/s"))
            .willReturn(okJson("{\"code\":\"OK-1\",\"pad\":\"" + pad + "\"}")));

    mode.fetch(fetcher, config(server.baseUrl() + "/s", AuthType.BASIC).build());

    assertThat(logs())
        .contains("TRACE", "Authorization: ****", "characters)")
        .doesNotContain("x".repeat(FetchObserver.TRACE_BODY_CHARS + 1));
  }
}
