package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import dev.couponfetch.Timings;
import dev.couponfetch.TokenStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the time of the authentication's own requests went: the OAuth2 token request and the
 * SESSION login come first in a fetch's timings, before the request they were made for; a token
 * from the store adds none. Both ways of fetching (credential requests always use the classic
 * client, so their connections are timed in both).
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class CredentialTimingsTest {
  private static final String CLIENT_SECRET = "cs-TIMING-SECRET-42";
  private static final String PASSWORD = "pw-TIMING-SECRET-43";
  private static final String ACCESS_TOKEN = "AT-TIMING-1";
  private static final String SESSION_TOKEN = "ST-TIMING-1";

  @Parameter FetchMode mode;

  private WireMockServer server;
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void start() {
    server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
    server.start();
    server.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                okJson(
                        "{\"access_token\":\""
                            + ACCESS_TOKEN
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":600}")
                    .withFixedDelay(150)));
    server.stubFor(
        get(urlPathEqualTo("/coupons"))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
            .willReturn(okJson("{\"code\":\"OK-1\"}")));
    server.stubFor(
        post(urlPathEqualTo("/login"))
            .willReturn(okJson("{\"data\":{\"token\":\"" + SESSION_TOKEN + "\"}}")));
    server.stubFor(
        get(urlPathEqualTo("/session-coupons"))
            .withHeader("Authorization", equalTo("Bearer " + SESSION_TOKEN))
            .willReturn(okJson("{\"code\":\"S-1\"}")));
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxRetries(0)
            .tokenStore(TokenStores.inMemory())
            .build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private CouponSourceConfig oauth2() {
    return CouponSourceConfig.builder(server.baseUrl() + "/coupons")
        .name("acme")
        .auth(
            AuthConfig.builder(AuthType.OAUTH2)
                .grant(OAuth2Grant.CLIENT_CREDENTIALS)
                .tokenUrl(server.baseUrl() + "/token")
                .clientId("coupon-client")
                .clientSecret(CLIENT_SECRET)
                .build())
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2_000, 5_000))
        .build();
  }

  private CouponSourceConfig session() {
    LoginConfig login =
        LoginConfig.builder(server.baseUrl() + "/login")
            .field("username", "acme")
            .field("password", PASSWORD)
            .tokenName("data.token")
            .build();
    return CouponSourceConfig.builder(server.baseUrl() + "/session-coupons")
        .name("acme-session")
        .auth(AuthConfig.builder(AuthType.SESSION).login(login).build())
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2_000, 5_000))
        .build();
  }

  private static List<Timings.Step> steps(Timings t) {
    return t.requests().stream().map(Timings.Request::step).toList();
  }

  @Test
  void fetch_clientCredentials_tokenRequestTimedBeforeTheRequest() {
    CouponBatch batch = mode.fetch(fetcher, oauth2());

    assertThat(steps(batch.timings()))
        .containsExactly(Timings.Step.TOKEN_REQUEST, Timings.Step.REQUEST);
    Timings.Request token = batch.timings().requests().get(0);
    assertThat(token.method()).isEqualTo("POST");
    assertThat(token.uri()).isEqualTo(server.baseUrl() + "/token");
    assertThat(token.firstByte()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(token.body()).isNotNull();
    // The classic client connects on the sending thread: the connection is timed, in both modes.
    assertThat(token.reused()).isFalse();
    assertThat(token.connect()).isNotNull();
    Timings.Request request = batch.timings().requests().get(1);
    assertThat(request.uri()).isEqualTo(server.baseUrl() + "/coupons");
    assertThat(request.firstByte()).isLessThan(Duration.ofMillis(150));
  }

  @Test
  void fetch_tokenFromTheStore_noTokenRequestTimed() {
    mode.fetch(fetcher, oauth2());

    CouponBatch second = mode.fetch(fetcher, oauth2());

    assertThat(steps(second.timings())).containsExactly(Timings.Step.REQUEST);
  }

  @Test
  void report_tokenRequestFirstInTextAndJson() throws Exception {
    TestReport report = new ConfigurationTester(fetcher).test(oauth2(), Map.of());

    assertThat(steps(report.timings()))
        .containsExactly(Timings.Step.TOKEN_REQUEST, Timings.Step.REQUEST);
    assertThat(report.timings().requests().get(0).firstByte())
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    String text = report.toText();
    assertThat(text)
        .contains(
            "\nTimings:\n  token request POST " + server.baseUrl() + "/token: ",
            "\n  request GET " + server.baseUrl() + "/coupons: ")
        .doesNotContain(CLIENT_SECRET, ACCESS_TOKEN);
    assertThat(text.indexOf("  token request POST")).isLessThan(text.indexOf("  request GET"));
    String json = report.toJson();
    assertThat(json).doesNotContain(CLIENT_SECRET, ACCESS_TOKEN);
    JsonNode requests = new ObjectMapper().readTree(json).path("timings").path("requests");
    assertThat(requests.size()).isEqualTo(2);
    assertThat(requests.get(0).path("step").asText()).isEqualTo("token request");
    assertThat(requests.get(0).path("method").asText()).isEqualTo("POST");
    assertThat(requests.get(0).path("firstByteMs").asDouble()).isGreaterThanOrEqualTo(150.0);
    assertThat(requests.get(1).path("step").asText()).isEqualTo("request");
  }

  @Test
  void fetch_session_loginTimedBeforeTheRequest_thenNoneFromTheStore() {
    CouponBatch first = mode.fetch(fetcher, session());
    CouponBatch second = mode.fetch(fetcher, session());

    assertThat(steps(first.timings())).containsExactly(Timings.Step.LOGIN, Timings.Step.REQUEST);
    Timings.Request login = first.timings().requests().get(0);
    assertThat(login.method()).isEqualTo("POST");
    assertThat(login.uri()).isEqualTo(server.baseUrl() + "/login");
    assertThat(login.firstByte()).isNotNull();
    assertThat(steps(second.timings())).containsExactly(Timings.Step.REQUEST);
  }

  @Test
  void report_session_loginInTextWithoutSecrets() {
    TestReport report = new ConfigurationTester(fetcher).test(session(), Map.of());

    assertThat(report.toText())
        .contains("\nTimings:\n  login POST " + server.baseUrl() + "/login: ")
        .doesNotContain(PASSWORD, SESSION_TOKEN);
    assertThat(report.toJson()).contains("\"step\" : \"login\"").doesNotContain(PASSWORD);
  }

  @Test
  void fetch_tokenEndpointFails_failureShowsTheTokenRequestsTime() {
    server.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse().withStatus(503).withBody("down for maintenance").withFixedDelay(150)));

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, oauth2()));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(steps(e.timings())).containsExactly(Timings.Step.TOKEN_REQUEST);
    assertThat(e.timings().requests().get(0).firstByte())
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void fetch_loginRefused_failureShowsTheLoginsTime() {
    server.stubFor(
        post(urlPathEqualTo("/login")).willReturn(aResponse().withStatus(403).withBody("no")));

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, session()));

    assertThat(steps(e.timings())).containsExactly(Timings.Step.LOGIN);
    assertThat(e.timings().requests().get(0).uri()).isEqualTo(server.baseUrl() + "/login");
  }
}
