package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.tls.TestPki;
import java.nio.file.Path;
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
 * TLS against real handshakes on loopback: WireMock's own self-signed certificate, and certificates
 * of a private CA made in the test (for 127.0.0.1 and localhost, and for another host).
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class TlsFetchTest {
  @Parameter FetchMode mode;

  @TempDir static Path dir;

  private static TestPki ca;
  private static WireMockServer selfSigned;
  private static WireMockServer privateCa;
  private static WireMockServer otherHost;
  private HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    ca = TestPki.ca("coupon-fetch test CA");
    selfSigned = https(options());
    privateCa = https(keyStore(ca.serverKeyStore(dir, new String[] {"127.0.0.1"}, "localhost")));
    otherHost = https(keyStore(ca.serverKeyStore(dir, new String[0], "coupons.other.example")));
  }

  private static WireMockConfiguration keyStore(Path p12) {
    String password = new String(TestPki.PASSWORD);
    return options()
        .keystorePath(p12.toString())
        .keystoreType("PKCS12")
        .keystorePassword(password)
        .keyManagerPassword(password);
  }

  private static WireMockServer https(WireMockConfiguration o) {
    WireMockServer s =
        new WireMockServer(o.httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1"));
    s.start();
    s.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"TLS-1\"}")));
    return s;
  }

  @AfterAll
  static void stop() {
    selfSigned.stop();
    privateCa.stop();
    otherHost.stop();
  }

  @BeforeEach
  void setUp() {
    privateCa.resetRequests();
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxRetries(0).build();
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
  }

  private static String url(WireMockServer s, String host) {
    return "https://" + host + ":" + s.httpsPort() + "/coupons";
  }

  private static CouponSourceConfig config(String url, String pem) {
    return CouponSourceConfig.builder(url)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2000, 2000))
        .trustedCertificates(pem)
        .build();
  }

  private CouponFetchException failure(CouponSourceConfig c) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, c, Map.of()));
    assertThat(e).isNotNull();
    return e;
  }

  private static void assertPlainMessage(CouponFetchException e) {
    assertThat(e.getMessage()).doesNotContain("\tat ").doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void fetch_selfSignedCertificate_failsAsNotTrusted() {
    CouponFetchException e = failure(config(url(selfSigned, "127.0.0.1"), null));

    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .startsWith("The TLS connection to 127.0.0.1:" + selfSigned.httpsPort() + " failed: ")
        .contains("certificate not trusted: PKIX path building failed");
    assertPlainMessage(e);
  }

  @Test
  void fetch_privateCaInTheConfig_isTrusted_byIpAndByName() {
    assertThat(
            mode.fetch(fetcher, config(url(privateCa, "127.0.0.1"), ca.pem()), Map.of())
                .first()
                .code())
        .isEqualTo("TLS-1");
    assertThat(
            mode.fetch(fetcher, config(url(privateCa, "localhost"), ca.pem()), Map.of())
                .first()
                .code())
        .isEqualTo("TLS-1");
  }

  @Test
  void fetch_privateCaNotInTheConfig_failsEvenAfterAConfigTrustingItConnected() {
    // The trusting config's pooled connection to the same host must not serve the other config.
    mode.fetch(fetcher, config(url(privateCa, "127.0.0.1"), ca.pem()), Map.of());

    CouponFetchException e = failure(config(url(privateCa, "127.0.0.1"), null));

    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.getMessage()).contains("certificate not trusted: PKIX path building failed");
    assertThat(privateCa.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void fetch_anotherCaInTheConfig_doesNotTrustTheServer() {
    String stranger = TestPki.ca("someone else's CA").pem();

    CouponFetchException e = failure(config(url(privateCa, "127.0.0.1"), stranger));

    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.getMessage()).contains("certificate not trusted");
  }

  @Test
  void fetch_trustedCertificateForAnotherHost_failsHostnameVerification() {
    for (String host : new String[] {"127.0.0.1", "localhost"}) {
      CouponFetchException e = failure(config(url(otherHost, host), ca.pem()));

      assertThat(e.reason()).as(host).isEqualTo(Reason.TLS_FAILED);
      assertThat(e.getMessage()).endsWith("certificate does not match host " + host);
      assertPlainMessage(e);
    }
  }

  @Test
  void configsWithTheSameCertificates_shareOneClient() {
    mode.fetch(fetcher, config(url(privateCa, "127.0.0.1"), ca.pem()), Map.of());
    mode.fetch(fetcher, config(url(privateCa, "localhost"), "\n" + ca.pem() + "\n\n"), Map.of());
    mode.fetch(fetcher, config(url(privateCa, "127.0.0.1") + "?again", ca.pem()), Map.of());

    assertThat(fetcher.tlsClientsCached()).isEqualTo(1);
  }

  @Test
  void fetch_oauth2TokenEndpointOnThePrivateCa_usesTheConfigsCertificates() {
    privateCa.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT-TLS-1\",\"token_type\":\"Bearer\",\"expires_in\":60}")));
    String tokenUrl = "https://127.0.0.1:" + privateCa.httpsPort() + "/token";
    AuthConfig oauth = AuthConfig.oauth2ClientCredentials(tokenUrl, "c", "tls-secret-1");

    CouponSourceConfig trusting =
        config(url(privateCa, "127.0.0.1"), ca.pem()).toBuilder().auth(oauth).build();
    assertThat(mode.fetch(fetcher, trusting, Map.of()).first().code()).isEqualTo("TLS-1");

    CouponSourceConfig plain =
        config(url(privateCa, "127.0.0.1"), null).toBuilder().name("plain").auth(oauth).build();
    CouponFetchException e = failure(plain);
    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.getMessage())
        .contains("token endpoint " + tokenUrl)
        .contains("certificate not trusted")
        .doesNotContain("tls-secret-1");
  }
}
