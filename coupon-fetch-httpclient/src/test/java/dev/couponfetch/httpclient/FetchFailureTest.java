package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.Exchange;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** How statuses, sizes, timeouts and network failures become a {@link Reason}. */
@ParameterizedClass
@EnumSource(FetchMode.class)
class FetchFailureTest {
  @Parameter FetchMode mode;

  private static WireMockServer server;
  private static HttpClientCouponFetcher fetcher;
  private static HttpClientCouponFetcher smallFetcher;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    // Every test here fails on purpose against one server: no circuit breaker, or it would pause
    // it.
    fetcher = builder().build();
    smallFetcher = builder().maxResponseBytes(1024).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    smallFetcher.close();
    server.stop();
  }

  private static HttpClientCouponFetcher.Builder builder() {
    return HttpClientCouponFetcher.builder()
        .allowPrivateNetworks(true)
        .circuitBreaker(0, Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private static CouponSourceConfig.Builder config(String path) {
    return CouponSourceConfig.builder(server.baseUrl() + path).mapping(MappingConfig.code("code"));
  }

  private CouponFetchException failure(HttpClientCouponFetcher f, CouponSourceConfig c) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(f, c, Map.of()));
    assertThat(e).as("fetch should fail").isNotNull();
    assertThat(e.exchange()).as("exchange").isPresent();
    return e;
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "401, UNAUTHORIZED",
    "403, UNAUTHORIZED",
    "404, HTTP_ERROR",
    "429, RATE_LIMITED",
    "500, SERVER_ERROR",
    "503, SERVER_ERROR"
  })
  void fetch_errorStatus_mapsToReasonWithStatusAndBodyExcerpt(int status, Reason reason) {
    server.stubFor(
        get(urlPathEqualTo("/codes"))
            .willReturn(aResponse().withStatus(status).withBody("{\"error\":\n  \"bad key\"}")));

    CouponFetchException e = failure(fetcher, config("/codes?campaign=spring").build());

    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.retryable()).isEqualTo(reason.retryable());
    assertThat(e.status()).hasValue(status);
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP "
                + status
                + " from "
                + server.baseUrl()
                + "/codes?campaign=spring: "
                + "{\"error\": \"bad key\"}");
    Exchange x = e.exchange().orElseThrow();
    assertThat(x.request().method()).isEqualTo("GET");
    assertThat(x.response().status()).isEqualTo(status);
    assertThat(x.response().body()).isEqualTo("{\"error\":\n  \"bad key\"}");
  }

  @Test
  void fetch_longErrorBody_messageQuotesTwoHundredCharacters() {
    server.stubFor(
        get(anyUrl()).willReturn(aResponse().withStatus(400).withBody("x".repeat(5000))));

    CouponFetchException e = failure(fetcher, config("/codes").build());

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage()).endsWith(": " + "x".repeat(200) + "...");
    assertThat(e.exchange().orElseThrow().response().body()).hasSize(5000);
  }

  @Test
  void fetch_bodyOverCap_isResponseTooLargeNamingTheLimit() {
    server.stubFor(
        get(anyUrl()).willReturn(okJson("{\"code\":\"" + "A".repeat(10 * 1024) + "\"}")));

    CouponFetchException e = failure(smallFetcher, config("/big").build());

    assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
    assertThat(e.getMessage()).contains("1024 bytes");
    assertThat(e.exchange().orElseThrow().response().truncated()).isTrue();
  }

  @Test
  void fetch_gzipBodyInflatingPastCap_isResponseTooLarge() throws Exception {
    byte[] inflated =
        ("{\"code\":\"" + "B".repeat(20 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(inflated);
    }
    assertThat(gz.size()).isLessThan(1024); // small on the wire, large once decoded
    server.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Content-Encoding", "gzip")
                    .withBody(gz.toByteArray())));

    CouponFetchException e = failure(smallFetcher, config("/bomb").build());

    assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
  }

  @Test
  void fetch_gzipBodyUnderCap_isDecoded() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("{\"code\":\"GZ-1\"}".getBytes(StandardCharsets.UTF_8));
    }
    server.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Content-Encoding", "gzip")
                    .withBody(gz.toByteArray())));

    assertThat(mode.fetch(smallFetcher, config("/gz").build(), Map.of()).first().code())
        .isEqualTo("GZ-1");
  }

  @Test
  void fetch_slowResponse_isTimeoutNamingResponseMs() {
    server.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"LATE\"}").withFixedDelay(5_000)));

    CouponFetchException e =
        failure(fetcher, config("/slow").timeouts(Timeouts.ofMillis(1_000, 300)).build());

    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("300 ms", "timeouts.responseMs");
    assertThat(e.exchange().orElseThrow().response()).isNull();
  }

  @Test
  void fetch_bodyStallingMidway_isTimeoutWithTheStatusSeen() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket stalling = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      stalling.setSoTimeout(10_000);
      executor.submit(
          () -> {
            try (Socket s = stalling.accept()) {
              readHead(s.getInputStream());
              s.getOutputStream()
                  .write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              + "Content-Length: 100\r\n\r\n{\"code\":")
                          .getBytes(StandardCharsets.US_ASCII));
              s.getOutputStream().flush();
              done.await(); // the rest of the body never comes
            }
            return null;
          });
      CouponSourceConfig config =
          CouponSourceConfig.builder("http://127.0.0.1:" + stalling.getLocalPort() + "/codes")
              .timeouts(Timeouts.ofMillis(1_000, 300))
              .build();

      CouponFetchException e = failure(fetcher, config);

      assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(e.getMessage()).contains("stalled", "300 ms");
      assertThat(e.status()).hasValue(200);
      assertThat(e.exchange().orElseThrow().response().status()).isEqualTo(200);
    } finally {
      done.countDown();
      executor.shutdown();
    }
  }

  @Test
  void fetch_bodyShorterThanContentLength_saysTheConnectionClosedMidBody() throws Exception {
    byte[] response =
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                + "{\"code\":")
            .getBytes(StandardCharsets.US_ASCII);
    try (RawHttpServer closing = new RawHttpServer(response)) {
      CouponFetchException e =
          failure(fetcher, CouponSourceConfig.builder(closing.baseUrl() + "/codes").build());

      assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILED);
      assertThat(e.getMessage())
          .contains("closed before the whole response arrived (8 of 100 bytes)");
      assertThat(e.status()).hasValue(200);
      assertThat(e.exchange().orElseThrow().response().status()).isEqualTo(200);
    }
  }

  /** Reads a request's head, up to the blank line. */
  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int c = in.read();
      if (c == -1) {
        return;
      }
      matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
    }
  }

  @Test
  void fetch_poolExhausted_isTimeoutAfterConnectMs() throws Exception {
    HttpClientCouponFetcher oneConnection =
        builder()
            .maxConnectionsPerRoute(1)
            // More than the pool: the connection pool, not the origin's bulkhead, makes it wait.
            .maxConcurrentPerOrigin(5)
            .build();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      silent.setSoTimeout(10_000);
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/codes";
      Future<?> holder =
          executor.submit(
              () ->
                  catchThrowableOfType(
                      CouponFetchException.class,
                      () ->
                          mode.fetch(
                              oneConnection,
                              CouponSourceConfig.builder(url)
                                  .timeouts(Timeouts.ofMillis(1_000, 10_000))
                                  .build(),
                              Map.of())));
      try (Socket accepted = silent.accept()) { // the only pooled connection is now taken
        assertThat(accepted.isConnected()).isTrue();
        CouponFetchException e =
            failure(
                oneConnection,
                CouponSourceConfig.builder(url).timeouts(Timeouts.ofMillis(200, 1_000)).build());

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        if (mode == FetchMode.ASYNC) {
          // HttpCore's async pool notices an expired lease only when a connection is released or
          // requested: the wait ends at the request's limit (connectMs + responseMs) instead.
          assertThat(e.getMessage()).contains("took longer than 1200 ms");
        } else {
          assertThat(e.getMessage()).contains("No free connection", "200 ms");
        }
      }
      holder.get(10, TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
      oneConnection.close();
    }
  }

  @Test
  void fetch_closedPort_isConnectFailedNamingHostAndPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    CouponSourceConfig config =
        CouponSourceConfig.builder("http://127.0.0.1:" + port + "/codes").build();

    CouponFetchException e = failure(fetcher, config);

    assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("127.0.0.1:" + port);
  }

  @Test
  void fetch_bulk_returnsEveryCode() {
    server.stubFor(get(anyUrl()).willReturn(okJson("{\"codes\":[\"A-1\",\"B-2\",\"C-3\"]}")));

    CouponBatch batch =
        mode.fetch(
            fetcher,
            config("/bulk")
                .couponType(CouponType.BULK)
                .mapping(MappingConfig.code("codes"))
                .build(),
            Map.of());

    assertThat(batch.coupons()).extracting(c -> c.code()).containsExactly("A-1", "B-2", "C-3");
  }

  @Test
  void fetch_iso88591Body_isDecodedWithItsCharset() {
    server.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json; charset=ISO-8859-1")
                    .withBody("{\"code\":\"CAFÉ-1\"}".getBytes(StandardCharsets.ISO_8859_1))));

    assertThat(mode.fetch(fetcher, config("/latin1").build(), Map.of()).first().code())
        .isEqualTo("CAFÉ-1");
  }

  @Test
  void fetch_mapperFails_carriesStatusAndExchange() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withBody("<html>not json</html>")));

    CouponFetchException e = failure(fetcher, config("/html").build());

    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(e.status()).hasValue(200);
    assertThat(e.exchange().orElseThrow().response().body()).isEqualTo("<html>not json</html>");
  }

  @Test
  void fetch_sameOriginRedirect_isFollowed() {
    server.stubFor(
        get(urlPathEqualTo("/old"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/new")));
    server.stubFor(get(urlPathEqualTo("/new")).willReturn(okJson("{\"code\":\"MOVED\"}")));

    CouponSourceConfig config = config("/old").auth(AuthConfig.basic("u", "redirect-pw")).build();

    assertThat(mode.fetch(fetcher, config, Map.of()).first().code()).isEqualTo("MOVED");
    assertThat(
            server
                .findAll(getRequestedFor(urlPathEqualTo("/new")))
                .get(0)
                .getHeader("Authorization"))
        .startsWith("Basic ");
  }

  static Stream<AuthConfig> credentials() {
    return Stream.of(
        AuthConfig.basic("u", "redirect-pw"),
        AuthConfig.headers(Map.of("X-Api-Key", "redirect-key")),
        AuthConfig.queryString(Map.of("key", "redirect-qs")));
  }

  @ParameterizedTest
  @MethodSource("credentials")
  void fetch_redirectToAnotherOriginWithCredentials_isNotFollowed(AuthConfig auth) {
    WireMockServer other = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    other.start();
    try {
      other.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"STOLEN\"}")));
      server.stubFor(
          get(anyUrl())
              .willReturn(
                  aResponse().withStatus(302).withHeader("Location", other.baseUrl() + "/x?k=1")));

      CouponFetchException e = failure(fetcher, config("/codes").auth(auth).build());

      assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
      assertThat(e.status()).hasValue(302);
      assertThat(e.getMessage()).contains("redirect to " + other.baseUrl() + " not followed");
      assertThat(other.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    } finally {
      other.stop();
    }
  }

  @Test
  void fetch_basicRefused_isOneRequestWithoutHttpClientRetrying() {
    server.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"x\"")));

    CouponFetchException e =
        failure(fetcher, config("/codes").auth(AuthConfig.basic("u", "basic-pw")).build());

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void fetch_digestConfigFacingBasicChallenge_neverSendsThePasswordAsBasic() {
    server.stubFor(
        get(anyUrl())
            .willReturn(
                aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"x\"")));

    CouponFetchException e =
        failure(fetcher, config("/codes").auth(AuthConfig.digest("u", "digest-pw")).build());

    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(server.findAll(anyRequestedFor(anyUrl())))
        .singleElement()
        .satisfies(r -> assertThat(r.containsHeader("Authorization")).isFalse());
  }

  @Test
  void fetch_longRedirectChain_stopsAfterFive() {
    for (int i = 1; i <= 8; i++) {
      server.stubFor(
          get(urlPathEqualTo("/r" + i))
              .willReturn(aResponse().withStatus(302).withHeader("Location", "/r" + (i + 1))));
    }

    CouponFetchException e = failure(fetcher, config("/r1").build());

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage()).contains("more than 5");
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).hasSize(6);
  }

  @Test
  void fetch_circularRedirect_isHttpError() {
    server.stubFor(
        get(urlPathEqualTo("/loop"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));

    CouponFetchException e = failure(fetcher, config("/loop").build());

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage()).contains("in a circle");
  }
}
