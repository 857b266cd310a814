package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.Authenticator;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.TestReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Authentication and mapping as registered extensions: a custom authenticator and a custom mapper
 * go through {@code fetch}, {@code fetchAsync} and Test Configuration exactly as the built-in ones
 * do; a scheme nobody registered is a clear configuration problem; Basic is HttpClient's own scheme
 * on the wire.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class ExtensionPointsTest {
  private static final String KEY = "k3y-of-the-acme-merchant";

  @Parameter FetchMode mode;

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(get(anyUrl()).willReturn(aResponse().withBody("{\"code\":\"ACME-1\"}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static HttpClientCouponFetcher.Builder builder() {
    return HttpClientCouponFetcher.builder().allowPrivateNetworks(true);
  }

  private CouponSourceConfig.Builder custom(String scheme) {
    return CouponSourceConfig.builder(server.baseUrl() + "/codes")
        .auth(AuthConfig.custom(scheme, Map.of("key", KEY, "account", "{{account}}")))
        .mapping(MappingConfig.builder().code("code").build());
  }

  /** A header signing the request with the config's key: a plain authenticator. */
  private static final Authenticator.Plain SIGNED =
      (request, config, variables) ->
          request
              .withHeader("X-Acme-Key", config.auth().settings().get("key").reveal(), true)
              .withHeader("X-Acme-Account", variables.get("account"), false);

  @Test
  void fetch_customPlainAuthenticator_signsTheRequest() {
    try (HttpClientCouponFetcher fetcher = builder().authenticator("acme-key", SIGNED).build()) {
      CouponBatch batch =
          mode.fetch(fetcher, custom("acme-key").build(), Map.of("account", "shop-7"));

      assertThat(batch.coupons()).extracting(Coupon::code).containsExactly("ACME-1");
      server.verify(
          getRequestedFor(urlPathEqualTo("/codes"))
              .withHeader("X-Acme-Key", equalTo(KEY))
              .withHeader("X-Acme-Account", equalTo("shop-7")));
      // A credential header is masked in what the fetch shows.
      assertThat(batch.exchange().request().toString()).doesNotContain(KEY);
    }
  }

  @Test
  void fetch_settingEchoedByTheEndpoint_isMasked() {
    // The key signs the request and is never sent; an endpoint's error page quotes it anyway.
    server.stubFor(
        get(anyUrl()).willReturn(aResponse().withStatus(400).withBody("expected key " + KEY)));
    Authenticator.Plain signatureOnly =
        (request, config, variables) ->
            request.withHeader(
                "X-Acme-Signature",
                Integer.toHexString(config.auth().settings().get("key").reveal().hashCode()),
                true);
    try (HttpClientCouponFetcher fetcher =
        builder().authenticator("acme-sig", signatureOnly).build()) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class,
              () -> mode.fetch(fetcher, custom("acme-sig").build(), Map.of("account", "a")));

      assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
      assertThat(e.getMessage()).doesNotContain(KEY);
      assertThat(e.exchange().orElseThrow().response().body())
          .contains("expected key")
          .doesNotContain(KEY);
    }
  }

  /**
   * A session-token scheme: credentials that take a request of their own (completed on the executor
   * the engine gives), renewed when the endpoint refuses them, then replayed once.
   */
  private static final class SessionTokens implements Authenticator {
    final AtomicInteger logins = new AtomicInteger();
    final List<Thread> loginThreads = new ArrayList<>();

    @Override
    public Session begin(Call call) {
      return new Session() {
        String token;

        @Override
        public CompletionStage<PreparedRequest> authenticate(PreparedRequest request) {
          return CompletableFuture.supplyAsync(
              () -> {
                synchronized (loginThreads) {
                  loginThreads.add(Thread.currentThread());
                }
                token = "session-" + logins.incrementAndGet();
                return request.withHeader("X-Session", token, true);
              },
              call.executor());
        }

        @Override
        public boolean renew(Response response) {
          return response.status() == 419;
        }

        @Override
        public java.util.Optional<String> note() {
          return java.util.Optional.of("session " + token);
        }
      };
    }
  }

  @Test
  void fetch_customSessionAuthenticator_renewsOnceWhenRefused() {
    server.stubFor(
        get(anyUrl())
            .withHeader("X-Session", equalTo("session-1"))
            .willReturn(aResponse().withStatus(419)));
    server.stubFor(
        get(anyUrl())
            .withHeader("X-Session", equalTo("session-2"))
            .willReturn(aResponse().withBody("{\"code\":\"ACME-2\"}")));
    SessionTokens sessions = new SessionTokens();
    Thread caller = Thread.currentThread();
    try (HttpClientCouponFetcher fetcher =
        builder().authenticator("acme-session", sessions).build()) {
      CouponBatch batch =
          mode.fetch(fetcher, custom("acme-session").build(), Map.of("account", "a"));

      assertThat(batch.first().code()).isEqualTo("ACME-2");
      assertThat(sessions.logins).hasValue(2);
      assertThat(server.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount())
          .isEqualTo(2);
      assertThat(batch.tokenNote()).contains("renewed once").contains("session session-2");
      if (mode == FetchMode.BLOCKING) {
        // A blocking fetch does the waiting work on its own thread.
        assertThat(sessions.loginThreads).containsOnly(caller);
      } else {
        assertThat(sessions.loginThreads).doesNotContain(caller);
      }
    }
  }

  @Test
  void fetch_refusedAgainAfterRenewal_isUnauthorized() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(419)));
    SessionTokens sessions = new SessionTokens();
    try (HttpClientCouponFetcher fetcher =
        builder().authenticator("acme-session", sessions).build()) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class,
              () -> mode.fetch(fetcher, custom("acme-session").build(), Map.of("account", "a")));

      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(e.getMessage()).contains("again after renewing");
      assertThat(sessions.logins).hasValue(2);
    }
  }

  /** Codes one per field of a semicolon-separated body. */
  private static final ResponseMapper.Factory SEMICOLONS =
      config ->
          (body, charset) ->
              new MappedResponse(
                  Arrays.stream(new String(body, charset).split(";"))
                      .map(String::strip)
                      .map(code -> new Coupon(code, null))
                      .toList(),
                  List.of());

  @Test
  void fetch_customMapper_mapsTheBody() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withBody("A-1; A-2;A-3")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .mapping(MappingConfig.builder().mapper("semicolons").build())
            .build();
    try (HttpClientCouponFetcher fetcher =
        builder().responseMapper("semicolons", SEMICOLONS).build()) {
      CouponBatch batch = mode.fetch(fetcher, config);

      assertThat(batch.coupons()).extracting(Coupon::code).containsExactly("A-1", "A-2", "A-3");
    }
  }

  @Test
  void fetch_unregisteredScheme_isInvalidConfig_andSendsNothing() {
    try (HttpClientCouponFetcher fetcher = builder().authenticator("acme-key", SIGNED).build()) {
      CouponFetchException e =
          catchThrowableOfType(
              CouponFetchException.class,
              () -> mode.fetch(fetcher, custom("acme-hmac").build(), Map.of("account", "a")));

      assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
      assertThat(e.retryable()).isFalse();
      assertThat(e.problems())
          .singleElement()
          .asString()
          .startsWith("auth.scheme: no authenticator is registered under 'acme-hmac'")
          .contains("acme-key", "basic", "oauth2");
      assertThat(e.hint()).contains("authenticator(\"acme-hmac\"");
      assertThat(server.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void fetch_unregisteredMapper_isInvalidConfig_andSendsNothing() {
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .mapping(MappingConfig.builder().mapper("acme-xml").build())
            .build();
    try (HttpClientCouponFetcher fetcher = builder().build()) {
      CouponFetchException e =
          catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config));

      assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
      assertThat(e.problems())
          .singleElement()
          .asString()
          .startsWith("mapping.mapper: no response mapper is registered under 'acme-xml'");
      assertThat(server.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void testConfiguration_customAuthenticatorAndMapper_works() {
    server.stubFor(get(anyUrl()).willReturn(aResponse().withBody("B-1;B-2")));
    CouponSourceConfig config =
        custom("acme-key")
            .mapping(MappingConfig.builder().mapper("semicolons").build())
            .couponType(dev.couponfetch.CouponType.BULK)
            .build();
    try (HttpClientCouponFetcher fetcher =
        builder()
            .authenticator("acme-key", SIGNED)
            .responseMapper("semicolons", SEMICOLONS)
            .build()) {
      TestReport report = new ConfigurationTester(fetcher).test(config, Map.of("account", "a"));

      assertThat(report.works()).as(report.toText()).isTrue();
      assertThat(report.headline()).isEqualTo("Configuration Works!");
      assertThat(report.coupons()).extracting(Coupon::code).containsExactly("B-1", "B-2");
      assertThat(report.toText()).doesNotContain(KEY);
      assertThat(report.toJson()).doesNotContain(KEY);
    }
  }

  @Test
  void testConfiguration_unregisteredScheme_saysHowToFixIt() {
    try (HttpClientCouponFetcher fetcher = builder().build()) {
      TestReport report =
          new ConfigurationTester(fetcher)
              .test(custom("acme-hmac").build(), Map.of("account", "a"));

      assertThat(report.works()).isFalse();
      assertThat(report.reason()).contains(Reason.INVALID_CONFIG);
      assertThat(report.toText()).contains("auth.scheme", "acme-hmac");
      assertThat(report.hint()).hasValueSatisfying(h -> assertThat(h).contains("authenticator("));
    }
  }

  @Test
  void basic_isHttpClientsBasicScheme_preemptiveAndUtf8_onTheWire() throws Exception {
    BasicScheme scheme = new BasicScheme();
    scheme.initPreemptive(new UsernamePasswordCredentials("jürgen", "pässwörd".toCharArray()));
    String expected = scheme.generateAuthResponse(new HttpHost("x"), null, null);
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .auth(AuthConfig.basic("jürgen", "pässwörd"))
            .mapping(MappingConfig.builder().code("code").build())
            .build();
    try (HttpClientCouponFetcher fetcher = builder().build()) {
      mode.fetch(fetcher, config);
    }

    assertThat(expected)
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("jürgen:pässwörd".getBytes(StandardCharsets.UTF_8)));
    // One request: sent before any challenge.
    server.verify(1, getRequestedFor(anyUrl()).withHeader("Authorization", equalTo(expected)));
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void builder_refusesBuiltInDuplicateAndMalformedNames() {
    HttpClientCouponFetcher.Builder b = builder().authenticator("acme-key", SIGNED);

    assertThatThrownBy(() -> b.authenticator("basic", SIGNED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'basic' is registered already");
    assertThatThrownBy(() -> b.authenticator("acme-key", SIGNED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'acme-key' is registered already");
    assertThatThrownBy(() -> b.responseMapper("standard", SEMICOLONS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.authenticator("Acme Key", SIGNED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth.scheme");
    assertThatThrownBy(() -> b.authenticator("acme-2", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("authenticator == null");
  }

  @Test
  void fetch_authenticatorThatThrows_failsTheFetchWithItsException() {
    AtomicReference<RuntimeException> thrown = new AtomicReference<>();
    Authenticator broken =
        call -> {
          RuntimeException e = new IllegalStateException("broken authenticator");
          thrown.set(e);
          throw e;
        };
    try (HttpClientCouponFetcher fetcher = builder().authenticator("broken", broken).build()) {
      Throwable e =
          catchThrowableOfType(
              RuntimeException.class,
              () -> mode.fetch(fetcher, custom("broken").build(), Map.of("account", "a")));

      assertThat(e).isSameAs(thrown.get());
      assertThat(server.getAllServeEvents()).isEmpty();
    }
  }

  @Test
  void fetch_mapperThatThrows_failsTheFetchWithItsException() {
    IllegalStateException bug = new IllegalStateException("mapper bug");
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + "/codes")
            .mapping(MappingConfig.builder().mapper("buggy").build())
            .build();
    try (HttpClientCouponFetcher fetcher =
        builder()
            .responseMapper(
                "buggy",
                c ->
                    (body, charset) -> {
                      throw bug;
                    })
            .build()) {
      Throwable e = catchThrowableOfType(RuntimeException.class, () -> mode.fetch(fetcher, config));

      assertThat(e).isSameAs(bug);
      assertThat(server.getAllServeEvents()).hasSize(1);
    }
  }
}
