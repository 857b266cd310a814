package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.RequestMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plain-credential auth type with every request type, checked against what the server
 * received (WireMock's journal). Digest needs a server that verifies the hash: see {@link
 * DigestAuthTest}.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class FetchMatrixTest {
  @Parameter FetchMode mode;

  /** Characters that break naive encoding in URLs, forms and JSON. */
  private static final String EMAIL = "a+b&c=d \"q\" é 日本@x.example";

  private static final String VISITOR = "v-42";
  private static final String PASSWORD = "pä55word:Basic";
  private static final String API_KEY = "k3y &=+/é";
  private static final String HEADER_KEY = "hk-90210-Secret";
  private static final Map<String, String> VARS = Map.of("email", EMAIL, "visitor", VISITOR);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (AuthType auth :
        List.of(AuthType.NONE, AuthType.BASIC, AuthType.QUERY_STRING, AuthType.HEADERS)) {
      for (RequestMethod method : RequestMethod.values()) {
        cases.add(Arguments.of(auth, method));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("matrix")
  void fetch_authTypeAndRequestType_serverReceivesExactRequest(
      AuthType authType, RequestMethod method) throws Exception {
    String path = "/codes/" + authType.name().toLowerCase(Locale.ROOT) + "/" + method;
    server.stubFor(any(urlPathEqualTo(path)).willReturn(okJson("{\"code\":\"SPRING-7K2Q\"}")));
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder(server.baseUrl() + path + "?src=popup&email={{email}}")
            .name("matrix")
            .method(method)
            .header("Accept", "application/json")
            .header("X-Visitor", "{{visitor}}")
            .auth(auth(authType))
            .mapping(MappingConfig.code("code"));
    if (method != RequestMethod.GET) {
      b.payloadJson("{\"campaign\":\"spring\",\"email\":\"{{email}}\",\"count\":1}");
    }

    CouponBatch batch = mode.fetch(fetcher, b.build(), VARS);

    assertThat(batch.first().code()).isEqualTo("SPRING-7K2Q");
    assertThat(batch.status()).isEqualTo(200);
    List<LoggedRequest> received = server.findAll(anyRequestedFor(urlPathEqualTo(path)));
    assertThat(received).hasSize(1); // Basic is preemptive: no 401 round trip
    LoggedRequest r = received.get(0);
    assertThat(r.getMethod().getName()).isEqualTo(method.httpMethod());
    assertThat(r.getHeader("Accept")).isEqualTo("application/json");
    assertThat(r.getHeader("X-Visitor")).isEqualTo(VISITOR);
    assertThat(r.getHeader("User-Agent")).startsWith("coupon-fetch/");
    assertThat(r.getHeader("Cookie")).isNull();

    List<String> query = new ArrayList<>(List.of("src=popup", "email=" + EMAIL));
    if (authType == AuthType.QUERY_STRING) {
      query.addAll(List.of("api_key=" + API_KEY, "sig=" + VISITOR));
    }
    assertThat(decodedPairs(r.getUrl().substring(r.getUrl().indexOf('?') + 1), false))
        .containsExactlyElementsOf(query);

    if (authType == AuthType.BASIC) {
      String expected = "merchant:" + PASSWORD;
      assertThat(r.getHeader("Authorization"))
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder().encodeToString(expected.getBytes(StandardCharsets.UTF_8)));
    } else {
      assertThat(r.getHeader("Authorization")).isNull();
    }
    if (authType == AuthType.HEADERS) {
      assertThat(r.getHeader("X-Api-Key")).isEqualTo(HEADER_KEY);
      assertThat(r.getHeader("X-Tenant")).isEqualTo("tenant-" + VISITOR);
    } else {
      assertThat(r.containsHeader("X-Api-Key")).isFalse();
    }

    switch (method) {
      case GET:
        assertThat(r.getBody()).isEmpty();
        assertThat(r.containsHeader("Content-Type")).isFalse();
        break;
      case POST_JSON:
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(new String(r.getBody(), StandardCharsets.UTF_8)))
            .isEqualTo(
                JSON.createObjectNode()
                    .put("campaign", "spring")
                    .put("email", EMAIL)
                    .put("count", 1));
        break;
      case POST_FORM:
        assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(decodedPairs(new String(r.getBody(), StandardCharsets.US_ASCII), true))
            .containsExactly("campaign=spring", "email=" + EMAIL, "count=1");
        break;
      default:
        throw new AssertionError(method);
    }
  }

  private static AuthConfig auth(AuthType type) {
    switch (type) {
      case NONE:
        return AuthConfig.none();
      case BASIC:
        return AuthConfig.basic("merchant", PASSWORD);
      case QUERY_STRING:
        return AuthConfig.builder(AuthType.QUERY_STRING)
            .param("api_key", API_KEY)
            .param("sig", "{{visitor}}")
            .build();
      case HEADERS:
        return AuthConfig.builder(AuthType.HEADERS)
            .header("X-Api-Key", HEADER_KEY)
            .header("X-Tenant", "tenant-{{visitor}}")
            .build();
      default:
        throw new AssertionError(type);
    }
  }

  /**
   * {@code name=value} pairs of a query or form body, decoded. A query is decoded strictly (a
   * {@code +} must have been sent as {@code %2B}, so a literal one stays a plus), a form as forms
   * are ({@code +} is a space).
   */
  private static List<String> decodedPairs(String encoded, boolean form) {
    List<String> pairs = new ArrayList<>();
    for (String pair : encoded.split("&")) {
      String p = form ? pair : pair.replace("+", "%2B");
      int eq = p.indexOf('=');
      pairs.add(decode(p.substring(0, eq)) + "=" + decode(p.substring(eq + 1)));
    }
    return pairs;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
