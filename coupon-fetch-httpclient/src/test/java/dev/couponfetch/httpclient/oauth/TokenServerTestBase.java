package dev.couponfetch.httpclient.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.T0;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.authorizationCode;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.clientCredentials;
import static dev.couponfetch.httpclient.oauth.OAuthFixtures.config;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the TokenManager tests against WireMock share: a loopback token endpoint and an HttpClient
 * per test class, and per test a fresh in-memory store, a clock at {@link OAuthFixtures#T0} and a
 * manager over them. The statics are reassigned by each subclass's {@code @BeforeAll}, so test
 * classes must not run concurrently (surefire runs them one after another here).
 */
abstract class TokenServerTestBase {
  static WireMockServer server;
  static CloseableHttpClient client;

  final MutableClock clock = new MutableClock(T0);
  TokenStore store;
  TokenManager manager;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    client = OAuthFixtures.client();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    store = TokenStores.inMemory();
    manager = OAuthFixtures.manager(client, store, clock);
  }

  static String tokenUrl() {
    return server.baseUrl() + "/token";
  }

  static CouponSourceConfig cc() {
    return config("acme", clientCredentials(tokenUrl()).scope("coupons:read").build());
  }

  static CouponSourceConfig code() {
    return config("acme", authorizationCode(server.baseUrl() + "/authorize", tokenUrl()).build());
  }

  static void answerRefresh(String refresh, String body) {
    server.stubFor(
        post("/token")
            .withRequestBody(containing("refresh_token=" + refresh))
            .willReturn(okJson(body)));
  }

  /** The bodies of the token requests WireMock received, oldest first. */
  static List<String> tokenBodies() {
    List<String> bodies = new ArrayList<>();
    for (LoggedRequest r : server.findAll(postRequestedFor(urlEqualTo("/token")))) {
      bodies.add(r.getBodyAsString());
    }
    return bodies;
  }
}
