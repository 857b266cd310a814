package dev.couponfetch.httpclient.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.CLIENT_SECRET;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.T0;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token endpoint's failures and odd answers, against WireMock. */
class TokenEndpointTest extends TokenServerTestBase {
  private static CouponSourceConfig cc(long responseMs) {
    return CouponSourceConfig.builder("http://127.0.0.1:9/coupons")
        .name("acme")
        .auth(clientCredentials(server.baseUrl() + "/token").build())
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(1000, responseMs))
        .build();
  }

  private CouponFetchException failure(ResponseDefinitionBuilder answer) {
    server.stubFor(post("/token").willReturn(answer));
    return catchThrowableOfType(CouponFetchException.class, () -> manager.token(cc(2000)));
  }

  private int tokenRequests() {
    return server.findAll(postRequestedFor(urlEqualTo("/token"))).size();
  }

  @Test
  void slowTokenEndpoint_failsWithinTheResponseTimeout() {
    server.stubFor(post("/token").willReturn(okJson("{}").withFixedDelay(5000)));

    long start = System.nanoTime();
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> manager.token(cc(300)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("/token").contains("no answer within 300 ms");
    assertThat(took).isLessThan(Duration.ofMillis(3000));
  }

  @Test
  void slowDripTokenEndpoint_cutAtConnectPlusResponseTimeout() {
    // gzip off: WireMock's gzip would hold a dribbled body back until its end.
    WireMockServer drip =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
    drip.start();
    try {
      // Each chunk comes well within responseMs, so only a limit on the whole answer stops it.
      drip.stubFor(
          post("/token")
              .willReturn(
                  okJson("{\"access_token\":\"" + "a".repeat(40) + "\",\"token_type\":\"Bearer\"}")
                      .withChunkedDribbleDelay(40, 6000)));
      CouponSourceConfig config =
          CouponSourceConfig.builder("http://127.0.0.1:9/coupons")
              .name("acme")
              .auth(clientCredentials(drip.baseUrl() + "/token").build())
              .timeouts(Timeouts.ofMillis(1000, 1000))
              .build();

      long start = System.nanoTime();
      CouponFetchException e =
          catchThrowableOfType(CouponFetchException.class, () -> manager.token(config));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("no complete answer within 2000 ms");
      assertThat(took).isLessThan(Duration.ofMillis(5000));
    } finally {
      drip.stop();
    }
  }

  @Test
  void serverError_isRetryableTokenFailure() {
    CouponFetchException e = failure(aResponse().withStatus(503).withBody("maintenance"));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).hasValue(503);
    assertThat(e.getMessage()).contains("HTTP 503").contains("maintenance");
    assertThat(e.tokenExchange().orElseThrow().response().status()).isEqualTo(503);
  }

  @Test
  void htmlInsteadOfJson_isTokenFailure() {
    CouponFetchException e =
        failure(
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>login</html>"));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.getMessage()).contains("not a token response").contains("text/html");
  }

  @Test
  void connectionReset_isRetryableTokenFailure() {
    CouponFetchException e = failure(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void redirect_isNotFollowed() {
    CouponFetchException e =
        failure(aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:9/token"));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.getMessage()).contains("HTTP 302").contains("redirect");
  }

  @Test
  void invalidClient_namesTheOAuthErrorAndNeverTheSecret() {
    CouponFetchException e =
        failure(
            aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(
                    "{\"error\":\"invalid_client\",\"error_description\":\"bad secret "
                        + CLIENT_SECRET
                        + "\"}"));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_TOKEN_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("invalid_client (bad secret ****)");
    String report = TestReport.failure(e).toText() + TestReport.failure(e).toJson();
    assertThat(report)
        .contains("Token request:")
        .contains("Token response:")
        .contains("Authorization: ****")
        .doesNotContain(CLIENT_SECRET);
  }

  @Test
  void jsonSentAsTextPlain_isReadAnyway() {
    server.stubFor(
        post("/token")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/plain")
                    .withBody("{\"access_token\":\"A1\",\"token_type\":\"Bearer\"}")));

    assertThat(manager.token(cc(2000)).accessToken().reveal()).isEqualTo("A1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"expires_in\":0"})
  void expiresInMissingOrZero_isUnknownAndUsedUntilRefused(String expiresIn) {
    server.stubFor(
        post("/token")
            .willReturn(
                okJson("{\"access_token\":\"A1\",\"token_type\":\"Bearer\"" + expiresIn + "}")));

    TokenManager.Token t = manager.token(cc(2000));
    clock.advance(Duration.ofDays(30));
    TokenManager.Token later = manager.token(cc(2000));

    assertThat(t.expiresAt()).isEmpty();
    assertThat(later.accessToken().reveal()).isEqualTo("A1");
    assertThat(later.note()).hasValue("access token from the token store, expiry unknown");
    assertThat(tokenRequests()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807", "31536000000", "1e400"})
  void expiresInHuge_isCappedWithoutOverflow(String expiresIn) {
    server.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":"
                        + expiresIn
                        + "}")));

    TokenManager.Token t = manager.token(cc(2000));

    assertThat(t.expiresAt()).hasValue(T0.plus(TokenEndpoint.MAX_LIFETIME));
    assertThat(store.get(cc(2000).tokenKey()).orElseThrow().expiresAt())
        .hasValue(T0.plus(TokenEndpoint.MAX_LIFETIME));
  }
}
