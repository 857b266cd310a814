package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchCommandTest {
  @TempDir Path dir;
  private WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  @Test
  void fetch_single_printsCodeTabInstant() throws IOException {
    wm.stubFor(
        get(urlPathEqualTo("/coupon"))
            .willReturn(okJson("{\"code\":\"SPRING-7K2Q\",\"expires\":\"2027-03-01T00:00:00Z\"}")));

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", "result.expires"));

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).isEqualTo("SPRING-7K2Q\t2027-03-01T00:00:00Z" + System.lineSeparator());
  }

  @Test
  void fetch_noExpiry_printsCodeOnly() throws IOException {
    wm.stubFor(get(urlPathEqualTo("/coupon")).willReturn(okJson("{\"code\":\"PLAIN-1\"}")));

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null));

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("PLAIN-1");
  }

  @Test
  void fetch_count3OnSingleEndpoint_callsThreeTimesAndPrintsThree() throws IOException {
    stubSequence("/coupon", "{\"code\":\"C-1\"}", "{\"code\":\"C-2\"}", "{\"code\":\"C-3\"}");

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null), "--count", "3");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("C-1", "C-2", "C-3");
    wm.verify(3, getRequestedFor(urlPathEqualTo("/coupon")));
  }

  @Test
  void fetch_countOnBulkEndpoint_printsEveryCouponReceived() throws IOException {
    stubSequence("/codes", "{\"codes\":[\"B-1\",\"B-2\"]}", "{\"codes\":[\"B-3\",\"B-4\"]}");

    CliRun run = fetch(config("/codes", "BULK", "result.codes.*", null), "--count", "3");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("B-1", "B-2", "B-3", "B-4");
    wm.verify(2, getRequestedFor(urlPathEqualTo("/codes")));
  }

  @Test
  void fetch_endpointRepeatsACode_printsItOnceAndSaysHowManyWereDropped() throws IOException {
    stubSequence("/coupon", "{\"code\":\"C-1\"}", "{\"code\":\"C-1\"}", "{\"code\":\"C-2\"}");

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null), "--count", "2");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("C-1", "C-2");
    assertThat(run.errLines())
        .containsExactly(
            "warning: 1 code was dropped: the endpoint gave it again in this run, and each code is"
                + " printed once");
    wm.verify(3, getRequestedFor(urlPathEqualTo("/coupon")));
  }

  @Test
  void fetch_bulkCallsOverlap_printsEachCodeOnce() throws IOException {
    stubSequence(
        "/codes", "{\"codes\":[\"B-1\",\"B-2\"]}", "{\"codes\":[\"B-2\",\"B-1\",\"B-3\"]}");

    CliRun run = fetch(config("/codes", "BULK", "result.codes.*", null), "--count", "3");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("B-1", "B-2", "B-3");
    assertThat(run.err()).contains("warning: 2 codes were dropped");
  }

  @Test
  void fetch_endpointAlwaysGivesTheSameCode_stopsAfterThreeCallsWithoutANewOne()
      throws IOException {
    wm.stubFor(get(urlPathEqualTo("/coupon")).willReturn(okJson("{\"code\":\"SHARED-10\"}")));

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null), "--count", "5");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.outLines()).containsExactly("SHARED-10");
    assertThat(run.errLines())
        .containsExactly(
            "warning: 3 codes were dropped: the endpoint gave them again in this run, and each"
                + " code is printed once",
            "error: stopped after 3 calls in a row that gave no new code: the endpoint keeps"
                + " repeating codes it already gave (it may hand out one shared code)",
            "note: fetched 1 of 5 coupons; it is printed above.");
    wm.verify(4, getRequestedFor(urlPathEqualTo("/coupon")));
  }

  @Test
  void fetch_repeatsBetweenNewCodes_keepGoing() throws IOException {
    // Two repeats in a row, then a new code: the count of calls without a new code starts again.
    stubSequence(
        "/coupon",
        "{\"code\":\"R-1\"}",
        "{\"code\":\"R-1\"}",
        "{\"code\":\"R-1\"}",
        "{\"code\":\"R-2\"}",
        "{\"code\":\"R-2\"}",
        "{\"code\":\"R-1\"}",
        "{\"code\":\"R-3\"}");

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null), "--count", "3");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines()).containsExactly("R-1", "R-2", "R-3");
    assertThat(run.err()).contains("warning: 4 codes were dropped");
    wm.verify(7, getRequestedFor(urlPathEqualTo("/coupon")));
  }

  @Test
  void fetch_failureAfterRepeats_saysHowManyWereDropped() throws IOException {
    stubSequence("/coupon", "{\"code\":\"F-1\"}", "{\"code\":\"F-1\"}");
    wm.stubFor(
        get(urlPathEqualTo("/coupon"))
            .inScenario("seq")
            .whenScenarioStateIs("call-2")
            .willReturn(aResponse().withStatus(500)));

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null), "--count", "2");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.outLines()).containsExactly("F-1");
    assertThat(run.errLines().get(0)).startsWith("warning: 1 code was dropped");
    assertThat(run.errLines().get(1)).startsWith("error: SERVER_ERROR: ");
    assertThat(run.err()).contains("note: 1 of 2 coupons were fetched before the failure");
  }

  @Test
  void fetch_failsAfterFirstCoupon_keepsItPrintedAndExplains() throws IOException {
    wm.stubFor(
        get(urlPathEqualTo("/coupon"))
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"code\":\"FIRST-1\"}"))
            .willSetStateTo("broken"));
    wm.stubFor(
        get(urlPathEqualTo("/coupon"))
            .inScenario("s")
            .whenScenarioStateIs("broken")
            .willReturn(aResponse().withStatus(500).withBody("boom")));

    CliRun run = fetch(config("/coupon", "SINGLE", "result.code", null), "--count", "2");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.outLines()).containsExactly("FIRST-1");
    assertThat(run.errLines().get(0)).startsWith("error: SERVER_ERROR: ");
    assertThat(run.err()).contains("hint: " + dev.couponfetch.Reason.SERVER_ERROR.hint());
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void fetch_missingVariable_exit2() throws IOException {
    CliRun run = fetch(config("/coupon?email={{email}}", "SINGLE", "result.code", null));

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: MISSING_VARIABLE: ").contains("hint: ");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void fetch_variable_isSubstituted() throws IOException {
    wm.stubFor(get(urlPathEqualTo("/coupon")).willReturn(okJson("{\"code\":\"V-1\"}")));

    CliRun run =
        fetch(
            config("/coupon?email={{email}}", "SINGLE", "result.code", null),
            "--var",
            "email=a+b@x.example");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(wm.getAllServeEvents().get(0).getRequest().queryParameter("email").firstValue())
        .isEqualTo("a+b@x.example");
  }

  @Test
  void fetch_variableWithQuotesAndEquals_takenAsIs() throws IOException {
    wm.stubFor(get(urlPathEqualTo("/coupon")).willReturn(okJson("{\"code\":\"V-2\"}")));

    CliRun run =
        fetch(
            config("/coupon?email={{email}}", "SINGLE", "result.code", null),
            "--var",
            "email=a\"b&c=d é");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(wm.getAllServeEvents().get(0).getRequest().queryParameter("email").firstValue())
        .isEqualTo("a\"b&c=d é");
  }

  private CliRun fetch(Path config, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "fetch";
    args[1] = "--config";
    args[2] = config.toString();
    args[3] = "--allow-private-network";
    System.arraycopy(more, 0, args, 4, more.length);
    return CliRun.of(args);
  }

  private void stubSequence(String path, String... bodies) {
    for (int i = 0; i < bodies.length; i++) {
      wm.stubFor(
          get(urlPathEqualTo(path))
              .inScenario("seq")
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "call-" + i)
              .willReturn(okJson(bodies[i]))
              .willSetStateTo("call-" + (i + 1)));
    }
  }

  private Path config(String path, String couponType, String code, String expiry)
      throws IOException {
    String mapping =
        "{\"code\":\""
            + code
            + "\""
            + (expiry == null ? "" : ",\"expiry\":\"" + expiry + "\"")
            + "}";
    String json =
        "{\"endpoint\":\""
            + wm.baseUrl()
            + path
            + "\",\"couponType\":\""
            + couponType
            + "\",\"mapping\":"
            + mapping
            + "}";
    return Files.writeString(dir.resolve("config.json"), json);
  }
}
