package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the time went: each request's phases on real servers, both ways of fetching. The blocking
 * client sees its connections open (DNS, connect, TLS, reuse); the async one only the head and
 * body.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class TimingsTest {
  @Parameter FetchMode mode;

  @TempDir Path dir;

  private WireMockServer server;
  private HttpClientCouponFetcher fetcher;
  private final List<FetchEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    // gzip off: WireMock's gzip would hold back a dribbled body until the end.
    server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
    server.start();
    server.stubFor(get(urlPathEqualTo("/ok")).willReturn(okJson("{\"code\":\"OK-1\"}")));
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxRetries(0)
            .listener(events::add)
            .build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private CouponSourceConfig config(String url) {
    return CouponSourceConfig.builder(url)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2_000, 5_000))
        .build();
  }

  private boolean blocking() {
    return mode == FetchMode.BLOCKING;
  }

  @Test
  void fetch_delayedFirstByte_firstByteAtLeastTheDelay() {
    server.stubFor(
        get(urlPathEqualTo("/late")).willReturn(okJson("{\"code\":\"L\"}").withFixedDelay(300)));

    CouponBatch batch = mode.fetch(fetcher, config(server.baseUrl() + "/late"));

    Timings.Request r = batch.timings().requests().get(0);
    assertThat(batch.timings().requests()).hasSize(1);
    assertThat(r.step()).isEqualTo(Timings.Step.REQUEST);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.uri()).isEqualTo(server.baseUrl() + "/late");
    assertThat(r.firstByte()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(r.body()).isNotNull().isLessThan(Duration.ofMillis(300));
    assertThat(batch.timings().mapping()).isNotNull();
  }

  @Test
  void fetch_dribbledBody_bodyTimeShowsIt() {
    server.stubFor(
        get(urlPathEqualTo("/drip"))
            .willReturn(
                okJson("{\"code\":\"" + "D".repeat(100) + "\"}").withChunkedDribbleDelay(5, 400)));

    CouponBatch batch = mode.fetch(fetcher, config(server.baseUrl() + "/drip"));

    Timings.Request r = batch.timings().requests().get(0);
    assertThat(r.body()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void fetch_freshThenPooledConnection_connectThenReused() {
    CouponBatch first = mode.fetch(fetcher, config(server.baseUrl() + "/ok"));
    CouponBatch second = mode.fetch(fetcher, config(server.baseUrl() + "/ok"));

    Timings.Request fresh = first.timings().requests().get(0);
    Timings.Request pooled = second.timings().requests().get(0);
    if (blocking()) {
      assertThat(fresh.reused()).isFalse();
      assertThat(fresh.connect()).isNotNull().isPositive();
      assertThat(pooled.reused()).isTrue();
    } else {
      // The async client opens connections on its I/O threads, where they are not timed.
      assertThat(fresh.reused()).isNull();
      assertThat(fresh.connect()).isNull();
      assertThat(pooled.reused()).isNull();
    }
    assertThat(pooled.dns()).isNull();
    assertThat(pooled.connect()).isNull();
    assertThat(pooled.tls()).isNull();
    assertThat(pooled.firstByte()).isNotNull();
  }

  @Test
  void fetch_localhost_dnsTimedOnAFreshConnection() {
    CouponBatch batch = mode.fetch(fetcher, config("http://localhost:" + server.port() + "/ok"));

    Timings.Request r = batch.timings().requests().get(0);
    if (blocking()) {
      assertThat(r.dns()).isNotNull();
    } else {
      assertThat(r.dns()).isNull();
    }
  }

  @Test
  void fetch_redirect_eachHopTimed() {
    server.stubFor(
        get(urlPathEqualTo("/moved"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/ok")));

    CouponBatch batch = mode.fetch(fetcher, config(server.baseUrl() + "/moved"));

    assertThat(batch.timings().requests())
        .extracting(Timings.Request::step, Timings.Request::uri)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Timings.Step.REDIRECT, server.baseUrl() + "/moved"),
            org.assertj.core.groups.Tuple.tuple(Timings.Step.REQUEST, server.baseUrl() + "/ok"));
  }

  @Test
  void fetch_digest_challengeAndAnswerEachTimed() throws Exception {
    DigestServer digest = new DigestServer("SHA-256", dir);
    try {
      CouponSourceConfig c =
          CouponSourceConfig.builder(digest.baseUrl() + "/codes?campaign=spring")
              .auth(AuthConfig.digest(DigestServer.USER, DigestServer.PASSWORD))
              .mapping(MappingConfig.code("code"))
              .build();

      CouponBatch batch = mode.fetch(fetcher, c);

      // The 401 that carried the challenge, then the answered request: two rounds, each timed.
      assertThat(batch.timings().requests())
          .extracting(Timings.Request::step)
          .containsExactly(Timings.Step.CHALLENGE, Timings.Step.REQUEST);
      assertThat(batch.timings().requests()).allSatisfy(r -> assertThat(r.firstByte()).isNotNull());
    } finally {
      digest.stop();
    }
  }

  @Test
  void fetch_https_tlsTimed() {
    TestPki ca = TestPki.ca("coupon-fetch timings CA");
    String password = new String(TestPki.PASSWORD);
    WireMockServer https =
        new WireMockServer(
            options()
                .keystorePath(
                    ca.serverKeyStore(dir, new String[] {"127.0.0.1"}, "localhost").toString())
                .keystoreType("PKCS12")
                .keystorePassword(password)
                .keyManagerPassword(password)
                .httpDisabled(true)
                .dynamicHttpsPort()
                .bindAddress("127.0.0.1"));
    https.start();
    try {
      https.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"TLS-1\"}")));
      CouponSourceConfig c =
          CouponSourceConfig.builder("https://127.0.0.1:" + https.httpsPort() + "/coupons")
              .mapping(MappingConfig.code("code"))
              .timeouts(Timeouts.ofMillis(2_000, 2_000))
              .trustedCertificates(ca.pem())
              .build();

      Timings.Request r = mode.fetch(fetcher, c).timings().requests().get(0);

      // A config with its own trusted CAs goes through its own blocking client in both modes.
      assertThat(r.tls()).isNotNull().isPositive();
      assertThat(r.connect()).isNotNull();
      assertThat(r.reused()).isFalse();
      assertThat(r.firstByte()).isNotNull();
    } finally {
      https.stop();
    }
  }

  @Test
  void fetch_noFirstByteInTime_failureNamesTheStepAndCarriesTimings() {
    server.stubFor(
        get(urlPathEqualTo("/late")).willReturn(okJson("{\"code\":\"L\"}").withFixedDelay(3_000)));
    CouponSourceConfig c =
        CouponSourceConfig.builder(server.baseUrl() + "/late")
            .mapping(MappingConfig.code("code"))
            .timeouts(Timeouts.ofMillis(1_000, 400))
            .build();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, c));

    assertThat(e.getMessage()).contains("no first byte after 400 ms (timeouts.responseMs)");
    assertThat(e.timings().requests()).hasSize(1);
    assertThat(e.timings().requests().get(0).firstByte()).isNull();
  }

  @Test
  void listener_eventCarriesTimingsWithoutUrls() {
    mode.fetch(fetcher, config(server.baseUrl() + "/ok"));

    assertThat(events).hasSize(1);
    Timings t = events.get(0).timings();
    assertThat(t.requests()).hasSize(1);
    assertThat(t.requests().get(0).uri()).isNull();
    assertThat(t.requests().get(0).firstByte()).isNotNull();
    assertThat(t.mapping()).isNotNull();
  }

  @Test
  void report_showsTimingsInTextAndJson() {
    TestReport report =
        new ConfigurationTester(fetcher).test(config(server.baseUrl() + "/ok"), Map.of());

    assertThat(report.toText())
        .contains("\nTimings:\n  request GET " + server.baseUrl() + "/ok: ")
        .contains("first byte ")
        .containsPattern("\n  mapping \\d+\\.\\d ms\n");
    assertThat(report.toJson())
        .contains("\"timings\" : {")
        .contains("\"step\" : \"request\"")
        .containsPattern("\"firstByteMs\" : \\d+\\.\\d")
        .contains("\"mappingMs\"");
  }
}
