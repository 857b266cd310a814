package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers that are not HTTP, or not an HTTP answer a fetch can use, as a raw loopback server sends
 * them: each is described as what it is (never "could not connect", never "HTTP 4xx").
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class BrokenAnswerTest {
  @Parameter FetchMode mode;

  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  private CouponFetchException failure(String answer) throws Exception {
    try (RawHttpServer server = new RawHttpServer(answer.getBytes(StandardCharsets.ISO_8859_1))) {
      CouponSourceConfig config =
          CouponSourceConfig.builder(server.baseUrl() + "/codes")
              .auth(AuthConfig.basic("merchant", "pw-broken-4410"))
              .mapping(MappingConfig.code("code"))
              .timeouts(Timeouts.ofMillis(2_000, 5_000))
              .build();
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class, () -> mode.fetch(fetcher, config, Map.of()));
      assertThat(e).as("fetch should fail").isNotNull();
      return e;
    }
  }

  static Stream<Arguments> notHttp() {
    StringBuilder manyHeaders = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 10_000; i++) {
      manyHeaders.append("X-H").append(i).append(": v\r\n");
    }
    manyHeaders.append("Content-Length: 2\r\n\r\nOK");
    return Stream.of(
        Arguments.of("a non-HTTP preamble", "FOO/1.0 200\r\n\r\n", "FOO/1.0 200"),
        Arguments.of("binary noise", "\u0001\u00ff\u0000noise\r\n", "Invalid protocol version"),
        Arguments.of("10,000 headers", manyHeaders.toString(), "header count"),
        Arguments.of(
            "a 1 MB header line",
            "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(1 << 20) + "\r\n\r\n",
            "line length"),
        Arguments.of(
            "a header line without a colon",
            "HTTP/1.1 200 OK\r\nnot a header\r\nContent-Length: 2\r\n\r\nOK",
            "not a header"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notHttp")
  void fetch_answerThatIsNotHttp_isABrokenAnswerNotAConnectFailure(
      String what, String answer, String quoted) throws Exception {
    CouponFetchException e = failure(answer);

    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("is not valid HTTP", quoted);
    assertThat(e.explanation()).isEqualTo("The endpoint's answer is not valid HTTP.");
    assertThat(e.hint()).contains("scheme and port").doesNotContain("host name");
    assertThat(TestReport.failure(e).toText())
        .contains("Reason: SERVER_ERROR - The endpoint's answer is not valid HTTP.");
  }

  @Test
  void fetch_status999_isANonStandardStatusTreatedAsAServerError() throws Exception {
    CouponFetchException e =
        failure("HTTP/1.1 999 Request denied\r\nContent-Length: 6\r\n\r\ndenied");

    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(e.status()).hasValue(999);
    assertThat(e.getMessage()).contains("HTTP 999 from", "not a standard HTTP status", "denied");
    assertThat(e.explanation()).contains("HTTP 999", "not a standard status").doesNotContain("4xx");
    assertThat(e.hint()).contains("proxy");
    assertThat(TestReport.failure(e).toText()).doesNotContain("4xx", "5xx");
  }

  @Test
  void fetch_status101_isAnInformationalStatusNotAnAnswer() throws Exception {
    CouponFetchException e =
        failure(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");

    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(e.retryable()).isFalse();
    assertThat(e.status()).hasValue(101);
    assertThat(e.getMessage()).contains("HTTP 101 from", "switch to another protocol");
    assertThat(e.explanation()).contains("informational status (HTTP 1xx)");
    assertThat(TestReport.failure(e).toText()).doesNotContain("4xx", "host name and port");
  }

  @Test
  void fetch_status300WithoutLocation_isARedirectNotFollowed() throws Exception {
    CouponFetchException e = failure("HTTP/1.1 300 Multiple Choices\r\nContent-Length: 0\r\n\r\n");

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage()).contains("HTTP 300 from", "a redirect status that is not followed");
    assertThat(e.explanation()).contains("redirect (HTTP 3xx) that was not followed");
    assertThat(TestReport.failure(e).toText()).doesNotContain("4xx");
  }
}
