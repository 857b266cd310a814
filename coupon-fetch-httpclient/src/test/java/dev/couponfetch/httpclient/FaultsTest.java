package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Broken and slow servers: each failure is the right {@link Reason} within the configured time (an
 * upper bound of about three times it, for a busy machine), and the same fetcher works for the next
 * call. The fetcher has a pool of one connection, so a connection leaked by a failure would make
 * that next call time out waiting for it.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class FaultsTest {
  @Parameter FetchMode mode;

  /** Loose enough for a loaded 2-core machine, tight enough to catch a missing limit. */
  private static final double SLACK = 3;

  private WireMockServer server;
  private HttpClientCouponFetcher fetcher;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @BeforeEach
  void start() {
    // gzip off: WireMock's gzip would hold back a dribbled body until the end.
    server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
    server.start();
    server.stubFor(get(urlPathEqualTo("/ok")).willReturn(okJson("{\"code\":\"NEXT-1\"}")));
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxConnectionsTotal(1)
            .maxConnectionsPerRoute(1)
            .build();
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    fetcher.close();
    server.stop();
  }

  private CouponSourceConfig config(String path, Timeouts timeouts) {
    return CouponSourceConfig.builder(server.baseUrl() + path)
        .mapping(MappingConfig.code("code"))
        .timeouts(timeouts)
        .build();
  }

  /** The failure of fetching {@code config}, checking it came within {@code limit} × slack. */
  private CouponFetchException failsWithin(
      HttpClientCouponFetcher f, CouponSourceConfig config, Duration limit) {
    long start = System.nanoTime();
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(f, config, Map.of()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(e).as("fetch should fail").isNotNull();
    assertThat(took).isLessThan(Duration.ofMillis((long) (limit.toMillis() * SLACK)));
    return e;
  }

  private void nextCallWorks() {
    CouponSourceConfig ok = config("/ok", Timeouts.ofMillis(1_000, 2_000));
    assertThat(mode.fetch(fetcher, ok, Map.of()).first().code()).isEqualTo("NEXT-1");
  }

  /**
   * A reset, or a close with no answer, is the network: {@code CONNECT_FAILED}, retryable. Bytes
   * that are not HTTP, or a broken chunk, are the server's HTTP being wrong: {@code SERVER_ERROR},
   * not retryable. None is sent again by the fetcher: the request had reached the server.
   */
  @ParameterizedTest
  @EnumSource(Fault.class)
  void fetch_wireMockFault_mapsToReasonQuicklyAndTheNextCallWorks(Fault fault) {
    server.stubFor(get(urlPathEqualTo("/fault")).willReturn(aResponse().withFault(fault)));
    boolean brokenHttp =
        fault == Fault.MALFORMED_RESPONSE_CHUNK || fault == Fault.RANDOM_DATA_THEN_CLOSE;

    CouponFetchException e =
        failsWithin(
            fetcher, config("/fault", Timeouts.ofMillis(1_000, 1_000)), Duration.ofSeconds(1));

    assertThat(e.reason()).isEqualTo(brokenHttp ? Reason.SERVER_ERROR : Reason.CONNECT_FAILED);
    assertThat(e.retryable()).isEqualTo(!brokenHttp);
    if (brokenHttp) {
      assertThat(e.getMessage()).contains("is not valid HTTP");
      assertThat(e.explanation()).isEqualTo("The endpoint's answer is not valid HTTP.");
    } else {
      assertThat(e.explanation()).contains("closed after the request was sent");
    }
    assertThat(e.getMessage()).contains(server.port() + "");
    assertThat(server.findAll(anyRequestedFor(urlPathEqualTo("/fault")))).hasSize(1);
    nextCallWorks();
  }

  @Test
  void fetch_responseLaterThanResponseMs_isTimeoutWithinIt() {
    server.stubFor(
        get(urlPathEqualTo("/late"))
            .willReturn(okJson("{\"code\":\"LATE\"}").withFixedDelay(5_000)));

    CouponFetchException e =
        failsWithin(
            fetcher, config("/late", Timeouts.ofMillis(1_000, 500)), Duration.ofMillis(500));

    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(e.getMessage()).contains("no first byte after 500 ms (timeouts.responseMs)");
    nextCallWorks();
  }

  @Test
  void fetch_bodyDribblingInsideEachReadTimeout_isCutAtConnectPlusResponse() {
    // 50 chunks over 10 s: a chunk every 200 ms, well inside the 1 s read timeout.
    server.stubFor(
        get(urlPathEqualTo("/drip"))
            .willReturn(
                okJson("{\"code\":\"" + "D".repeat(200) + "\"}")
                    .withChunkedDribbleDelay(50, 10_000)));

    CouponFetchException e =
        failsWithin(
            fetcher, config("/drip", Timeouts.ofMillis(500, 1_000)), Duration.ofMillis(1_500));

    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("took longer than 1500 ms (timeouts.connectMs + timeouts.responseMs")
        .contains("(HTTP 200) was still arriving");
    assertThat(e.status()).hasValue(200);
    nextCallWorks();
  }

  @Test
  void fetch_statusLineDribbling_isAbortedAtConnectPlusResponse() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket dripping = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      dripping.setSoTimeout(10_000);
      executor.submit(
          () -> {
            try (Socket s = dripping.accept()) {
              OutputStream out = s.getOutputStream();
              for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: yes".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                if (done.await(200, TimeUnit.MILLISECONDS)) {
                  break;
                }
              }
              done.await();
            }
            return null;
          });
      CouponSourceConfig config =
          CouponSourceConfig.builder("http://127.0.0.1:" + dripping.getLocalPort() + "/codes")
              .timeouts(Timeouts.ofMillis(300, 700))
              .build();

      CouponFetchException e = failsWithin(fetcher, config, Duration.ofMillis(1_000));

      assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(e.getMessage()).contains("took longer than 1000 ms");
      assertThat(e.exchange().orElseThrow().response()).isNull();
    } finally {
      done.countDown();
    }
    nextCallWorks();
  }

  @Test
  void fetch_redirectsEachSlow_areCutAtTheFetchDeadline() {
    for (int i = 1; i <= 5; i++) {
      server.stubFor(
          get(urlPathEqualTo("/r" + i))
              .willReturn(
                  aResponse()
                      .withStatus(302)
                      .withHeader("Location", "/r" + (i + 1))
                      .withFixedDelay(400)));
    }
    server.stubFor(get(urlPathMatching("/r6")).willReturn(okJson("{\"code\":\"FAR\"}")));
    try (HttpClientCouponFetcher f =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .fetchDeadline(Duration.ofMillis(1_000))
            .build()) {
      CouponFetchException e =
          failsWithin(f, config("/r1", Timeouts.ofMillis(1_000, 1_000)), Duration.ofSeconds(1));

      assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(e.getMessage())
          .contains("/r1 took longer than its deadline of 1000 ms (fetchDeadline");
      assertThat(server.findAll(anyRequestedFor(urlPathEqualTo("/r6")))).isEmpty();
    }
  }

  @Test
  void fetch_connectionBacklogFull_isConnectTimeoutWithinConnectMs() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      // Nobody accepts: once the accept queue is full, Linux drops further SYNs, so connecting
      // hangs as it does to a host that does not answer, all on loopback.
      boolean filled = false;
      for (int i = 0; i < 16 && !filled; i++) {
        Socket s = new Socket();
        fillers.add(s);
        try {
          s.connect(new InetSocketAddress(full.getInetAddress(), full.getLocalPort()), 200);
        } catch (SocketTimeoutException timedOut) {
          filled = true;
        }
      }
      Assumptions.assumeTrue(filled, "this kernel does not hold back connections past backlog");
      CouponSourceConfig config =
          CouponSourceConfig.builder("http://127.0.0.1:" + full.getLocalPort() + "/codes")
              .timeouts(Timeouts.ofMillis(400, 1_000))
              .build();
      try (HttpClientCouponFetcher noRetries =
          HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxRetries(0).build()) {
        CouponFetchException e = failsWithin(noRetries, config, Duration.ofMillis(400));

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage())
            .contains("connect did not finish within 400 ms (timeouts.connectMs)");
      }
    } finally {
      for (Socket s : fillers) {
        s.close();
      }
    }
  }

  @Test
  void fetch_poolFullOverAllHosts_isTimeoutAfterConnectMs() throws Exception {
    WireMockServer other = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    other.start();
    CountDownLatch holding = new CountDownLatch(1);
    other.addMockServiceRequestListener((request, response) -> holding.countDown());
    try {
      other.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"HELD\"}").withFixedDelay(2_000)));
      Future<?> holder =
          executor.submit(
              () ->
                  mode.fetch(
                      fetcher,
                      CouponSourceConfig.builder(other.baseUrl() + "/held")
                          .mapping(MappingConfig.code("code"))
                          .build(),
                      Map.of()));
      // WireMock hears the request when it starts delaying its answer: the one connection is taken.
      assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

      // Async: HttpCore's async pool notices an expired lease only when a connection is released
      // or requested, so the wait ends at the request's limit (connectMs + responseMs) instead.
      boolean async = mode == FetchMode.ASYNC;
      CouponFetchException e =
          failsWithin(
              fetcher,
              config("/ok", Timeouts.ofMillis(300, 1_000)),
              Duration.ofMillis(async ? 1_300 : 300));

      assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(e.getMessage())
          .contains(async ? "took longer than 1300 ms" : "No free connection")
          .contains(async ? "connectMs + timeouts.responseMs" : "300 ms");
      holder.get(10, TimeUnit.SECONDS);
      nextCallWorks();
    } finally {
      other.stop();
    }
  }
}
