package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Header bytes as they cross the wire (a raw socket sees them, WireMock would decode them). */
@ParameterizedClass
@EnumSource(FetchMode.class)
class WireEncodingTest {
  @Parameter FetchMode mode;

  private static final String OK_BODY = "{\"code\":\"U-1\"}";

  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterAll
  static void stop() {
    fetcher.close();
  }

  private static byte[] ok(String extraHeader) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: "
                + OK_BODY.length()
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(extraHeader.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(("\r\n" + OK_BODY).getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** {@code text} as UTF-8 bytes, held one char per byte so that it can be searched for. */
  private static String utf8Bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Test
  void fetch_nonLatin1HeaderValues_areSentAsUtf8Bytes() throws Exception {
    try (RawHttpServer server = new RawHttpServer(ok(""))) {
      CouponSourceConfig config =
          CouponSourceConfig.builder(server.baseUrl() + "/codes")
              .header("X-Lit", "日本")
              .header("X-Var", "{{v}}")
              .mapping(MappingConfig.code("code"))
              .build();

      CouponBatch batch = mode.fetch(fetcher, config, Map.of("v", "é 日本 😀"));

      assertThat(batch.first().code()).isEqualTo("U-1");
      String head = new String(server.head(), StandardCharsets.ISO_8859_1);
      assertThat(head)
          .contains(utf8Bytes("\r\nX-Lit: 日本\r\n"))
          .contains(utf8Bytes("\r\nX-Var: é 日本 😀\r\n"))
          .doesNotContain("?");
      assertThat(batch.exchange().request().headers())
          .extracting(h -> h.name() + ": " + h.value())
          .contains("X-Lit: 日本", "X-Var: é 日本 😀");
    }
  }

  @Test
  void fetch_responseHeaderWithALatin1Byte_stillSucceeds() throws Exception {
    try (RawHttpServer server = new RawHttpServer(ok("X-Shop: Caf\u00e9 Paris\r\n"))) {
      CouponSourceConfig config =
          CouponSourceConfig.builder(server.baseUrl() + "/codes")
              .mapping(MappingConfig.code("code"))
              .build();

      CouponBatch batch = mode.fetch(fetcher, config, Map.of());

      assertThat(batch.first().code()).isEqualTo("U-1");
      assertThat(batch.exchange().response().headers())
          .anySatisfy(
              h -> {
                assertThat(h.name()).isEqualTo("X-Shop");
                assertThat(h.value()).startsWith("Caf").endsWith(" Paris");
              });
    }
  }
}
