package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Timeouts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which requests are sent again, how long the fetch waits in between, and when it gives up. */
@ParameterizedClass
@EnumSource(FetchMode.class)
class RetryFetchTest {
  @Parameter FetchMode mode;

  private WireMockServer server;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    // Records the waits instead of waiting, so that these tests take no real time.
    fetcher = builder().waits(RecordedWaits.into(waits)).build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private static HttpClientCouponFetcher.Builder builder() {
    return HttpClientCouponFetcher.builder().allowPrivateNetworks(true);
  }

  private CouponSourceConfig.Builder config() {
    return CouponSourceConfig.builder(server.baseUrl() + "/codes")
        .mapping(MappingConfig.code("code"));
  }

  private CouponSourceConfig postJson(boolean retryPost) {
    return config()
        .method(RequestMethod.POST_JSON)
        .payloadJson("{\"campaign\":\"spring\"}")
        .retryPost(retryPost)
        .build();
  }

  private int requests() {
    return server.findAll(anyRequestedFor(anyUrl())).size();
  }

  private CouponFetchException failure(HttpClientCouponFetcher f, CouponSourceConfig c) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(f, c, Map.of()));
    assertThat(e).as("fetch should fail").isNotNull();
    return e;
  }

  /** Answers {@code status} once, then 200 with a code. */
  private void onceThenOk(Supplier<MappingBuilder> request, int status, String retryAfter) {
    var busy = aResponse().withStatus(status);
    if (retryAfter != null) {
      busy = busy.withHeader("Retry-After", retryAfter);
    }
    server.stubFor(
        request
            .get()
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(busy)
            .willSetStateTo("ready"));
    server.stubFor(
        request
            .get()
            .inScenario("busy")
            .whenScenarioStateIs("ready")
            .willReturn(okJson("{\"code\":\"AGAIN-1\"}")));
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {"", "1"})
  void fetch_postJsonAnswered503_isSentExactlyOnce(String retryAfter) {
    onceThenOk(() -> post(anyUrl()), 503, retryAfter.isEmpty() ? null : retryAfter);

    CouponFetchException e = failure(fetcher, postJson(false));

    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(e.retryable()).isTrue();
    assertThat(requests()).isEqualTo(1);
    assertThat(waits).isEmpty();
    if (!retryAfter.isEmpty()) {
      assertThat(e.getMessage()).contains("asks to wait 1 s (Retry-After): try again after");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Fault.class,
      names = {"EMPTY_RESPONSE", "CONNECTION_RESET_BY_PEER"})
  void fetch_postWhoseConnectionClosedAfterItArrived_saysACouponMayExistAndIsNotRetryable(
      Fault fault) {
    server.stubFor(post(anyUrl()).willReturn(aResponse().withFault(fault)));

    CouponFetchException e = failure(fetcher, postJson(false));

    assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("may have created a coupon that was not received", "retryPost is off")
        .doesNotContain("another try may work");
    assertThat(e.hint()).contains("second coupon", "retryPost").doesNotContain("host name");
    assertThat(requests()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void fetch_postAnsweredTooLate_saysACouponMayExistAndIsNotRetryable() {
    server.stubFor(post(anyUrl()).willReturn(okJson("{\"code\":\"LATE\"}").withFixedDelay(2_000)));
    CouponSourceConfig config =
        postJson(false).toBuilder().timeouts(Timeouts.ofMillis(1_000, 200)).build();

    CouponFetchException e = failure(fetcher, config);

    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("may have created a coupon that was not received");
  }

  @Test
  void fetch_postWhoseAnswerDribblesPastTheRequestLimit_saysACouponMayExistAndIsNotRetryable() {
    // The whole answer does not come within connect + response: the per-request deadline ends
    // it (Deadline.failure), after the endpoint had the POST.
    server.stubFor(
        post(anyUrl())
            .willReturn(
                okJson("{\"code\":\"SLOW-" + "x".repeat(200) + "\"}")
                    .withChunkedDribbleDelay(100, 4_000)));
    CouponSourceConfig config =
        postJson(false).toBuilder().timeouts(Timeouts.ofMillis(300, 700)).build();

    CouponFetchException e = failure(fetcher, config);

    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    // The async client sees the dribble and ends at the request's limit; the blocking client's
    // reads may see a stall first. Either way the POST had reached the endpoint.
    assertThat(e.getMessage()).containsAnyOf("took longer than 1000 ms", "stalled for more than");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("may have created a coupon that was not received");
    assertThat(e.hint()).contains("second coupon");
    assertThat(requests()).isEqualTo(1);
  }

  @Test
  void fetch_postWithRetryPostOrGet_whoseConnectionClosed_stayRetryable() {
    server.stubFor(post(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    server.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    for (CouponSourceConfig config : List.of(postJson(true), config().build())) {
      CouponFetchException e = failure(fetcher, config);

      assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILED);
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).doesNotContain("may have created a coupon");
      assertThat(e.explanation()).contains("closed after the request was sent");
    }
    // Reached the server: neither is sent again by the fetcher.
    assertThat(requests()).isEqualTo(2);
  }

  @Test
  void fetch_postJsonWithRetryPost_isSentAgainAfter503() {
    onceThenOk(() -> post(anyUrl()), 503, "2");

    assertThat(mode.fetch(fetcher, postJson(true), Map.of()).first().code()).isEqualTo("AGAIN-1");
    assertThat(requests()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void fetch_getAnswered503WithRetryAfterOneThen200_succeedsAfterWaitingOneSecond() {
    onceThenOk(() -> get(anyUrl()), 503, "1");
    try (HttpClientCouponFetcher realWaits = builder().build()) {
      long start = System.nanoTime();

      String code = mode.fetch(realWaits, config().build(), Map.of()).first().code();

      assertThat(code).isEqualTo("AGAIN-1");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(990));
      assertThat(requests()).isEqualTo(2);
    }
  }

  @Test
  void fetch_getAnswered429WithoutRetryAfter_triesThreeTimesWithJitteredBackoff() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withBody("slow down")));

    CouponFetchException e = failure(fetcher, config().build());

    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.getMessage()).isEqualTo("HTTP 429 from " + server.baseUrl() + "/codes: slow down");
    assertThat(requests()).isEqualTo(3);
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isLessThan(Duration.ofMillis(100));
    assertThat(waits.get(1)).isLessThan(Duration.ofMillis(200));
  }

  @Test
  void fetch_retried_listenerCountsEveryRequestAsAnAttempt() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withBody("slow down")));
    List<FetchEvent> events = new CopyOnWriteArrayList<>();

    try (HttpClientCouponFetcher f =
        builder().waits(RecordedWaits.into(waits)).listener(events::add).build()) {
      failure(f, config().build());
    }

    assertThat(events).singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(3));
  }

  @Test
  void fetch_retryAfterBeyondMaxRetryWait_failsAtOnceSayingWhenToComeBack() {
    server.stubFor(
        get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    CouponFetchException e = failure(fetcher, config().build());

    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("asks to wait 3600 s (Retry-After): try again after 20", "maxRetryWait");
    assertThat(requests()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void fetch_retryAfterPastTheFetchDeadline_failsAtOnce() {
    server.stubFor(
        get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));

    try (HttpClientCouponFetcher f =
        builder().waits(RecordedWaits.into(waits)).fetchDeadline(Duration.ofSeconds(3)).build()) {
      CouponFetchException e = failure(f, config().build());

      assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
      assertThat(e.getMessage()).contains("asks to wait 5 s", "past this fetch's deadline");
      assertThat(requests()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 504, 404})
  void fetch_getAnsweredOtherErrors_isNotRetried(int status) {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status)));

    failure(fetcher, config().build());

    assertThat(requests()).isEqualTo(1);
  }

  @Test
  void fetch_maxRetriesZero_sendsOnce() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)));

    try (HttpClientCouponFetcher f =
        builder().waits(RecordedWaits.into(waits)).maxRetries(0).build()) {
      failure(f, config().build());
    }

    assertThat(requests()).isEqualTo(1);
  }

  @Test
  void fetch_refusedConnection_isRetriedForGetNotForPost() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/codes";

    CouponFetchException get = failure(fetcher, CouponSourceConfig.builder(url).build());
    assertThat(get.reason()).isEqualTo(Reason.CONNECT_FAILED);
    assertThat(waits).hasSize(2);

    waits.clear();
    CouponFetchException post =
        failure(
            fetcher,
            CouponSourceConfig.builder(url)
                .method(RequestMethod.POST_JSON)
                .payloadJson("{}")
                .build());
    assertThat(post.reason()).isEqualTo(Reason.CONNECT_FAILED);
    assertThat(waits).isEmpty();
  }

  @Test
  void fetch_interruptedWhileWaitingToRetry_stopsAtOnceAndKeepsTheInterrupt() throws Exception {
    assumeTrue(mode == FetchMode.BLOCKING, "an async fetch has no thread waiting to interrupt");
    server.stubFor(
        get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "8")));
    CountDownLatch answered = new CountDownLatch(1);
    server.addMockServiceRequestListener((request, response) -> answered.countDown());
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (HttpClientCouponFetcher realWaits =
        builder().fetchDeadline(Duration.ofSeconds(30)).build()) {
      Future<Object[]> run =
          executor.submit(
              () -> {
                long start = System.nanoTime();
                CouponFetchException e = failure(realWaits, config().build());
                boolean interrupted = Thread.interrupted();
                return new Object[] {e, interrupted, Duration.ofNanos(System.nanoTime() - start)};
              });
      assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
      executor.shutdownNow(); // interrupts the fetching thread, which is waiting 8 s to retry

      Object[] result = run.get(5, TimeUnit.SECONDS);

      CouponFetchException e = (CouponFetchException) result[0];
      assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("interrupted while waiting to send it again");
      assertThat((Boolean) result[1]).as("interrupt kept").isTrue();
      assertThat((Duration) result[2]).isLessThan(Duration.ofSeconds(5));
      assertThat(requests()).isEqualTo(1);
    } finally {
      executor.shutdownNow();
    }
  }
}
