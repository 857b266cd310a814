package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TestReport;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.jdbc.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A token goes only to the identity and origin it was issued for (issue: tokens were keyed by the
 * config's {@code name}). Two merchants' endpoints and token servers: A (the victim) and B.
 */
class TokenIdentityTest {
  @RegisterExtension static final LoopbackWireMock a = new LoopbackWireMock();
  @RegisterExtension static final LoopbackWireMock b = new LoopbackWireMock();
  @RegisterExtension final TestDatabases databases = new TestDatabases();
  @TempDir Path dir;

  // Unique per test, so that runs sharing the PostgreSQL test database never share tokens.
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String victim = "victim-client-" + run;
  private final String attacker = "attacker-client-" + run;
  private HttpClientCouponFetcher fetcher;

  static Stream<String> stores() {
    return Stream.concat(Stream.of("memory", "file"), TestDatabases.ALL.stream());
  }

  @AfterEach
  void close() {
    if (fetcher != null) {
      fetcher.close();
    }
  }

  private TokenStore store(String kind) {
    switch (kind) {
      case "memory":
        return TokenStores.inMemory();
      case "file":
        return TokenStores.file(dir.resolve("tokens.json"));
      default:
        return TokenStores.jdbc(databases.open(kind));
    }
  }

  private HttpClientCouponFetcher fetcher(TokenStore store) {
    fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).tokenStore(store).build();
    return fetcher;
  }

  /** A token server answering {@code token} to client credentials of {@code clientId}. */
  private static void tokenServer(LoopbackWireMock server, String clientId, String token) {
    server.stubFor(
        post("/token")
            .withBasicAuth(clientId, "secret-of-" + clientId)
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + token
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
  }

  /** An endpoint answering {@code code} to requests carrying {@code token}. */
  private static void endpoint(LoopbackWireMock server, String token, String code) {
    server.stubFor(
        get("/coupons")
            .withHeader("Authorization", equalTo("Bearer " + token))
            .willReturn(okJson("{\"code\":\"" + code + "\"}")));
  }

  private static CouponSourceConfig config(
      String name, LoopbackWireMock endpoint, LoopbackWireMock tokens, String clientId) {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder(endpoint.baseUrl() + "/coupons")
            .auth(
                AuthConfig.builder(AuthType.OAUTH2)
                    .grant(OAuth2Grant.CLIENT_CREDENTIALS)
                    .tokenUrl(tokens.baseUrl() + "/token")
                    .clientId(clientId)
                    .clientSecret("secret-of-" + clientId)
                    .build())
            .mapping(MappingConfig.code("code"));
    return (name == null ? b : b.name(name)).build();
  }

  private static List<String> bearers(LoopbackWireMock server) {
    return server.findAll(getRequestedFor(urlEqualTo("/coupons"))).stream()
        .map(LoggedRequest::getHeaders)
        .map(h -> h.getHeader("Authorization").firstValue())
        .toList();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void test_sameNameOtherClientAndOrigin_neverGetsTheOthersToken(String kind) {
    tokenServer(a, victim, "AT-VICTIM-" + run);
    endpoint(a, "AT-VICTIM-" + run, "VICTIM-1");
    tokenServer(b, attacker, "AT-ATTACKER-" + run);
    endpoint(b, "AT-ATTACKER-" + run, "ATTACKER-1");
    HttpClientCouponFetcher f = fetcher(store(kind));
    CouponSourceConfig victimConfig = config("shop", a, a, victim);
    CouponSourceConfig attackerConfig = config("shop", b, b, attacker);

    assertThat(f.fetch(victimConfig, Map.of()).first().code()).isEqualTo("VICTIM-1");
    TestReport report = new ConfigurationTester(f).test(attackerConfig, Map.of());

    assertThat(report.works()).as(report.toText()).isTrue();
    assertThat(report.coupons()).singleElement().extracting(c -> c.code()).isEqualTo("ATTACKER-1");
    assertThat(bearers(b)).containsExactly("Bearer AT-ATTACKER-" + run);
    b.verify(1, postRequestedFor(urlEqualTo("/token")));
    assertThat(report.toText()).doesNotContain("AT-VICTIM");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void fetch_sameClientOnAnotherOrigin_getsATokenOfItsOwn(String kind) {
    // B's config copies A's client (id, secret, token URL) but calls B's origin: A's token stays
    // with A's origin, and B's config asks the token server for one of its own.
    tokenServer(a, victim, "AT-VICTIM-" + run);
    endpoint(a, "AT-VICTIM-" + run, "VICTIM-1");
    endpoint(b, "AT-VICTIM-" + run, "STOLEN");
    HttpClientCouponFetcher f = fetcher(store(kind));
    f.fetch(config("shop", a, a, victim), Map.of());

    f.fetch(config("shop", b, a, victim), Map.of());

    a.verify(2, postRequestedFor(urlEqualTo("/token")));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void fetch_sameIdentityUnderAnotherName_sharesOneToken(String kind) {
    tokenServer(a, victim, "AT-VICTIM-" + run);
    endpoint(a, "AT-VICTIM-" + run, "VICTIM-1");
    HttpClientCouponFetcher f = fetcher(store(kind));

    f.fetch(config("shop", a, a, victim), Map.of());
    f.fetch(config("another label", a, a, victim), Map.of());

    a.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void fetch_noNamesOneHostTwoClients_eachSendsItsOwnToken() {
    String one = "client-one-" + run;
    String two = "client-two-" + run;
    tokenServer(a, one, "AT-ONE");
    tokenServer(a, two, "AT-TWO");
    endpoint(a, "AT-ONE", "CODE-ONE");
    endpoint(a, "AT-TWO", "CODE-TWO");
    HttpClientCouponFetcher f = fetcher(TokenStores.inMemory());
    CouponSourceConfig first = config(null, a, a, one);
    CouponSourceConfig second = config(null, a, a, two);
    assertThat(first.name()).isEqualTo(second.name());

    assertThat(f.fetch(first, Map.of()).first().code()).isEqualTo("CODE-ONE");
    assertThat(f.fetch(second, Map.of()).first().code()).isEqualTo("CODE-TWO");
    assertThat(f.fetch(first, Map.of()).first().code()).isEqualTo("CODE-ONE");

    assertThat(bearers(a)).containsExactly("Bearer AT-ONE", "Bearer AT-TWO", "Bearer AT-ONE");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void fetch_entryWrittenUnderTheOldNameKey_isNotUsed(String kind) {
    // What a store written before token keys were identities holds: tokens under the name.
    TokenStore store = store(kind);
    store.compareAndSet("shop", null, OAuthTokens.of("AT-OLD-" + run, null, null, null));
    tokenServer(b, attacker, "AT-ATTACKER-" + run);
    endpoint(b, "AT-ATTACKER-" + run, "ATTACKER-1");

    assertThat(fetcher(store).fetch(config("shop", b, b, attacker), Map.of()).first().code())
        .isEqualTo("ATTACKER-1");
    assertThat(bearers(b)).containsExactly("Bearer AT-ATTACKER-" + run);
  }
}
