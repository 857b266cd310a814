package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.ClientCertificate;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.Reason;
import dev.couponfetch.TestReport;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.tls.MtlsServer;
import dev.couponfetch.httpclient.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS against a real Jetty server that requires a client certificate of its CA (and one that
 * only asks for one, for the token endpoint), blocking and async: PEM and PKCS#12 succeed; no
 * certificate, one of another CA and an expired one fail with TLS_FAILED and a hint saying which;
 * each config's connections carry its own certificate; the token endpoint gets it only with
 * TLS_CLIENT_AUTH.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class MutualTlsTest {
  private static final String P12_PASSWORD = "p12-Secret-7781";

  @Parameter FetchMode mode;

  @TempDir static Path dir;

  private static TestPki serverCa;
  private static TestPki clientCa;
  private static TestPki.Client shopA;
  private static TestPki.Client shopB;
  private static MtlsServer required;
  private static MtlsServer optional;
  private HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() throws Exception {
    serverCa = TestPki.ca("coupon-fetch test server CA");
    clientCa = TestPki.ca("coupon-fetch test client CA");
    shopA = clientCa.client("shop-a");
    shopB = clientCa.client("shop-b");
    required = new MtlsServer(serverCa, clientCa, dir, true);
    optional = new MtlsServer(serverCa, clientCa, dir, false);
  }

  @AfterAll
  static void stop() {
    required.close();
    optional.close();
  }

  @BeforeEach
  void setUp() {
    required.clear();
    optional.clear();
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxRetries(0).build();
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
  }

  private static CouponSourceConfig.Builder config(MtlsServer server) {
    return CouponSourceConfig.builder(server.baseUrl() + "/coupons")
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2000, 2000))
        .trustedCertificates(serverCa.pem());
  }

  private static ClientCertificate pem(TestPki.Client c) {
    return ClientCertificate.pem(c.certificatePem(), c.keyPem());
  }

  private CouponFetchException failure(CouponSourceConfig c) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, c));
    assertThat(e).as("the fetch must fail").isNotNull();
    return e;
  }

  private static String keyBody(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
  }

  @Test
  void fetch_pemCertificate_presentedToTheEndpoint() {
    CouponSourceConfig c = config(required).clientCertificate(pem(shopA)).build();

    assertThat(mode.fetch(fetcher, c).first().code()).startsWith("MTLS-");
    assertThat(required.subjects()).containsExactly("CN=shop-a");
  }

  @Test
  void fetch_pkcs12_presentedToTheEndpoint() {
    CouponSourceConfig c =
        config(required)
            .clientCertificate(ClientCertificate.pkcs12(shopB.pkcs12(P12_PASSWORD), P12_PASSWORD))
            .build();

    assertThat(mode.fetch(fetcher, c).first().code()).startsWith("MTLS-");
    assertThat(required.subjects()).containsExactly("CN=shop-b");
  }

  @Test
  void fetch_withBasicAuth_sendsBothCertificateAndCredentials() {
    CouponSourceConfig c =
        config(required)
            .auth(AuthConfig.basic("merchant", "basic-Secret-42"))
            .clientCertificate(pem(shopA))
            .build();

    mode.fetch(fetcher, c);
    assertThat(required.subjects()).containsExactly("CN=shop-a");
    assertThat(required.authorizations().get(0)).startsWith("Basic ");
  }

  @Test
  void fetch_twoConfigsWithOtherCertificates_neverShareAConnection() {
    CouponSourceConfig a = config(required).name("a").clientCertificate(pem(shopA)).build();
    CouponSourceConfig b = config(required).name("b").clientCertificate(pem(shopB)).build();
    CouponSourceConfig none = config(required).name("none").build();

    for (int i = 0; i < 3; i++) {
      mode.fetch(fetcher, a);
      mode.fetch(fetcher, b);
    }
    failure(none);
    assertThat(required.subjects())
        .containsExactly(
            "CN=shop-a", "CN=shop-b", "CN=shop-a", "CN=shop-b", "CN=shop-a", "CN=shop-b");
    assertThat(fetcher.tlsClientsCached()).isEqualTo(3); // a, b, and the CAs without a certificate
  }

  @Test
  void fetch_noCertificate_tlsFailed_hintAddsOne() {
    CouponFetchException e = failure(config(required).build());

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .startsWith("The TLS connection to 127.0.0.1:")
        .contains("the endpoint asked for a client certificate and none was presented");
    assertThat(e.hint())
        .startsWith(
            "The endpoint asked for a client certificate: add tls.clientCertificate and"
                + " tls.clientKey");
  }

  @Test
  void fetch_certificateOfAnotherCa_tlsFailed_notTrusted() {
    TestPki.Client stranger = TestPki.ca("some other CA").client("shop-x");
    CouponFetchException e = failure(config(required).clientCertificate(pem(stranger)).build());

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.getMessage())
        .contains(
            "the endpoint did not accept the client certificate CN=shop-x issued by CN=some"
                + " other CA (");
    assertThat(e.hint()).startsWith("The server does not trust this client certificate");
    assertThat(required.subjects()).isEmpty();
  }

  @Test
  void fetch_expiredCertificate_tlsFailed_saysWhenItExpired() {
    Instant end = Instant.parse("2024-03-01T12:00:00Z");
    TestPki.Client old = clientCa.client("shop-old", end.minus(Duration.ofDays(365)), end);
    CouponFetchException e = failure(config(required).clientCertificate(pem(old)).build());

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.getMessage()).contains("your client certificate expired on 2024-03-01T12:00:00Z");
    assertThat(e.hint()).startsWith("Your client certificate expired on 2024-03-01T12:00:00Z");
  }

  @Test
  void build_keyOfAnotherCertificate_invalidConfigNamingClientKey() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                config(required)
                    .clientCertificate(
                        ClientCertificate.pem(shopA.certificatePem(), shopB.keyPem()))
                    .build());

    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    assertThat(e.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(
            "tls.clientKey: the private key does not belong to the certificate (CN=shop-a)");
    assertThat(e.getMessage() + e.problems()).doesNotContain(keyBody(shopB.keyPem()));
  }

  private CouponSourceConfig oauth(ClientAuthMethod method) {
    AuthConfig.Builder auth =
        AuthConfig.builder(AuthType.OAUTH2)
            .grant(OAuth2Grant.CLIENT_CREDENTIALS)
            .tokenUrl(optional.baseUrl() + "/token")
            .clientId("shop-client")
            .clientAuth(method);
    if (method != ClientAuthMethod.TLS_CLIENT_AUTH) {
      auth.clientSecret("client-Secret-9911"); // the certificate is TLS_CLIENT_AUTH's only proof
    }
    return config(optional).auth(auth.build()).clientCertificate(pem(shopA)).build();
  }

  @Test
  void token_tlsClientAuth_presentsTheCertificate_clientIdInTheBody() {
    mode.fetch(fetcher, oauth(ClientAuthMethod.TLS_CLIENT_AUTH));

    // token request, then the coupon request
    assertThat(optional.subjects()).containsExactly("CN=shop-a", "CN=shop-a");
    assertThat(optional.authorizations().get(0)).isEqualTo("none");
    assertThat(optional.bodies().get(0))
        .contains("client_id=shop-client")
        .doesNotContain("client_secret");
    assertThat(optional.authorizations().get(1)).isEqualTo("Bearer mtls-access-token-1");
  }

  @Test
  void token_clientSecretBasic_noCertificateOnTheTokenRequest() {
    mode.fetch(fetcher, oauth(ClientAuthMethod.CLIENT_SECRET_BASIC));

    assertThat(optional.subjects()).containsExactly("none", "CN=shop-a");
    assertThat(optional.authorizations().get(0)).startsWith("Basic ");
  }

  @Test
  void secrets_neverInToStringReportOrException() {
    ClientCertificate p12 = ClientCertificate.pkcs12(shopA.pkcs12(P12_PASSWORD), P12_PASSWORD);
    TestPki.Client stranger = TestPki.ca("some other CA").client("shop-x");
    CouponSourceConfig pemConfig = config(required).clientCertificate(pem(stranger)).build();
    CouponSourceConfig p12Config = config(required).clientCertificate(p12).build();
    String key = keyBody(stranger.keyPem());
    String keystore = p12.keystore().reveal().substring(0, 40);

    CouponFetchException e = failure(pemConfig);
    TestReport report = new ConfigurationTester(fetcher).test(pemConfig, Map.of());
    assertThat(report.works()).isFalse();
    assertThat(report.reason()).contains(Reason.TLS_FAILED);
    assertThat(report.hint()).hasValueSatisfying(h -> assertThat(h).contains("does not trust"));
    for (String shown :
        new String[] {
          e.toString(),
          String.valueOf(e.getCause()),
          report.toText(),
          report.toJson(),
          pemConfig.toString(),
          pemConfig.toMaskedJson(),
          p12Config.toString(),
          p12Config.toMaskedJson(),
          p12.toString()
        }) {
      assertThat(shown).doesNotContain(key, keystore, P12_PASSWORD);
    }
  }
}
