package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Test Configuration against a real HTTP server: one case per failure reason it can meet. */
class ConfigurationTesterTest {
  private static final String PASSWORD = "pw-Zq9!secret-7731";

  private static WireMockServer server;
  private static HttpClientCouponFetcher fetcher;
  private static ConfigurationTester tester;

  @BeforeAll
  static void start() {
    server =
        new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
    server.start();
    fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxResponseBytes(4096).build();
    tester = new ConfigurationTester(fetcher);
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    server.stop();
  }

  private static CouponSourceConfig.Builder config(String path, String codePath) {
    // baseUrl() is the https URL once an https port is enabled; these cases are about plain HTTP.
    return CouponSourceConfig.builder("http://127.0.0.1:" + server.port() + path)
        .name("tester-" + path.substring(1))
        .auth(AuthConfig.basic("merchant", PASSWORD))
        .mapping(codePath == null ? MappingConfig.BODY : MappingConfig.code(codePath));
  }

  @Test
  void test_workingEndpoint_saysConfigurationWorksThenShowsResponse() {
    server.stubFor(
        get(urlPathEqualTo("/ok")).willReturn(okJson("[{\"data\":{\"coupon\":\"SPRING-7K2Q\"}}]")));

    TestReport report = tester.test(config("/ok", "result.0.data.coupon").build(), Map.of());

    assertThat(report.works()).isTrue();
    assertThat(report.headline()).isEqualTo("Configuration Works!");
    assertThat(report.toText()).startsWith("Configuration Works!\n");
    assertThat(report.toText()).contains("SPRING-7K2Q", "HTTP 200", "Authorization: ****");
    assertThat(report.coupons()).extracting(c -> c.code()).containsExactly("SPRING-7K2Q");
    assertThat(report.response()).hasValueSatisfying(r -> assertThat(r.body()).contains("coupon"));
    assertThat(report.toText() + report.toJson()).doesNotContain(PASSWORD);
  }

  @Test
  void test_pastOrImplausibleExpiries_workWithWarnings() {
    server.stubFor(
        get(urlPathEqualTo("/expiries"))
            .willReturn(
                okJson(
                    "{\"codes\":[{\"c\":\"OLD\",\"e\":\"2020-01-01T00:00:00Z\"},"
                        + "{\"c\":\"FAR\",\"e\":\"9999-01-01T00:00:00Z\"},"
                        + "{\"c\":\"FINE\",\"e\":\"2027-03-01T00:00:00Z\"}]}")));
    CouponSourceConfig config =
        config("/expiries", null)
            .couponType(CouponType.BULK)
            .mapping(MappingConfig.builder().code("codes.*.c").expiry("codes.*.e").build())
            .build();
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);

    TestReport report = new ConfigurationTester(fetcher, clock).test(config, Map.of());

    assertThat(report.works()).isTrue();
    assertThat(report.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).contains("'OLD'", "already expired", "mapping.expiryFormat"))
        .anySatisfy(w -> assertThat(w).contains("'FAR'", "9999-01-01T00:00:00Z"));
    assertThat(report.toText()).contains("Warning: coupon 'OLD'");
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        failing(Reason.UNAUTHORIZED, aResponse().withStatus(401).withBody("bad credentials"), null),
        failing(Reason.UNAUTHORIZED, aResponse().withStatus(403), null),
        failing(Reason.RATE_LIMITED, aResponse().withStatus(429), null),
        failing(Reason.HTTP_ERROR, aResponse().withStatus(404).withBody("no such campaign"), null),
        failing(Reason.SERVER_ERROR, aResponse().withStatus(503), null),
        failing(Reason.NOT_JSON, aResponse().withStatus(200).withBody("<html>hi</html>"), "code"),
        failing(Reason.MAPPING_NOT_FOUND, okJson("{\"data\":{\"code\":\"A\"}}"), "data.coupon"),
        failing(Reason.INVALID_CODE, okJson("{\"code\":true}"), "code"),
        failing(Reason.NO_COUPONS, okJson("{\"codes\":[]}"), "codes"),
        failing(Reason.TOO_MANY_COUPONS, okJson("{\"codes\":[\"A\",\"B\",\"C\"]}"), "codes"),
        failing(
            Reason.RESPONSE_TOO_LARGE,
            aResponse().withStatus(200).withBody("X".repeat(10_000)),
            null),
        Arguments.of(
            Reason.ENDPOINT_ERROR,
            okJson("{\"status\":0,\"msg\":\"campaign not found\"}"),
            (UnaryOperator<CouponSourceConfig.Builder>)
                b -> b.mapping(MappingConfig.builder().code("code").error("msg").build())),
        Arguments.of(
            Reason.EXPIRY_UNPARSEABLE,
            okJson("{\"code\":\"A\",\"exp\":\"someday\"}"),
            (UnaryOperator<CouponSourceConfig.Builder>)
                b -> b.mapping(MappingConfig.builder().code("code").expiry("exp").build())),
        Arguments.of(
            Reason.TIMEOUT,
            okJson("{\"code\":\"A\"}").withFixedDelay(2_000),
            (UnaryOperator<CouponSourceConfig.Builder>)
                b ->
                    b.mapping(MappingConfig.code("code")).timeouts(Timeouts.ofMillis(1_000, 200))));
  }

  private static Arguments failing(Reason reason, ResponseDefinitionBuilder response, String code) {
    UnaryOperator<CouponSourceConfig.Builder> customize =
        b -> b.mapping(code == null ? MappingConfig.BODY : MappingConfig.code(code));
    return Arguments.of(reason, response, customize);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void test_failingEndpoint_namesReasonAndFixWithoutSecrets(
      Reason reason,
      ResponseDefinitionBuilder response,
      UnaryOperator<CouponSourceConfig.Builder> customize) {
    String path = "/fail-" + reason.name().toLowerCase() + "-" + System.nanoTime();
    server.stubFor(get(urlPathEqualTo(path)).willReturn(response));

    TestReport report = tester.test(customize.apply(config(path, null)).build(), Map.of());

    assertFailure(report, reason);
    // A fixed delay holds back the whole response, so a timed-out call has none to show.
    if (reason == Reason.TIMEOUT) {
      assertThat(report.response()).isEmpty();
      assertThat(report.request()).isPresent();
    } else {
      assertThat(report.response()).isPresent();
    }
  }

  @Test
  void test_bodyWithTerminalEscapes_textReportShowsThemEscaped() {
    server.stubFor(
        get(urlPathEqualTo("/ansi"))
            .willReturn(
                aResponse().withStatus(500).withBody("\u001b[2J\rConfiguration Works!\u202e")));

    TestReport report = tester.test(config("/ansi", null).build(), Map.of());
    String text = report.toText();

    assertFailure(report, Reason.SERVER_ERROR);
    assertThat(text).doesNotContain("\u001b", "\r", "\u202e");
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("Configuration Failed: HTTP 500")
        .endsWith("\\u001B[2J Configuration Works!\\u202E"); // the excerpt folds whitespace
    assertThat(text).contains("\n  \\u001B[2J\\u000DConfiguration Works!\\u202E\n");
    assertThat(report.response().orElseThrow().body()).startsWith("\u001b[2J\r");
  }

  @Test
  void test_missingVariable_namesTheVariable() {
    CouponSourceConfig config = config("/ok?email={{email}}", "code").build();

    TestReport report = tester.test(config, Map.of());

    assertFailure(report, Reason.MISSING_VARIABLE);
    assertThat(report.headline()).contains("email");
  }

  @Test
  void test_closedPort_isConnectFailed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CouponSourceConfig config =
        CouponSourceConfig.builder("http://127.0.0.1:" + port + "/codes")
            .auth(AuthConfig.basic("merchant", PASSWORD))
            .build();

    assertFailure(tester.test(config, Map.of()), Reason.CONNECT_FAILED);
  }

  @Test
  void test_untrustedCertificate_isTlsFailed() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://localhost:" + server.httpsPort() + "/ok")
            .auth(AuthConfig.basic("merchant", PASSWORD))
            .build();

    assertFailure(tester.test(config, Map.of()), Reason.TLS_FAILED);
  }

  private static void assertFailure(TestReport report, Reason reason) {
    assertThat(report.works()).isFalse();
    assertThat(report.reason()).contains(reason);
    assertThat(report.headline()).startsWith("Configuration Failed: ");
    String text = report.toText();
    assertThat(text).startsWith("Configuration Failed: ");
    assertThat(text).contains(reason.name(), reason.explanation(), "How to fix: " + reason.hint());
    assertThat(report.hint()).contains(reason.hint());
    assertThat(report.toJson()).contains("\"reason\" : \"" + reason.name() + "\"");
    assertThat(text + report.toJson()).doesNotContain(PASSWORD);
  }
}
