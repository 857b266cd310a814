package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.properties.Gen;
import dev.couponfetch.properties.PropertyCheck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the core prepares is what reaches the endpoint: a variable's value, whatever it holds,
 * arrives on the wire in the URL, headers and body exactly as the prepared request has it (the
 * transport does not re-normalise {@code %2E%2E} or re-encode anything), or the call is refused
 * before any request when the value would break a header.
 */
class WireVariablePropertyTest {
  private static final List<String> PIECES =
      List.of(
          "\"",
          "\\",
          "'",
          "&",
          "=",
          "+",
          "#",
          "?",
          "/",
          "%",
          "%2F",
          "%2E%2E",
          "{{x}}",
          "\r",
          "\n",
          "\0",
          "\t",
          "\u0001",
          "\u007f",
          " ",
          "\u00e9",
          "\u4e2d",
          "\ud83d\ude00",
          ".",
          "..",
          ";",
          ",",
          "[",
          "]",
          "<",
          ">",
          "@",
          ":");

  private static WireMockServer server;
  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(okJson("{\"code\":\"WIRE-1\"}")));
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    server.stop();
  }

  /** A value sent with a request method. */
  record Case(String v, RequestMethod method) {}

  @Test
  void fetch_anyValue_arrivesAsPrepared() {
    Gen<String> values = values();
    Gen<RequestMethod> methods = Gen.valueOf(RequestMethod.class);
    PropertyCheck.forAll(r -> new Case(values.next(r), methods.next(r)))
        .withExamples(examples())
        .tries(300)
        .check(WireVariablePropertyTest::arrivesAsPrepared);
  }

  /** The empty value, a few compounds and each piece alone, taking the request methods in turn. */
  private static List<Case> examples() {
    List<String> values = new ArrayList<>(List.of("", "%2E%2E/%2E%2E", " \t x \t ", "\t", "****"));
    values.addAll(PIECES);
    RequestMethod[] methods = RequestMethod.values();
    List<Case> l = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      l.add(new Case(values.get(i), methods[i % methods.length]));
    }
    return l;
  }

  private static void arrivesAsPrepared(Case c) {
    String v = c.v();
    RequestMethod method = c.method();
    CouponSourceConfig config =
        CouponSourceConfig.builder("http://127.0.0.1:" + server.port() + "/a/{{v}}/b?x={{v}}")
            .method(method)
            .payloadJson(
                method == RequestMethod.GET ? null : "{\"a\":\"{{v}}\",\"b\":\"x{{v}}y\",\"n\":1}")
            .header("X-V", "pre-{{v}}")
            .auth(AuthConfig.headers(Map.of("X-Key", "{{v}}")))
            .mapping(MappingConfig.code("code"))
            .build();
    Map<String, String> variables = Map.of("v", v);
    boolean breaksAHeader = otherControl(v);
    server.resetRequests();

    try {
      fetcher.fetch(config, variables);
    } catch (CouponFetchException e) {
      assertThat(breaksAHeader).as("%s: %s", e.reason(), e.getMessage()).isTrue();
      assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
      assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
      return;
    }
    assertThat(breaksAHeader).isFalse();
    PreparedRequest prepared =
        Authenticator.standard(config.auth().type())
            .authenticate(config.prepare(variables), config, variables);
    List<LoggedRequest> received = server.findAll(anyRequestedFor(anyUrl()));
    assertThat(received).hasSize(1);
    LoggedRequest r = received.get(0);
    URI uri = prepared.uri();
    assertThat(r.getUrl()).isEqualTo(uri.getRawPath() + "?" + uri.getRawQuery());
    // HTTP strips a field value's leading and trailing spaces and tabs (RFC 9110, 5.5).
    assertThat(utf8(r.getHeader("X-Key"))).isEqualTo(trimOws(v));
    assertThat(utf8(r.getHeader("X-V"))).isEqualTo(trimOws("pre-" + v));
    if (method != RequestMethod.GET) {
      assertThat(r.getBody()).isEqualTo(prepared.body());
    }
  }

  /** A header value as sent (UTF-8), from the ISO-8859-1 text the server decoded it as. */
  private static String utf8(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static Gen<String> values() {
    Gen<String> pieces = Gen.concat(Gen.elementOf(PIECES), 0, 6);
    Gen<String> any = Gen.strings(Gen.chars('\u0000', '\uffff'), 0, 8);
    return Gen.frequency(3, pieces).or(1, any).filter(WireVariablePropertyTest::wellFormed);
  }

  private static String trimOws(String s) {
    return s.replaceAll("^[ \t]+|[ \t]+$", "");
  }

  /** RFC 9110: no control character but a tab in a header value; such values are refused. */
  private static boolean otherControl(String v) {
    return v.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
  }

  /** Lone surrogates cannot be sent as UTF-8 at all (core's property tests cover them). */
  private static boolean wellFormed(String s) {
    return s.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
  }
}
