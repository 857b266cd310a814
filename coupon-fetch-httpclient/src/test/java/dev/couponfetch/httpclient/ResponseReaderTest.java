package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.internal.text.Redactor;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

/** The size cap and charset of {@link ResponseReader}, without a network. */
class ResponseReaderTest {
  private static final PreparedRequest REQUEST =
      PreparedRequest.of(
          RequestMethod.GET, URI.create("http://shop.example/codes"), List.of(), null, null);
  private static final Exchange.SentRequest SENT = Exchange.SentRequest.of(REQUEST);
  private static final Redactor REDACTOR = Redactor.of(REQUEST, AuthConfig.none());

  /** An endless body that counts what was read from it. */
  private static final class Endless extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        b[off + i] = 'x';
      }
      read += len;
      return len;
    }
  }

  @Test
  void read_endlessBody_stopsOneBytePastTheCap() {
    Endless body = new Endless();
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(200);
    response.setEntity(new InputStreamEntity(body, -1, ContentType.TEXT_PLAIN));

    ResponseReader.TooLarge t =
        catchThrowableOfType(
            ResponseReader.TooLarge.class,
            () ->
                ResponseReader.read(
                    response, 100_000, new HttpGet("http://shop.example/"), REDACTOR, null));
    CouponFetchException e =
        ResponseReader.tooLarge(100_000, t.head(), t.start(), t.charset(), REDACTOR, SENT);

    assertThat(e.reason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
    assertThat(e.getMessage())
        .isEqualTo(
            "The response from http://shop.example/codes is larger than the limit of 100000 bytes"
                + " (maxResponseBytes)");
    assertThat(body.read).isEqualTo(100_001);
    assertThat(e.exchange().orElseThrow().response().body()).hasSize(Exchange.BODY_LIMIT);
  }

  @Test
  void read_bodyExactlyAtCap_isRead() throws Exception {
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(200);
    response.setEntity(new StringEntity("y".repeat(64), ContentType.TEXT_PLAIN));

    ResponseReader.Body body =
        ResponseReader.read(response, 64, new HttpGet("http://shop.example/"), REDACTOR, null);

    assertThat(body.bytes()).hasSize(64);
  }

  @Test
  void read_declaredLengthOverCap_failsWithoutReading() {
    Endless endless = new Endless();
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(200);
    response.setEntity(new InputStreamEntity(endless, 1_000_000, ContentType.TEXT_PLAIN));

    ResponseReader.TooLarge t =
        catchThrowableOfType(
            ResponseReader.TooLarge.class,
            () ->
                ResponseReader.read(
                    response, 1024, new HttpGet("http://shop.example/"), REDACTOR, null));

    assertThat(t.start()).isEmpty();
    assertThat(endless.read).isZero();
  }

  @Test
  void read_charsetFromContentType_defaultsToUtf8() throws Exception {
    BasicClassicHttpResponse latin1 = new BasicClassicHttpResponse(200);
    latin1.setEntity(
        new StringEntity("é", ContentType.create("text/plain", StandardCharsets.ISO_8859_1)));
    BasicClassicHttpResponse none = new BasicClassicHttpResponse(200);
    none.setEntity(new StringEntity("é", ContentType.create("application/json")));
    BasicClassicHttpResponse unknown = new BasicClassicHttpResponse(200);
    unknown.addHeader("Content-Type", "text/plain; charset=x-no-such-charset");
    unknown.setEntity(
        new InputStreamEntity(
            new java.io.ByteArrayInputStream("é".getBytes(StandardCharsets.UTF_8)),
            2,
            ContentType.parseLenient("text/plain; charset=x-no-such-charset")));
    HttpGet get = new HttpGet("http://shop.example/");

    assertThat(ResponseReader.read(latin1, 10, get, REDACTOR, null).charset())
        .isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(ResponseReader.read(latin1, 10, get, REDACTOR, null).text()).isEqualTo("é");
    assertThat(ResponseReader.read(none, 10, get, REDACTOR, null).charset())
        .isEqualTo(StandardCharsets.UTF_8);
    assertThat(ResponseReader.read(unknown, 10, get, REDACTOR, null).text()).isEqualTo("é");
  }
}
