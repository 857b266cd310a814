package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.TestReport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test report's "Copy as cURL": the request as sent, secrets masked as the report shows them. */
class ReportCurlTest {
  private static final String PASSWORD = "Basic-Pa55-curl-9134";
  private static final String BASIC =
      Base64.getEncoder().encodeToString(("acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

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

  @Test
  void test_basicAuthPost_reportCurlHasTheRequestAsSent_passwordMasked() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/mint"))
            .withHeader("Authorization", equalTo("Basic " + BASIC))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\": \"C-1\"}")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/mint?campaign={{c}}")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"email\": \"{{email}}\"}")
            .header("X-Shop", "it's \"ours\"")
            .auth(AuthConfig.basic("acme", PASSWORD))
            .mapping(MappingConfig.code("code"))
            .build();

    TestReport report =
        new ConfigurationTester(fetcher)
            .test(config, Map.of("c", "spring", "email", "o'neil@example.com"));

    assertThat(report.works()).as(report.toText()).isTrue();
    String curl = report.curl().orElseThrow();
    assertThat(curl)
        .startsWith("curl -X POST '" + server.baseUrl() + "/mint?campaign=spring' ")
        .contains(" -H 'X-Shop: it'\\''s \"ours\"'")
        .contains(" -H 'Authorization: ****'")
        .contains(" -H 'Content-Type: application/json")
        .endsWith(" --data-raw '{\"email\":\"o'\\''neil@example.com\"}'")
        .doesNotContain(PASSWORD, BASIC, "--compressed", "Content-Length", "Host:");
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("curl").textValue()).isEqualTo(curl);
    assertThat(report.toText()).contains("\ncURL: " + curl + "\n");
    assertThat(report.toJson() + report.toText()).doesNotContain(PASSWORD, BASIC);
  }

  @Test
  void failureBeforeAnyRequest_hasNoCurl() throws Exception {
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/{{missing}}").build();

    TestReport report = new ConfigurationTester(fetcher).test(config, Map.of());

    assertThat(report.works()).isFalse();
    assertThat(report.curl()).isEmpty();
    assertThat(new ObjectMapper().readTree(report.toJson()).has("curl")).isFalse();
    assertThat(report.toText()).doesNotContain("cURL:");
  }
}
