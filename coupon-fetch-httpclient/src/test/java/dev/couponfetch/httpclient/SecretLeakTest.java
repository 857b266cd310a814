package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Distinctive secrets never show up in exception messages (causes included), exchanges, batches,
 * reports or logs, whatever happens, even when the server echoes them back.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class SecretLeakTest {
  @Parameter FetchMode mode;

  private static final String PASSWORD = "PW-LEAK-7f3a9";
  private static final String QUERY_SECRET = "QS-LEAK-5521";
  private static final String HEADER_SECRET = "HDR-LEAK-9034";
  private static final String BASIC_TOKEN =
      Base64.getEncoder().encodeToString(("merchant:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private static HttpClientCouponFetcher fetcher;

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  /** slf4j-simple writes to the current System.err (simplelogger.properties, DEBUG for us). */
  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() {
    System.setErr(originalErr);
  }

  /** What can happen, each with a body that echoes {@code echo} where a body is sent. */
  static Stream<Arguments> outcomes(String echo) {
    return Stream.of(
        Arguments.of(
            "success echoing secrets", okJson("{\"code\":\"OK-1\",\"echo\":\"" + echo + "\"}")),
        Arguments.of("401 echoing secrets", aResponse().withStatus(401).withBody(echo)),
        Arguments.of("500 echoing secrets", aResponse().withStatus(500).withBody(echo)),
        Arguments.of(
            "not json echoing secrets", aResponse().withStatus(200).withBody("<p>" + echo)),
        Arguments.of(
            "redirect echoing the query",
            aResponse()
                .withStatus(302)
                .withHeader("Location", "http://localhost:1/?k=" + QUERY_SECRET)),
        Arguments.of("circular redirect", aResponse().withStatus(302).withHeader("Location", "/s")),
        Arguments.of("timeout", okJson("{\"code\":\"LATE\"}").withFixedDelay(3_000)));
  }

  @ParameterizedTest(name = "{0} x {2}")
  @MethodSource("cases")
  void fetch_anyOutcome_neverShowsASecret(
      String outcome, ResponseDefinitionBuilder response, AuthType authType) {
    server.stubFor(get(urlPathEqualTo("/s")).willReturn(response));
    CouponSourceConfig config = config(server.baseUrl() + "/s?campaign=spring", authType);

    String shown = fetchAndShow(config);

    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("GET http://localhost:"); // captured
    assertNoSecret(shown + logs.toString(StandardCharsets.UTF_8), authType);
  }

  static Stream<Arguments> cases() {
    return authTypes()
        .flatMap(
            a ->
                outcomes("you sent " + String.join(" ", secretsOf(a)))
                    .map(o -> Arguments.of(o.get()[0], o.get()[1], a)));
  }

  /** The secrets a config of {@code type} holds, in the forms a server could echo. */
  private static List<String> secretsOf(AuthType type) {
    return switch (type) {
      case BASIC -> List.of(PASSWORD, BASIC_TOKEN);
      case QUERY_STRING -> List.of(QUERY_SECRET);
      case HEADERS -> List.of(HEADER_SECRET);
      default -> throw new AssertionError(type);
    };
  }

  @ParameterizedTest(name = "connect failure x {0}")
  @MethodSource("authTypes")
  void fetch_connectFailure_neverShowsASecret(AuthType authType) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }

    String shown = fetchAndShow(config("http://127.0.0.1:" + port + "/s", authType));

    assertThat(shown).contains("CONNECT_FAILED");
    assertNoSecret(shown + logs.toString(StandardCharsets.UTF_8), authType);
  }

  @ParameterizedTest(name = "digest, right password: {0}")
  @ValueSource(booleans = {true, false})
  void fetch_digest_showsTheAuthorizationSentMaskedAndNoSecret(boolean right, @TempDir Path dir)
      throws Exception {
    DigestServer digest = new DigestServer("SHA-256", dir);
    try {
      CouponSourceConfig config =
          CouponSourceConfig.builder(digest.baseUrl() + "/codes")
              .auth(
                  AuthConfig.digest(
                      DigestServer.USER, right ? DigestServer.PASSWORD : "wrong-" + PASSWORD))
              .mapping(MappingConfig.code("code"))
              .build();

      String shown = fetchAndShow(config) + logs.toString(StandardCharsets.UTF_8);

      assertThat(shown).contains(right ? "DIGEST-OK" : "UNAUTHORIZED");
      assertThat(shown).contains("Authorization: ****");
      assertThat(shown)
          .doesNotContain(DigestServer.PASSWORD, PASSWORD, "Digest username", "response=\"");
    } finally {
      digest.stop();
    }
  }

  static Stream<AuthType> authTypes() {
    return Stream.of(AuthType.BASIC, AuthType.QUERY_STRING, AuthType.HEADERS);
  }

  private static CouponSourceConfig config(String endpoint, AuthType type) {
    AuthConfig auth =
        switch (type) {
          case BASIC -> AuthConfig.basic("merchant", PASSWORD);
          case QUERY_STRING -> AuthConfig.queryString(Map.of("key", QUERY_SECRET));
          case HEADERS -> AuthConfig.headers(Map.of("X-Api-Key", HEADER_SECRET));
          default -> throw new AssertionError(type);
        };
    return CouponSourceConfig.builder(endpoint)
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(1_000, 300))
        .build();
  }

  /** Everything a caller could print after the fetch: batch or exception, trace, report. */
  private String fetchAndShow(CouponSourceConfig config) {
    StringBuilder shown = new StringBuilder();
    try {
      CouponBatch batch = mode.fetch(fetcher, config, Map.of());
      shown.append(batch).append('\n').append(batch.exchange()).append('\n');
    } catch (CouponFetchException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      shown.append(e.reason()).append('\n').append(trace).append('\n');
      e.exchange().ifPresent(x -> shown.append(x).append('\n'));
    }
    TestReport report = new ConfigurationTester(fetcher).test(config, Map.of());
    return shown.append(report.toText()).append(report.toJson()).toString();
  }

  private static void assertNoSecret(String text, AuthType type) {
    for (String secret : secretsOf(type)) {
      assertThat(text).doesNotContain(secret);
    }
  }
}
