package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Secret;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A variable's value, whatever it holds, stays inside the JSON string, form field, URL component or
 * header value it is substituted into, and reads back as exactly that value.
 */
class VariableEncodingPropertyTest {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Unreserved characters: what a substituted URL component may hold besides escapes. */
  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private static final CouponSourceConfig JSON_CONFIG =
      CouponSourceConfig.builder("https://h.example/c")
          .method(RequestMethod.POST_JSON)
          .payloadJson(
              "{\"a\":\"{{v}}\",\"b\":\"pre {{v}} post\",\"n\":1,\"o\":{\"arr\":[\"{{v}}\",2]}}")
          .build();

  private static final CouponSourceConfig FORM_CONFIG =
      CouponSourceConfig.builder("https://h.example/c")
          .method(RequestMethod.POST_FORM)
          .payloadJson("{\"a\":\"{{v}}\",\"b\":\"x{{v}}y\",\"c\":\"const&=+\",\"n\":5}")
          .build();

  private static final CouponSourceConfig URL_CONFIG =
      CouponSourceConfig.builder("https://h.example:8443/a/{{v}}/b-{{v}}?x={{v}}&{{v}}=z&y=1")
          .auth(AuthConfig.queryString(Map.of("key", "{{v}}")))
          .build();

  private static final CouponSourceConfig HEADER_CONFIG =
      CouponSourceConfig.builder("https://h.example/c")
          .method(RequestMethod.POST_JSON)
          .header("X-V", "pre-{{v}}")
          .header("Content-Type", "application/json; profile={{v}}")
          .auth(AuthConfig.headers(Map.of("X-Key", "{{v}}")))
          .build();

  @Test
  void prepare_jsonPayload_valueStaysInItsString() {
    forAllValues().check(VariableEncodingPropertyTest::valueStaysInItsJsonString);
  }

  private static void valueStaysInItsJsonString(String v) {
    PreparedRequest r = JSON_CONFIG.prepare(Map.of("v", v));

    String text = strictUtf8(r.body());
    JsonNode body = parse(text);
    assertThat(fieldNames(body)).containsExactly("a", "b", "n", "o");
    assertThat(body.get("a").textValue()).isEqualTo(v);
    assertThat(body.get("b").textValue()).isEqualTo("pre " + v + " post");
    assertThat(body.get("n").intValue()).isEqualTo(1);
    assertThat(fieldNames(body.get("o"))).containsExactly("arr");
    assertThat(body.get("o").get("arr")).hasSize(2);
    assertThat(body.get("o").get("arr").get(0).textValue()).isEqualTo(v);
  }

  @Test
  void prepare_formPayload_valueStaysInItsField() {
    forAllValues().check(VariableEncodingPropertyTest::valueStaysInItsFormField);
  }

  private static void valueStaysInItsFormField(String v) {
    PreparedRequest r = FORM_CONFIG.prepare(Map.of("v", v));

    String body = new String(r.body(), StandardCharsets.US_ASCII);
    String[] fields = body.split("&", -1);
    assertThat(fields).hasSize(4);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String field : fields) {
      String[] pair = field.split("=", -1);
      assertThat(pair).as(body).hasSize(2);
      names.add(formDecode(pair[0]));
      values.add(formDecode(pair[1]));
    }
    assertThat(names).containsExactly("a", "b", "c", "n");
    String sent = utf8RoundTrip(v);
    assertThat(values).containsExactly(sent, "x" + sent + "y", "const&=+", "5");
  }

  @Test
  void prepare_urlComponents_structureUnchangedAndValueDecodes() {
    forAllValues().check(VariableEncodingPropertyTest::valueDecodesFromItsUrlComponents);
  }

  private static void valueDecodesFromItsUrlComponents(String v) {
    PreparedRequest prepared = URL_CONFIG.prepare(Map.of("v", v));
    PreparedRequest r =
        Authenticator.standard(URL_CONFIG.auth().type())
            .authenticate(prepared, URL_CONFIG, Map.of("v", v));

    URI uri = URI.create(r.uri().toString());
    assertThat(uri.getScheme()).isEqualTo("https");
    assertThat(uri.getHost()).isEqualTo("h.example");
    assertThat(uri.getPort()).isEqualTo(8443);
    assertThat(uri.getRawFragment()).isNull();
    String sent = utf8RoundTrip(v);
    String[] segments = uri.getRawPath().split("/", -1);
    assertThat(segments).hasSize(4);
    assertThat(segments[1]).isEqualTo("a");
    assertEncoded(segments[2]);
    assertThat(percentDecode(segments[2])).isEqualTo(sent);
    assertThat(percentDecode(segments[3])).isEqualTo("b-" + sent);
    String[] params = uri.getRawQuery().split("&", -1);
    assertThat(params).hasSize(4);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String param : params) {
      String[] pair = param.split("=", -1);
      assertThat(pair).as(uri.getRawQuery()).hasSize(2);
      assertEncoded(pair[0]);
      assertEncoded(pair[1]);
      names.add(percentDecode(pair[0]));
      values.add(percentDecode(pair[1]));
    }
    assertThat(names).containsExactly("x", sent, "y", "key");
    assertThat(values).containsExactly(sent, "z", "1", sent);
    assertThat(r.displayUri()).endsWith("&key=****");
  }

  @Test
  void prepare_headers_exactValueOrRefused() {
    forAllValues().check(VariableEncodingPropertyTest::headerValueExactOrRefused);
  }

  private static void headerValueExactOrRefused(String v) {
    // RFC 9110: no control character but a tab in a field value (CR and LF would split it).
    boolean breaksALine = v.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    PreparedRequest r;
    try {
      PreparedRequest prepared = HEADER_CONFIG.prepare(Map.of("v", v));
      r =
          Authenticator.standard(HEADER_CONFIG.auth().type())
              .authenticate(prepared, HEADER_CONFIG, Map.of("v", v));
    } catch (CouponFetchException e) {
      assertThat(breaksALine).as("refused %s: %s", escape(v), e.getMessage()).isTrue();
      assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
      return;
    }
    assertThat(breaksALine).as("accepted %s", escape(v)).isFalse();
    assertThat(r.headers())
        .containsExactly(
            new PreparedRequest.Header("X-V", "pre-" + v, false),
            new PreparedRequest.Header("X-Key", v, true));
    assertThat(r.contentType()).isEqualTo("application/json; profile=" + v);
    if (!v.equals(Secret.MASK)) { // a secret that is the mask itself looks the same masked
      assertThat(r.toString()).doesNotContain("X-Key: " + v + "]");
    }
  }

  /** Any text, after the edge values (the mask {@code ****} among them). */
  private static PropertyCheck<String> forAllValues() {
    return PropertyCheck.forAll(Generators.nastyStrings())
        .withExamples(Generators.nastyExamples())
        .tries(3000);
  }

  /** What UTF-8 can carry of {@code v}: Java encodes a lone surrogate as {@code ?}. */
  static String utf8RoundTrip(String v) {
    return new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String text) {
    try {
      return STRICT.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + escape(text), e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Decodes as a strict UTF-8 decoder would on the server: malformed bytes are an error. */
  static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("not UTF-8: " + escape(new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  /** RFC 3986 percent-decoding ({@code +} is a plus), strict UTF-8. */
  static String percentDecode(String raw) {
    byte[] out = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        out[n++] = (byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        assertThat(c).isLessThan('\u0080');
        out[n++] = (byte) c;
      }
    }
    return strictUtf8(java.util.Arrays.copyOf(out, n));
  }

  /**
   * {@code raw} holds only unreserved characters and {@code %XX} escapes with upper-case hex (a
   * loop, not a regex: {@code (a|b)*} recurses once per character and overflows the stack on long
   * values).
   */
  private static void assertEncoded(String raw) {
    boolean encoded = true;
    for (int i = 0; i < raw.length() && encoded; i++) {
      if (raw.charAt(i) == '%') {
        encoded = i + 2 < raw.length() && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2));
        i += 2;
      } else {
        encoded = UNRESERVED.indexOf(raw.charAt(i)) >= 0;
      }
    }
    assertThat(encoded).as("percent-encoded: %s", raw).isTrue();
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  /** {@code application/x-www-form-urlencoded} decoding: {@code +} is a space. */
  static String formDecode(String raw) {
    return percentDecode(raw.replace("+", "%20"));
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.chars()
        .forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : "" + (char) c));
    return b.toString();
  }
}
