package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
  private static final String PASSWORD = "hunter2-very-secret";

  @TempDir Path dir;
  private WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(
        get(urlPathEqualTo("/coupon"))
            .willReturn(okJson("[{\"data\":{\"coupon\":\"SPRING-7K2Q\"}}]")));
    wm.stubFor(
        get(urlPathEqualTo("/locked"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"who are you?\"}")));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  @Test
  void test_workingConfig_printsWorksAndTheResponse() throws IOException {
    Path config = config("/coupon", "{\"type\":\"NONE\"}");

    CliRun run = CliRun.of("test", "--config", config.toString(), "--allow-private-network");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines().get(0)).isEqualTo("Configuration Works!");
    assertThat(run.out())
        .contains("SPRING-7K2Q")
        .contains("{\"data\":{\"coupon\":\"SPRING-7K2Q\"}}");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void test_unauthorized_exit1WithHintAndNoPassword() throws IOException {
    Path config =
        config(
            "/locked",
            "{\"type\":\"BASIC\",\"username\":\"acme\",\"password\":\"" + PASSWORD + "\"}");

    CliRun run = CliRun.of("test", "--config", config.toString(), "--allow-private-network");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.outLines().get(0)).startsWith("Configuration Failed:");
    assertThat(run.out()).contains(dev.couponfetch.Reason.UNAUTHORIZED.hint());
    String basic =
        Base64.getEncoder().encodeToString(("acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(run.all()).doesNotContain(PASSWORD).doesNotContain(basic);
  }

  @Test
  void test_json_printsValidJsonReport() throws IOException {
    Path config = config("/coupon", "{\"type\":\"NONE\"}");

    CliRun run =
        CliRun.of("test", "--config", config.toString(), "--allow-private-network", "--json");

    assertThat(run.exitCode()).as(run.all()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("works").asBoolean()).isTrue();
    assertThat(report.path("coupons").get(0).path("code").asText()).isEqualTo("SPRING-7K2Q");
  }

  @Test
  void test_json_basicAuth_hasTheMaskedCurlCommand() throws IOException {
    Path config =
        config(
            "/locked",
            "{\"type\":\"BASIC\",\"username\":\"acme\",\"password\":\"" + PASSWORD + "\"}");

    CliRun run =
        CliRun.of("test", "--config", config.toString(), "--allow-private-network", "--json");

    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("curl").asText())
        .startsWith("curl '" + wm.baseUrl() + "/locked'")
        .contains(" -H 'Authorization: ****'");
    String basic =
        Base64.getEncoder().encodeToString(("acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(run.all()).doesNotContain(PASSWORD).doesNotContain(basic);
  }

  @Test
  void test_missingVariable_exit2WithHint() throws IOException {
    Path config = config("/coupon?email={{email}}", "{\"type\":\"NONE\"}");

    CliRun run = CliRun.of("test", "--config", config.toString(), "--allow-private-network");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.outLines().get(0)).startsWith("Configuration Failed:").contains("email");
    assertThat(run.out()).contains("--var");
  }

  @Test
  void test_variableUnusableInHeader_exit2LikeFetch() throws IOException {
    Path config = config("/coupon", "{\"type\":\"HEADERS\",\"headers\":{\"X-Key\":\"{{v}}\"}}");

    CliRun test =
        CliRun.of(
            "test", "--config", config.toString(), "--allow-private-network", "--var", "v=a\nb");
    CliRun fetch =
        CliRun.of(
            "fetch", "--config", config.toString(), "--allow-private-network", "--var", "v=a\nb");

    assertThat(test.exitCode()).as(test.all()).isEqualTo(2);
    assertThat(test.outLines().get(0)).startsWith("Configuration Failed:");
    assertThat(fetch.exitCode()).as(fetch.all()).isEqualTo(2);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  private Path config(String path, String auth) throws IOException {
    String json =
        "{\"endpoint\":\""
            + wm.baseUrl()
            + path
            + "\",\"auth\":"
            + auth
            + ",\"mapping\":{\"code\":\"result.0.data.coupon\"}}";
    return Files.writeString(dir.resolve("config.json"), json);
  }
}
