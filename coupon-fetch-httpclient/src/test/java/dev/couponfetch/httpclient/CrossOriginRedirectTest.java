package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A redirect to a second origin while the request carries credentials is not followed: the second
 * origin's request journal stays empty. BASIC, HEADERS and QUERY_STRING are covered by {@code
 * FetchFailureTest#fetch_redirectToAnotherOriginWithCredentials_isNotFollowed}; these are the two
 * whose credentials HttpClient or the token manager add: DIGEST and the OAUTH2 bearer token.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class CrossOriginRedirectTest {
  @Parameter FetchMode mode;

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  @RegisterExtension static final LoopbackWireMock other = new LoopbackWireMock();
  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  @BeforeEach
  void reset() {
    other.stubFor(get(anyUrl()).willReturn(okJson("{\"code\":\"STOLEN\"}")));
    server.stubFor(
        get(urlPathEqualTo("/coupons"))
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", other.url("/steal?x=1"))));
  }

  private CouponFetchException failure(AuthConfig auth) {
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.url("/coupons"))
            .auth(auth)
            .mapping(MappingConfig.code("code"))
            .build();
    return catchThrowableOfType(
        CouponFetchException.class, () -> mode.fetch(fetcher, config, Map.of()));
  }

  @Test
  void fetch_bearerTokenRedirectedToAnotherOrigin_secondOriginReceivesNothing() {
    server.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT-CROSS-1\",\"token_type\":\"Bearer\",\"expires_in\":600}")));

    CouponFetchException e =
        failure(AuthConfig.oauth2ClientCredentials(server.url("/token"), "c", "cs-cross-1"));

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.status()).hasValue(302);
    assertThat(e.getMessage()).contains("redirect to " + other.baseUrl() + " not followed");
    assertThat(other.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    // The bearer token did reach the first origin: the refusal is about where it would go next.
    assertThat(
            server
                .findAll(anyRequestedFor(urlPathEqualTo("/coupons")))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("Bearer AT-CROSS-1");
  }

  @Test
  void fetch_digestRedirectedToAnotherOrigin_secondOriginReceivesNothing() {
    CouponFetchException e = failure(AuthConfig.digest("u", "digest-cross-pw"));

    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(e.status()).hasValue(302);
    assertThat(other.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
