package dev.couponfetch.httpclient.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.T0;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.authorizationCode;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.config;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rotation, invalid_grant and shared stores, against WireMock; other nodes act through the store.
 */
class TokenRotationTest extends TokenServerTestBase {
  @Test
  void refresh_rotatedToken_isStoredAndTheOldOneNeverSentAgain() {
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0));
    answerRefresh(
        "R0",
        "{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"R1\"}");
    answerRefresh(
        "R1",
        "{\"access_token\":\"A2\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"R2\"}");

    assertThat(manager.token(code()).accessToken().reveal()).isEqualTo("A1");
    assertThat(store.get(code().tokenKey()).orElseThrow().refreshToken().orElseThrow().reveal())
        .isEqualTo("R1");
    clock.advance(Duration.ofSeconds(600));
    assertThat(manager.token(code()).accessToken().reveal()).isEqualTo("A2");

    assertThat(tokenBodies()).hasSize(2);
    assertThat(tokenBodies().get(0)).contains("refresh_token=R0");
    assertThat(tokenBodies().get(1)).contains("refresh_token=R1").doesNotContain("R0");
    assertThat(store.get(code().tokenKey())).hasValue(tokens("A2", "R2", T0.plusSeconds(1200)));
  }

  @Test
  void refresh_responseWithoutRefreshToken_keepsTheOldOne() {
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0));
    answerRefresh("R0", "{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600}");

    manager.token(code());

    assertThat(store.get(code().tokenKey())).hasValue(tokens("A1", "R0", T0.plusSeconds(600)));
  }

  @Test
  void refresh_invalidGrant_isNotAuthorizedAfterReadingTheStoreAgain() {
    OAuthFixtures.SpyStore spy = new OAuthFixtures.SpyStore(store);
    manager = OAuthFixtures.manager(client, spy, clock);
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0));
    server.stubFor(
        post("/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}")));

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> manager.token(code()));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("invalid_grant (Token is not active)")
        .contains("fetch tokens")
        .doesNotContain("R0");
    assertThat(spy.gets.get())
        .as("token(), the renewal, and once more after invalid_grant")
        .isEqualTo(3);
    assertThat(e.tokenExchange().orElseThrow().request().body()).contains("refresh_token=****");
  }

  @Test
  void refresh_invalidGrantAfterAnotherNodeRotated_retriesWithTheStoredToken() {
    OAuthFixtures.SpyStore spy = new OAuthFixtures.SpyStore(store);
    manager = OAuthFixtures.manager(client, spy, clock);
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0));
    server.stubFor(
        post("/token")
            .withRequestBody(containing("refresh_token=R0"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\"}")));
    answerRefresh(
        "R1",
        "{\"access_token\":\"A2\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"R2\"}");
    // Another node refreshed with R0 first and stored R1 (its access token already near expiry).
    spy.onGet =
        n -> {
          if (n == 3) {
            store.compareAndSet(
                code().tokenKey(),
                store.get(code().tokenKey()).orElse(null),
                tokens("A1", "R1", T0));
          }
        };

    TokenManager.Token t = manager.token(code());

    assertThat(t.accessToken().reveal()).isEqualTo("A2");
    assertThat(tokenBodies()).hasSize(2);
    assertThat(tokenBodies().get(1)).contains("refresh_token=R1");
    assertThat(store.get(code().tokenKey())).hasValue(tokens("A2", "R2", T0.plusSeconds(600)));
  }

  @Test
  void refresh_invalidGrantAfterAnotherNodeStoredFreshTokens_usesThemWithoutRetry() {
    OAuthFixtures.SpyStore spy = new OAuthFixtures.SpyStore(store);
    manager = OAuthFixtures.manager(client, spy, clock);
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0));
    server.stubFor(
        post("/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\"}")));
    spy.onGet =
        n -> {
          if (n == 3) {
            store.compareAndSet(
                code().tokenKey(),
                store.get(code().tokenKey()).orElse(null),
                tokens("B1", "RB1", T0.plusSeconds(600)));
          }
        };

    TokenManager.Token t = manager.token(code());

    assertThat(t.accessToken().reveal()).isEqualTo("B1");
    assertThat(t.note()).hasValueSatisfying(n -> assertThat(n).contains("another fetcher"));
    assertThat(tokenBodies()).hasSize(1);
  }

  @Test
  void refresh_lostCompareAndSet_usesTheWinnersTokens() {
    OAuthFixtures.SpyStore spy = new OAuthFixtures.SpyStore(store);
    manager = OAuthFixtures.manager(client, spy, clock);
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0));
    answerRefresh("R0", "{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600}");
    spy.onSet =
        n -> {
          if (n == 1) {
            store.compareAndSet(
                code().tokenKey(),
                store.get(code().tokenKey()).orElse(null),
                tokens("B1", "RB1", T0.plusSeconds(900)));
          }
        };

    TokenManager.Token t = manager.token(code());

    assertThat(t.accessToken().reveal()).isEqualTo("B1");
    assertThat(store.get(code().tokenKey())).hasValue(tokens("B1", "RB1", T0.plusSeconds(900)));
  }

  @Test
  void seed_storeEmpty_refreshesWithTheConfiguredRefreshToken() {
    answerRefresh(
        "SEED-R",
        "{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"R1\"}");
    CouponSourceConfig c =
        config(
            "acme",
            authorizationCode(server.baseUrl() + "/authorize", tokenUrl())
                .refreshToken("SEED-R")
                .build());

    assertThat(manager.token(c).accessToken().reveal()).isEqualTo("A1");
    assertThat(store.get(c.tokenKey())).hasValue(tokens("A1", "R1", T0.plusSeconds(600)));
  }
}
