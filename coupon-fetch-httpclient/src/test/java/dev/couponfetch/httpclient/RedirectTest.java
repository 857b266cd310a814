package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.TestReport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redirects as the server sees them (WireMock's journal): what method, body and headers each hop
 * carries, and which hops are refused. The decisions without a server are in {@link RedirectsTest}.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class RedirectTest {
  @Parameter FetchMode mode;

  private static final String PASSWORD = "redir-pw-4471";
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder().encodeToString(("u:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final String BODY = "{\"campaign\":\"spring\"}";

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  @RegisterExtension static final LoopbackWireMock other = new LoopbackWireMock();
  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  private static void redirect(String from, int status, String location) {
    server.stubFor(
        any(urlPathEqualTo(from))
            .willReturn(aResponse().withStatus(status).withHeader("Location", location)));
  }

  private static CouponSourceConfig.Builder config(RequestMethod method, String path) {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder(server.baseUrl() + path)
            .method(method)
            .header("X-Lit", "lit-1")
            .mapping(MappingConfig.code("code"));
    if (method != RequestMethod.GET) {
      b.payloadJson(BODY);
    }
    return b;
  }

  private static LoggedRequest only(WireMockServer s, String path) {
    List<LoggedRequest> all = s.findAll(anyRequestedFor(urlPathEqualTo(path)));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @ParameterizedTest(name = "{0} after HTTP {1}")
  @CsvSource({
    "POST_JSON, 301",
    "POST_JSON, 302",
    "POST_JSON, 303",
    "POST_FORM, 302",
    "GET, 302",
    "GET, 303"
  })
  void fetch_sameOriginRedirectToGet_keepsEveryHeaderButDropsTheBody(
      RequestMethod method, int status) {
    redirect("/old", status, "/new?x=1");
    server.stubFor(any(urlPathEqualTo("/new")).willReturn(okJson("{\"code\":\"MOVED\"}")));

    CouponBatch batch =
        mode.fetch(
            fetcher,
            config(method, "/old").auth(AuthConfig.basic("u", PASSWORD)).build(),
            Map.of());

    assertThat(batch.first().code()).isEqualTo("MOVED");
    LoggedRequest r = only(server, "/new");
    assertThat(r.getMethod().getName()).isEqualTo("GET");
    assertThat(r.getBody()).isEmpty();
    assertThat(r.containsHeader("Content-Type")).isFalse();
    assertThat(r.getHeader("X-Lit")).isEqualTo("lit-1");
    assertThat(r.getHeader("Authorization")).isEqualTo(BASIC);
    assertThat(r.getHeader("User-Agent")).startsWith("coupon-fetch/");
    // The exchange describes the last request sent.
    assertThat(batch.exchange().request().method()).isEqualTo("GET");
    assertThat(batch.exchange().request().uri()).isEqualTo(server.baseUrl() + "/new?x=1");
    assertThat(batch.exchange().request().body()).isEmpty();
    assertThat(batch.exchange().request().headers())
        .contains(new PreparedRequest.Header("Authorization", "****", true));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"307", "308"})
  void fetch_postThroughTemporaryOrPermanentRedirect_keepsMethodBodyAndHeaders(int status) {
    redirect("/old", status, "/new");
    server.stubFor(post(urlPathEqualTo("/new")).willReturn(okJson("{\"code\":\"KEPT\"}")));

    CouponBatch batch =
        mode.fetch(
            fetcher,
            config(RequestMethod.POST_JSON, "/old")
                .auth(AuthConfig.headers(Map.of("X-Api-Key", "key-8812")))
                .build(),
            Map.of());

    assertThat(batch.first().code()).isEqualTo("KEPT");
    LoggedRequest r = only(server, "/new");
    assertThat(r.getMethod().getName()).isEqualTo("POST");
    assertThat(r.getBodyAsString()).isEqualTo(BODY);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(r.getHeader("X-Api-Key")).isEqualTo("key-8812");
    assertThat(r.getHeader("X-Lit")).isEqualTo("lit-1");
    assertThat(batch.exchange().request().body()).isEqualTo(BODY);
  }

  @Test
  void fetch_queryStringAuthSameOriginRedirect_keepsTheParamsOnce() {
    redirect("/old", 302, "/new?page=2&key=echoed");
    server.stubFor(any(urlPathEqualTo("/new")).willReturn(okJson("{\"code\":\"Q\"}")));

    CouponBatch batch =
        mode.fetch(
            fetcher,
            config(RequestMethod.GET, "/old")
                .auth(AuthConfig.queryString(Map.of("key", "qs-secret-77")))
                .build(),
            Map.of());

    assertThat(batch.first().code()).isEqualTo("Q");
    assertThat(only(server, "/new").getUrl()).isEqualTo("/new?page=2&key=qs-secret-77");
    assertThat(batch.exchange().request().uri())
        .isEqualTo(server.baseUrl() + "/new?page=2&key=****");
  }

  @Test
  void fetch_anotherOriginWithoutCredentials_isFollowedWithTheHeaders() {
    redirect("/old", 302, other.baseUrl() + "/elsewhere");
    other.stubFor(any(anyUrl()).willReturn(okJson("{\"code\":\"THERE\"}")));

    CouponBatch batch =
        mode.fetch(fetcher, config(RequestMethod.POST_FORM, "/old").build(), Map.of());

    assertThat(batch.first().code()).isEqualTo("THERE");
    LoggedRequest r = only(other, "/elsewhere");
    assertThat(r.getMethod().getName()).isEqualTo("GET");
    assertThat(r.getHeader("X-Lit")).isEqualTo("lit-1");
    assertThat(batch.exchange().request().uri()).isEqualTo(other.baseUrl() + "/elsewhere");
  }

  @Test
  void fetch_queryStringAuthRedirectToAnotherOrigin_isNotFollowed() {
    redirect("/old", 307, other.baseUrl() + "/steal");
    other.stubFor(any(anyUrl()).willReturn(okJson("{\"code\":\"STOLEN\"}")));

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                mode.fetch(
                    fetcher,
                    config(RequestMethod.GET, "/old")
                        .auth(AuthConfig.queryString(Map.of("key", "qs-secret-78")))
                        .build(),
                    Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.status()).hasValue(307);
    assertThat(e.getMessage()).contains("redirect to " + other.baseUrl() + " not followed");
    assertThat(other.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void fetch_protocolRelativeRedirectToAnotherOrigin_namesItWithTheRequestsScheme() {
    // "localhost" is another origin than "127.0.0.1", on loopback all the same.
    redirect("/old", 302, "//localhost:" + other.port() + "/x");

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                mode.fetch(
                    fetcher,
                    config(RequestMethod.GET, "/old").auth(AuthConfig.basic("u", PASSWORD)).build(),
                    Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage())
        .contains("redirect to http://localhost:" + other.port() + " not followed")
        .doesNotContain("null");
    assertThat(e.explanation()).contains("redirect (HTTP 3xx) that was not followed");
    assertThat(other.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void fetch_redirectWithUserinfo_neverShowsIt() {
    redirect("/old", 302, "http://admin:hunter2@localhost:" + other.port() + "/x");

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                mode.fetch(
                    fetcher,
                    config(RequestMethod.GET, "/old").auth(AuthConfig.basic("u", PASSWORD)).build(),
                    Map.of()));
    TestReport report = TestReport.failure(e);

    assertThat(e.getMessage()).contains("redirect to http://localhost:" + other.port() + " not");
    assertThat(e.getMessage() + report.toText() + report.toJson())
        .doesNotContain("hunter2")
        .doesNotContain("admin:");
    assertThat(report.toText()).contains("Location: http://****@localhost:" + other.port() + "/x");
  }

  @ParameterizedTest(name = "Location port {0}")
  @CsvSource({"99999", "65536", "0"})
  void fetch_redirectToAPortOutOfRange_isAClearFailureNotAnExceptionOrATimeout(String port) {
    redirect("/old", 302, "http://127.0.0.1:" + port + "/x");

    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> mode.fetch(fetcher, config(RequestMethod.GET, "/old").build(), Map.of()));

    assertThat(e)
        .as("a CouponFetchException, not HttpClient's IllegalArgumentException")
        .isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.getMessage()).contains("port " + port + " is out of range");
  }

  @Test
  void fetch_sameOriginRedirectWithUserinfo_isFollowedWithoutIt() {
    redirect("/old", 302, server.baseUrl().replace("://", "://admin:hunter2@") + "/new");
    server.stubFor(any(urlPathEqualTo("/new")).willReturn(okJson("{\"code\":\"NO-USERINFO\"}")));

    CouponBatch batch = mode.fetch(fetcher, config(RequestMethod.GET, "/old").build(), Map.of());

    assertThat(batch.first().code()).isEqualTo("NO-USERINFO");
    assertThat(only(server, "/new").containsHeader("Authorization")).isFalse();
    assertThat(batch.exchange().request().uri()).isEqualTo(server.baseUrl() + "/new");
  }

  @Test
  void fetch_redirectWithALargeBody_isFollowedWithoutReadingItAll() {
    server.stubFor(
        any(urlPathEqualTo("/old"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "/new")
                    .withBody("x".repeat(2 * 1024 * 1024))));
    server.stubFor(any(urlPathEqualTo("/new")).willReturn(okJson("{\"code\":\"BIG\"}")));

    for (int i = 0; i < 3; i++) { // the dropped connections leave the pool usable
      assertThat(
              mode.fetch(fetcher, config(RequestMethod.GET, "/old").build(), Map.of())
                  .first()
                  .code())
          .isEqualTo("BIG");
    }
  }

  @Test
  void fetch_redirectChainThroughAnotherOriginAndBack_neverCarriesCredentialsThere() {
    // Without credentials the chain may cross origins; config headers travel, nothing else.
    redirect("/a", 302, other.baseUrl() + "/b");
    other.stubFor(
        any(urlPathEqualTo("/b"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", server.url("/c"))));
    server.stubFor(any(urlPathEqualTo("/c")).willReturn(okJson("{\"code\":\"BACK\"}")));

    CouponBatch batch = mode.fetch(fetcher, config(RequestMethod.GET, "/a").build(), Map.of());

    assertThat(batch.first().code()).isEqualTo("BACK");
    assertThat(only(other, "/b").getHeader("X-Lit")).isEqualTo("lit-1");
    assertThat(only(server, "/c").getHeader("X-Lit")).isEqualTo("lit-1");
  }
}
