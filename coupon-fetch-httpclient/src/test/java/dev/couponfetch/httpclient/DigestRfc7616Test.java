package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HttpClient's SHA-256 Digest answer checked against RFC 7616 section 3.9.1: the same challenge,
 * user and password, and a response recomputed from the cnonce and nc the client chose.
 */
class DigestRfc7616Test {
  private static final String REALM = "http-auth@example.org";
  private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  private static final String USER = "Mufasa";
  private static final String PASSWORD = "Circle of Life";
  private static final String URI = "/dir/index.html";

  private WireMockServer server;
  private final HttpClientCouponFetcher fetcher =
      HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  @Test
  void sha256Helper_reproducesTheRfcExample() {
    String response =
        sha256Response(
            USER,
            REALM,
            PASSWORD,
            "GET",
            URI,
            NONCE,
            "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            "auth");

    assertThat(response)
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void fetch_rfc7616Challenge_sendsTheRfcSha256Response() {
    server.stubFor(
        get(urlEqualTo(URI))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Digest realm=\""
                            + REALM
                            + "\", qop=\"auth, auth-int\", algorithm=SHA-256,"
                            + " nonce=\""
                            + NONCE
                            + "\", opaque=\""
                            + OPAQUE
                            + "\"")));
    server.stubFor(
        get(urlEqualTo(URI))
            .atPriority(1)
            .withHeader("Authorization", containing("Digest "))
            .willReturn(okJson("{\"code\":\"RFC-7616\"}")));
    CouponSourceConfig config =
        CouponSourceConfig.builder(server.baseUrl() + URI)
            .auth(AuthConfig.digest(USER, PASSWORD))
            .mapping(MappingConfig.code("code"))
            .build();

    assertThat(fetcher.fetch(config, Map.of()).first().code()).isEqualTo("RFC-7616");

    List<LoggedRequest> requests = server.findAll(getRequestedFor(urlEqualTo(URI)));
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).containsHeader("Authorization")).isFalse();
    String authorization = requests.get(1).getHeader("Authorization");
    assertThat(authorization).startsWith("Digest ");
    Map<String, String> p = params(authorization.substring("Digest ".length()));
    assertThat(p)
        .containsEntry("username", USER)
        .containsEntry("realm", REALM)
        .containsEntry("nonce", NONCE)
        .containsEntry("uri", URI)
        .containsEntry("algorithm", "SHA-256")
        .containsEntry("qop", "auth")
        .containsEntry("opaque", OPAQUE)
        .containsKeys("cnonce", "nc")
        .doesNotContainKey("rspauth");
    assertThat(p.get("response"))
        .isEqualTo(
            sha256Response(
                USER,
                REALM,
                PASSWORD,
                "GET",
                URI,
                NONCE,
                p.get("nc"),
                p.get("cnonce"),
                p.get("qop")));
  }

  /** RFC 7616 section 3.4.1 for SHA-256 without -sess: KD(H(A1), nonce:nc:cnonce:qop:H(A2)). */
  static String sha256Response(
      String user,
      String realm,
      String password,
      String method,
      String uri,
      String nonce,
      String nc,
      String cnonce,
      String qop) {
    String ha1 = sha256(user + ":" + realm + ":" + password);
    String ha2 = sha256(method + ":" + uri);
    return sha256(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The auth-params of a Digest header: quoted or token values, in order. */
  private static Map<String, String> params(String header) {
    Map<String, String> p = new LinkedHashMap<>();
    Matcher m = Pattern.compile("([\\w-]+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(header);
    while (m.find()) {
      p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    return p;
  }
}
