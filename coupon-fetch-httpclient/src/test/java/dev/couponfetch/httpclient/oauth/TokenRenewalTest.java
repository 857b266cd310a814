package dev.couponfetch.httpclient.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.T0;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.clientCredentials;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.config;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Renewal against WireMock: the margin, single flight, grants and client authentication. */
class TokenRenewalTest extends TokenServerTestBase {
  @Test
  void token_storedAndFresh_noTokenRequest() {
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0.plusSeconds(3600)));

    TokenManager.Token t = manager.token(code());

    assertThat(t.accessToken().reveal()).isEqualTo("A0");
    assertThat(t.exchange()).isEmpty();
    assertThat(t.note())
        .hasValue("access token from the token store, expires at " + T0.plusSeconds(3600));
    assertThat(tokenBodies()).isEmpty();
  }

  @Test
  void token_clientCredentials_sendsBasicAuthAcceptJsonAndScope() {
    server.stubFor(
        post("/token")
            .willReturn(
                okJson("{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));

    TokenManager.Token t = manager.token(cc());

    assertThat(t.accessToken().reveal()).isEqualTo("A1");
    assertThat(t.expiresAt()).hasValue(T0.plusSeconds(3600));
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (OAuthFixtures.CLIENT_ID + ":" + OAuthFixtures.CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
    server.verify(
        postRequestedFor(urlEqualTo("/token"))
            .withHeader("Authorization", equalTo("Basic " + basic))
            .withHeader("Accept", equalTo("application/json"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("scope=coupons%3Aread")));
    assertThat(store.get(cc().tokenKey())).hasValue(tokens("A1", null, T0.plusSeconds(3600)));
    assertThat(t.exchange().orElseThrow().request().headers().toString())
        .contains("Authorization: ****")
        .doesNotContain(basic);
  }

  @Test
  void token_clientSecretPost_sendsCredentialsInTheForm() {
    server.stubFor(
        post("/token").willReturn(okJson("{\"access_token\":\"A1\",\"token_type\":\"Bearer\"}")));
    CouponSourceConfig c =
        config(
            "acme",
            clientCredentials(tokenUrl()).clientAuth(ClientAuthMethod.CLIENT_SECRET_POST).build());

    TokenManager.Token t = manager.token(c);

    LoggedRequest sent = server.findAll(postRequestedFor(urlEqualTo("/token"))).get(0);
    assertThat(sent.containsHeader("Authorization")).isFalse();
    assertThat(sent.getBodyAsString())
        .contains("client_id=" + OAuthFixtures.CLIENT_ID)
        .contains("client_secret=" + OAuthFixtures.CLIENT_SECRET);
    assertThat(t.exchange().orElseThrow().request().body())
        .contains("client_secret=****")
        .doesNotContain(OAuthFixtures.CLIENT_SECRET);
  }

  @Test
  void token_withinMarginOfExpiry_renewsBeforeIt() {
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0.plusSeconds(90)));
    answerRefresh("R0", "{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600}");

    assertThat(manager.token(code()).accessToken().reveal()).isEqualTo("A0");
    clock.advance(Duration.ofSeconds(31)); // 59 s left, inside the 60 s margin
    TokenManager.Token t = manager.token(code());

    assertThat(t.accessToken().reveal()).isEqualTo("A1");
    assertThat(t.exchange()).isPresent();
    assertThat(tokenBodies()).hasSize(1);
  }

  @Test
  void token_64ThreadsAtExpiry_oneTokenRequest() throws Exception {
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", T0.plusSeconds(30)));
    server.stubFor(
        post("/token")
            .willReturn(
                okJson("{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600}")
                    .withFixedDelay(200)));
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return manager.token(code()).accessToken().reveal();
                }));
      }
      go.countDown();
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo("A1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokenBodies()).hasSize(1);
  }

  @Test
  void renewAfterRejection_64Threads_oneTokenRequest() throws Exception {
    store.compareAndSet(code().tokenKey(), null, tokens("A0", "R0", null));
    answerRefresh("R0", "{\"access_token\":\"A1\",\"token_type\":\"Bearer\"}");
    TokenManager.Token rejected = manager.token(code());
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return manager.renewAfterRejection(code(), rejected).accessToken().reveal();
                }));
      }
      go.countDown();
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo("A1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokenBodies()).hasSize(1);
  }

  @Test
  void authorizationCode_noTokens_isNotAuthorizedWithoutATokenRequest() {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> manager.token(code()));

    assertThat(e.reason()).isEqualTo(Reason.OAUTH_NOT_AUTHORIZED);
    assertThat(e.getMessage()).contains("'acme'").contains("fetch tokens");
    assertThat(tokenBodies()).isEmpty();
  }

  @Test
  void clientCredentials_expiredWithoutRefreshToken_requestsANewToken() {
    store.compareAndSet(cc().tokenKey(), null, tokens("A0", null, T0));
    server.stubFor(
        post("/token")
            .willReturn(
                okJson("{\"access_token\":\"A1\",\"token_type\":\"Bearer\",\"expires_in\":600}")));

    OAuthTokens before = store.get(cc().tokenKey()).orElseThrow();
    assertThat(manager.token(cc()).accessToken().reveal()).isEqualTo("A1");
    assertThat(store.get(cc().tokenKey())).isNotEqualTo(java.util.Optional.of(before));
    assertThat(tokenBodies()).singleElement().asString().contains("grant_type=client_credentials");
  }
}
