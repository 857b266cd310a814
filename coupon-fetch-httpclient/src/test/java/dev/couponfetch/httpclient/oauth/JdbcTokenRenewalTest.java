package dev.couponfetch.httpclient.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Timeouts;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.httpclient.LoopbackWireMock;
import dev.couponfetch.jdbc.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Two nodes (two fetchers, each with its own JDBC token store on one database) find the access
 * token expired at the same moment; the token endpoint rotates refresh tokens and refuses a reused
 * one. One node renews under the store's lease, the other reads its tokens.
 */
class JdbcTokenRenewalTest {
  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  @RegisterExtension final TestDatabases databases = new TestDatabases();
  private final List<HttpClientCouponFetcher> nodes = new ArrayList<>();
  // A client of its own, so that runs sharing a database never share tokens.
  private final String clientId = "acme-" + UUID.randomUUID();

  @AfterEach
  void stop() {
    nodes.forEach(HttpClientCouponFetcher::close);
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void fetch_twoNodesRenewAtOnce_oneTokenRequestAndBothGetTheNewToken(String database)
      throws Exception {
    HikariDataSource dataSource = databases.open(database);
    server.stubFor(
        post("/token")
            .inScenario("rotation")
            .whenScenarioStateIs(STARTED)
            .withRequestBody(containing("refresh_token=R0"))
            .willReturn(
                okJson(
                        "{\"access_token\":\"A1\",\"token_type\":\"Bearer\","
                            + "\"expires_in\":3600,\"refresh_token\":\"R1\"}")
                    .withFixedDelay(300))
            .willSetStateTo("rotated"));
    server.stubFor(
        post("/token")
            .inScenario("rotation")
            .whenScenarioStateIs("rotated")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\"}")));
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer A1"))
            .willReturn(okJson("{\"code\":\"C-1\"}")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/coupons")
            .name("acme")
            .auth(
                OAuthFixtures.authorizationCode(
                        server.baseUrl() + "/authorize", server.baseUrl() + "/token")
                    .clientId(clientId)
                    .build())
            .mapping(MappingConfig.code("code"))
            .timeouts(Timeouts.ofMillis(2000, 5000))
            .build();
    TokenStore seed = TokenStores.jdbc(dataSource);
    seed.compareAndSet(
        config.tokenKey(), null, OAuthTokens.of("A0", "R0", Instant.now().minusSeconds(60), null));
    for (int i = 0; i < 2; i++) {
      nodes.add(
          HttpClientCouponFetcher.builder()
              .allowPrivateNetworks(true)
              .tokenStore(TokenStores.jdbc(dataSource))
              .build());
    }

    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<CouponBatch>> results = new ArrayList<>();
      for (HttpClientCouponFetcher node : nodes) {
        results.add(
            threads.submit(
                () -> {
                  together.await();
                  return node.fetch(config, Map.of());
                }));
      }
      for (Future<CouponBatch> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS).coupons().get(0).code()).isEqualTo("C-1");
      }
    } finally {
      threads.shutdownNow();
    }

    server.verify(1, postRequestedFor(urlEqualTo("/token")));
    OAuthTokens stored = seed.get(config.tokenKey()).orElseThrow();
    assertThat(stored.accessToken().orElseThrow().reveal()).isEqualTo("A1");
    assertThat(stored.refreshToken().orElseThrow().reveal()).isEqualTo("R1");
  }
}
