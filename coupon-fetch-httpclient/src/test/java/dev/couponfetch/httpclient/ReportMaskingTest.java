package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.TestReport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Credentials are masked where they were placed, whatever their length, and elsewhere only when
 * long enough to search for: a short secret must not turn up as {@code ****} in unrelated text (a
 * path, a media type), which would show what it is.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class ReportMaskingTest {
  @Parameter FetchMode mode;

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  /** The report of one fetch made this way (the tester itself always fetches blocking). */
  private TestReport report(CouponSourceConfig config) {
    try {
      return TestReport.success(mode.fetch(fetcher, config, Map.of()));
    } catch (CouponFetchException e) {
      return TestReport.failure(e);
    }
  }

  private static void answer(String body) {
    server.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  @Test
  void report_shortQuerySecret_maskedAsTheParameterOnly() {
    answer("{\"code\":\"C-1\"}");
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/coupon/codes?campaign=coupon")
            .auth(AuthConfig.queryString(Map.of("k", "coupon")))
            .mapping(MappingConfig.code("code"))
            .build();

    String text = report(config).toText();

    assertThat(text)
        .contains("GET " + server.baseUrl() + "/coupon/codes?campaign=coupon&k=****\n")
        .doesNotContain("/****");
  }

  @Test
  void report_shortHeaderSecret_maskedAsTheHeaderAndItsEchoOnly() {
    server.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Api-Key", "json")
                    .withBody("{\"code\":\"C-2\"}")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .header("Accept", "application/json")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", "json")))
            .mapping(MappingConfig.code("code"))
            .build();

    TestReport report = report(config);
    String text = report.toText();

    assertThat(report.works()).isTrue();
    assertThat(text)
        .contains("  Accept: application/json\n")
        .contains("  Content-Type: application/json\n")
        .doesNotContain("application/****");
    // Sent, and echoed back under its own name: masked by place.
    assertThat(report.request().orElseThrow().headers())
        .anySatisfy(h -> assertThat(h.toString()).isEqualTo("X-Api-Key: ****"));
    assertThat(report.response().orElseThrow().headers())
        .anySatisfy(h -> assertThat(h.toString()).isEqualTo("X-Api-Key: ****"));
  }

  @Test
  void report_shortBasicPassword_maskedInTheAuthorizationHeader() {
    String basic =
        Base64.getEncoder().encodeToString("u:pw12".getBytes(StandardCharsets.UTF_8)); // "dTpwdzEy"
    answer("{\"code\":\"C-3\",\"auth\":\"Basic " + basic + "\"}");
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .auth(AuthConfig.basic("u", "pw12"))
            .mapping(MappingConfig.code("code"))
            .build();

    TestReport report = report(config);

    assertThat(report.toText()).contains("  Authorization: ****\n").doesNotContain(basic);
    assertThat(report.toJson()).doesNotContain(basic);
  }

  @Test
  void report_longSecretEchoedInBodyHeadersAndLocation_isMaskedThere() {
    String key = "long-key-8812-secret";
    server.stubFor(
        any(urlPathEqualTo("/old"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "http://u:" + key + "@localhost:1/x?k=" + key)
                    .withHeader("X-Debug", "got " + key)
                    .withBody("you sent " + key)));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/old")
            .auth(AuthConfig.queryString(Map.of("k", key)))
            .mapping(MappingConfig.code("code"))
            .build();

    TestReport report = report(config);
    String shown = report.toText() + report.toJson() + report.message().orElse("");

    assertThat(report.works()).isFalse();
    assertThat(shown).doesNotContain(key).contains("X-Debug: got ****", "you sent ****");
    assertThat(report.response().orElseThrow().headers())
        .anySatisfy(
            h -> assertThat(h.toString()).isEqualTo("Location: http://****@localhost:1/x?k=****"));
  }

  @Test
  void report_shortQuerySecretEchoedInALocation_isMaskedByItsName() {
    server.stubFor(
        any(urlPathEqualTo("/old"))
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", "http://localhost:1/x?page=coupon&k=coupon")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/old")
            .auth(AuthConfig.queryString(Map.of("k", "coupon")))
            .mapping(MappingConfig.code("code"))
            .build();

    TestReport report = report(config);

    assertThat(report.response().orElseThrow().headers())
        .anySatisfy(
            h ->
                assertThat(h.toString())
                    .isEqualTo("Location: http://localhost:1/x?page=coupon&k=****"));
  }

  @Test
  void test_codeEqualToTheApiKey_isMaskedInTheListAndWhereTheKeyWasPlaced() {
    String key = "CODE-IS-THE-KEY-77";
    answer("{\"code\":\"" + key + "\"}");
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", key)))
            .mapping(MappingConfig.code("code"))
            .build();

    TestReport report = new ConfigurationTester(fetcher).test(config, Map.of());

    assertThat(report.works()).isTrue();
    assertThat(report.coupons())
        .singleElement()
        .satisfies(c -> assertThat(c.code()).isEqualTo("****"));
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("equals a credential"));
    assertThat(report.toText()).contains("  X-Api-Key: ****\n");
    assertThat(report.toText() + report.toJson()).doesNotContain(key);
  }
}
