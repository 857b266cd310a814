package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.SigningConfig;
import dev.couponfetch.SigningConfig.Part;
import dev.couponfetch.TestReport;
import dev.couponfetch.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code HMAC} against a verifier written from the documented scheme ({@link HmacVerifierServer}):
 * signed GET and POST requests are accepted, each fetch with a new nonce; a wrong key, a clock out
 * of step and a replayed request are refused; a redirect carries the first request's signature;
 * Test Configuration shows what was signed, never the key. Blocking and async alike.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class HmacFetchTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @RegisterExtension static final LoopbackWireMock other = new LoopbackWireMock();

  @Parameter FetchMode mode;

  private MutableClock clock;
  private HmacVerifierServer server;

  @BeforeEach
  void start() throws Exception {
    clock = new MutableClock(NOW);
    server = new HmacVerifierServer(clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpClientCouponFetcher fetcher(Clock c) {
    return HttpClientCouponFetcher.builder().allowPrivateNetworks(true).clock(c).build();
  }

  private static SigningConfig signing(String secret) {
    return SigningConfig.builder()
        .secret(secret)
        .keyId(HmacVerifierServer.KEY_ID)
        .parts(Part.METHOD, Part.PATH, Part.QUERY, Part.TIMESTAMP, Part.NONCE, Part.BODY_SHA256)
        .signatureHeader("X-Signature")
        .timestampHeader("X-Timestamp")
        .nonceHeader("X-Nonce")
        .keyIdHeader("X-Key-Id")
        .build();
  }

  private static CouponSourceConfig.Builder config(String url, String secret) {
    return CouponSourceConfig.builder(url)
        .auth(AuthConfig.builder(AuthType.HMAC).signing(signing(secret)).build())
        .mapping(MappingConfig.code("code"));
  }

  private CouponSourceConfig.Builder config(String path) {
    return config(server.baseUrl() + path, HmacVerifierServer.SECRET);
  }

  @Test
  void fetch_get_encodedPathAndQuery_accepted() {
    CouponSourceConfig c =
        config("/codes/spring%20sale?campaign=spring&visitor={{visitorId}}").build();
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      CouponBatch batch = mode.fetch(fetcher, c, Map.of("visitorId", "ada lovelace/1"));

      assertThat(batch.coupons()).extracting(Coupon::code).containsExactly("HMAC-1");
      assertThat(server.received())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.verdict()).isEqualTo("ok");
                assertThat(r.timestamp()).isEqualTo("1767225600");
                assertThat(r.nonce()).matches("[0-9a-f]{32}");
              });
    }
  }

  @Test
  void fetch_postJson_bodyHashAccepted() {
    CouponSourceConfig c =
        config("/codes")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"campaign\":\"spring\",\"email\":\"{{email}}\",\"note\":\"é ✓\"}")
            .build();
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      CouponBatch batch = mode.fetch(fetcher, c, Map.of("email", "ada@example.com"));

      assertThat(batch.coupons()).extracting(Coupon::code).containsExactly("HMAC-1");
    }
  }

  @Test
  void fetch_twice_newNonceAndTimestampEachTime() {
    CouponSourceConfig c = config("/codes").build(); // constant: nothing may be made once
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      mode.fetch(fetcher, c);
      clock.advance(Duration.ofSeconds(7));
      mode.fetch(fetcher, c);
    }

    assertThat(server.received())
        .extracting(HmacVerifierServer.Received::verdict)
        .containsExactly("ok", "ok");
    assertThat(server.received().get(0).nonce()).isNotEqualTo(server.received().get(1).nonce());
    assertThat(server.received())
        .extracting(HmacVerifierServer.Received::timestamp)
        .containsExactly("1767225600", "1767225607");
  }

  @Test
  void fetch_wrongSecret_unauthorizedWithoutTheSecret() {
    String wrong = "not-the-Verifier-Secret-99";
    CouponSourceConfig c = config(server.baseUrl() + "/codes", wrong).build();
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      CouponFetchException e =
          catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, c));

      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(server.received())
          .singleElement()
          .extracting(HmacVerifierServer.Received::verdict)
          .isEqualTo("wrong signature");
      assertThat(e.toString()).doesNotContain(wrong);
      assertThat(e.exchange().orElseThrow().toString()).doesNotContain(wrong);
      assertThat(e.tokenNote().orElseThrow())
          .startsWith("request signed with")
          .doesNotContain(wrong);
    }
  }

  @Test
  void fetch_clockOutOfStep_refusedAsStale() {
    Clock behind = Clock.fixed(NOW.minus(Duration.ofMinutes(6)), java.time.ZoneOffset.UTC);
    try (HttpClientCouponFetcher fetcher = fetcher(behind)) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class, () -> mode.fetch(fetcher, config("/codes").build()));

      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(server.received())
          .singleElement()
          .extracting(HmacVerifierServer.Received::verdict)
          .isEqualTo("stale timestamp");
    }
  }

  @Test
  void verifier_replayOfASignedRequest_refused() throws Exception {
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      mode.fetch(fetcher, config("/codes").build());
    }
    HmacVerifierServer.Received first = server.received().get(0);

    // An eavesdropper sends the very same request again, within the time window.
    HttpResponse<String> replay =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/codes"))
                    .header("X-Signature", first.signature())
                    .header("X-Timestamp", first.timestamp())
                    .header("X-Nonce", first.nonce())
                    .header("X-Key-Id", HmacVerifierServer.KEY_ID)
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed nonce");
  }

  @Test
  void fetch_retryAfter503_signedAnewAndAccepted() {
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      CouponBatch batch = mode.fetch(fetcher, config("/busy").build());

      // A retry is a new request: a new nonce and signature, so the replay check lets it through.
      assertThat(batch.coupons()).hasSize(1);
      assertThat(server.received()).hasSize(2);
      HmacVerifierServer.Received first = server.received().get(0);
      HmacVerifierServer.Received retry = server.received().get(1);
      assertThat(first.verdict()).isEqualTo("ok");
      assertThat(retry.verdict()).isEqualTo("ok");
      assertThat(retry.nonce()).isNotEqualTo(first.nonce());
    }
  }

  @Test
  void fetch_sameOriginRedirect_carriesTheFirstSignatureAndIsRefused() {
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class, () -> mode.fetch(fetcher, config("/moved").build()));

      // Not signed again: the request to /codes carries the signature made for /moved.
      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(server.received()).hasSize(2);
      HmacVerifierServer.Received moved = server.received().get(0);
      HmacVerifierServer.Received codes = server.received().get(1);
      assertThat(moved.verdict()).isEqualTo("ok");
      assertThat(codes.path()).isEqualTo("/codes");
      assertThat(codes.nonce()).isEqualTo(moved.nonce());
      assertThat(codes.signature()).isEqualTo(moved.signature());
      assertThat(codes.verdict()).isEqualTo("wrong signature");
    }
  }

  @Test
  void fetch_redirectToAnotherOrigin_notFollowed() {
    other.stubFor(
        get(urlPathEqualTo("/away"))
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", server.baseUrl() + "/codes")));
    CouponSourceConfig c = config(other.baseUrl() + "/away", HmacVerifierServer.SECRET).build();
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      CouponFetchException e =
          catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, c));

      assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
      assertThat(e.status()).hasValue(302);
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void testConfiguration_showsWhatWasSigned_neverTheSecret() throws Exception {
    CouponSourceConfig c = config("/codes?campaign=spring").build();
    TestReport report;
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      report = new ConfigurationTester(fetcher).test(c, Map.of());
    }
    String nonce = server.received().get(0).nonce();
    String note =
        "request signed with HMAC_SHA256 (HEX) over \"GET\\n/codes\\ncampaign=spring\\n1767225600\\n"
            + nonce
            + "\\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"; signature in"
            + " X-Signature, timestamp in X-Timestamp, nonce in X-Nonce, key id in X-Key-Id";

    assertThat(report.works()).isTrue();
    assertThat(report.tokenNote()).hasValue(note);
    assertThat(report.toText())
        .contains("Authentication: " + note)
        .contains("X-Signature: ****")
        .contains("X-Nonce: " + nonce)
        .doesNotContain(HmacVerifierServer.SECRET)
        .doesNotContain(server.received().get(0).signature());
    assertThat(new ObjectMapper().readTree(report.toJson()).get("tokenNote").asText())
        .isEqualTo(note);
    assertThat(report.toJson())
        .doesNotContain(HmacVerifierServer.SECRET)
        .doesNotContain(server.received().get(0).signature());
  }

  @Test
  void testConfiguration_refused_showsTheSigningAndAReason() {
    String wrong = "not-the-Verifier-Secret-99";
    TestReport report;
    try (HttpClientCouponFetcher fetcher = fetcher(clock)) {
      report =
          new ConfigurationTester(fetcher)
              .test(config(server.baseUrl() + "/codes", wrong).build(), Map.of());
    }

    assertThat(report.works()).isFalse();
    assertThat(report.reason()).hasValue(Reason.UNAUTHORIZED);
    assertThat(report.tokenNote()).hasValueSatisfying(n -> assertThat(n).contains("GET\\n/codes"));
    assertThat(report.toText()).doesNotContain(wrong);
    assertThat(report.toJson()).doesNotContain(wrong);
  }
}
