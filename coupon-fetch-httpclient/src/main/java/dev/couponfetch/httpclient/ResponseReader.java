package dev.couponfetch.httpclient;

import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.internal.text.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;

/** Reads a response's body through a size cap. */
final class ResponseReader {
  private static final int BUFFER = 8192;

  /** Reads of {@link #BUFFER} bytes spent on an unwanted body before dropping the connection. */
  private static final int DISCARD_READS = 8;

  private ResponseReader() {}

  /**
   * A response read in full: status, headers, decoded body bytes and charset. The masked headers
   * and the body as redacted text are made when first asked for (a failure, a report): a fetch that
   * maps the bytes and succeeds never pays for them. Immutable.
   */
  static final class Body implements Authenticator.Response {
    private final int status;
    private final Header[] raw;
    private final byte[] bytes;
    private final Charset charset;
    private final Redactor redactor;
    private volatile List<PreparedRequest.Header> headers;
    private volatile String text;

    Body(int status, Header[] raw, byte[] bytes, Charset charset, Redactor redactor) {
      this.status = status;
      this.raw = raw;
      this.bytes = bytes;
      this.charset = charset;
      this.redactor = redactor;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public Optional<String> header(String name) {
      for (Header h : raw) {
        if (h.getName().equalsIgnoreCase(name)) {
          return Optional.of(h.getValue());
        }
      }
      return Optional.empty();
    }

    @Override
    public byte[] body() {
      return bytes;
    }

    /** The headers, credentials masked. */
    List<PreparedRequest.Header> headers() {
      List<PreparedRequest.Header> h = headers;
      if (h == null) {
        h = ResponseReader.headers(raw, redactor);
        headers = h;
      }
      return h;
    }

    /** The decoded body; not to be changed. */
    byte[] bytes() {
      return bytes;
    }

    @Override
    public Charset charset() {
      return charset;
    }

    /** The body as text, secrets redacted; at most what an exchange shows, and some. */
    String text() {
      String t = text;
      if (t == null) {
        // Four bytes a character at most: enough for the exchange's limit, whatever the charset.
        int n = (int) Math.min(bytes.length, 4L * Exchange.BODY_LIMIT);
        t = redactor.redact(new String(bytes, 0, n, charset));
        text = t;
      }
      return t;
    }

    /** The response as the exchange shows it. */
    Exchange.ReceivedResponse received() {
      return Exchange.ReceivedResponse.lazy(status, this::headers, this::text, false);
    }
  }

  /**
   * Reads the body, counting decoded bytes (HttpClient inflates gzip and deflate on the fly, so a
   * small compressed body can be huge); never holds more than {@code max + 1} bytes. Checks between
   * reads that the request still has time: a body trickling in just fast enough for the read
   * timeout is cut off when {@code deadline} says its time is up (null: no check).
   *
   * @throws TooLarge beyond {@code max} bytes, after closing the connection rather than draining it
   * @throws Deadline.Exceeded when the request's time is up, after closing the connection
   */
  static Body read(
      ClassicHttpResponse response,
      long max,
      HttpUriRequestBase request,
      Redactor redactor,
      Deadline deadline)
      throws IOException {
    int status = response.getCode();
    Header[] raw = response.getHeaders();
    HttpEntity entity = response.getEntity();
    Charset charset = charset(entity);
    if (entity == null) {
      return new Body(status, raw, new byte[0], charset, redactor);
    }
    long length = entity.getContentLength();
    if (length > max) {
      request.cancel();
      throw new TooLarge(response, new byte[0], charset);
    }
    if (length >= 0) {
      byte[] known = readKnown(entity, (int) length, request, deadline);
      return new Body(status, raw, known, charset, redactor);
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(64); // length unknown here: known lengths are read above
    byte[] buf = new byte[BUFFER];
    long total = 0;
    try (InputStream in = entity.getContent()) {
      int n;
      while ((n = in.read(buf, 0, (int) Math.min(buf.length, max + 1 - total))) != -1) {
        out.write(buf, 0, n);
        total += n;
        if (deadline != null && deadline.requestExpired()) {
          request.cancel();
          throw new Deadline.Exceeded();
        }
        if (total > max) {
          // Discards the connection at once; closing the stream would drain the rest.
          request.cancel();
          throw new TooLarge(response, out.toByteArray(), charset);
        }
      }
    } catch (ConnectionClosedException e) {
      // Fewer bytes than Content-Length, or a chunked body without its last chunk.
      throw new Truncated(total, -1, e);
    }
    return new Body(status, raw, out.toByteArray(), charset, redactor);
  }

  /**
   * A body of known length, read straight into an array of that size (no buffer, no copy), checking
   * between reads that the request still has time.
   */
  private static byte[] readKnown(
      HttpEntity entity, int length, HttpUriRequestBase request, Deadline deadline)
      throws IOException {
    byte[] bytes = new byte[length];
    int off = 0;
    try (InputStream in = entity.getContent()) {
      while (off < length) {
        int n = in.read(bytes, off, length - off);
        if (n == -1) {
          throw new ConnectionClosedException("the body ended early");
        }
        off += n;
        if (deadline != null && deadline.requestExpired() && off < length) {
          request.cancel();
          throw new Deadline.Exceeded();
        }
      }
    } catch (ConnectionClosedException e) {
      throw new Truncated(off, length, e);
    }
    return bytes;
  }

  /** A body read by the async client: {@code bytes} are decoded, at most the limit. */
  static Body body(HttpResponse head, byte[] bytes, Charset charset, Redactor redactor) {
    return new Body(head.getCode(), head.getHeaders(), bytes, charset, redactor);
  }

  /** More than {@code max} decoded bytes arrived; {@code start} is what came. */
  static CouponFetchException tooLarge(
      long max,
      HttpResponse head,
      byte[] start,
      Charset charset,
      Redactor redactor,
      Exchange.SentRequest sent) {
    return tooLarge(
        max, head.getCode(), headers(head.getHeaders(), redactor), start, charset, redactor, sent);
  }

  private static CouponFetchException tooLarge(
      long max,
      int status,
      List<PreparedRequest.Header> headers,
      byte[] start,
      Charset charset,
      Redactor redactor,
      Exchange.SentRequest sent) {
    byte[] shown = Arrays.copyOf(start, (int) Math.min(start.length, max));
    String text = redactor.redact(new String(shown, charset));
    Exchange exchange =
        new Exchange(sent, new Exchange.ReceivedResponse(status, headers, text, true));
    return CouponFetchException.builder(
            Reason.RESPONSE_TOO_LARGE,
            "The response from "
                + sent.uri()
                + " is larger than the limit of "
                + max
                + " bytes (maxResponseBytes)")
        .status(status)
        .exchange(exchange)
        .build();
  }

  /** The body is larger than the limit; the connection was dropped. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponse head;
    private final transient byte[] start;
    private final transient Charset charset;

    TooLarge(HttpResponse head, byte[] start, Charset charset) {
      super("response body over the limit");
      this.head = head;
      this.start = start;
      this.charset = charset;
    }

    HttpResponse head() {
      return head;
    }

    /** What arrived before the limit was passed. */
    byte[] start() {
      return start;
    }

    Charset charset() {
      return charset;
    }
  }

  /** The connection closed in the middle of the body. */
  static final class Truncated extends IOException {
    private static final long serialVersionUID = 1L;

    private final long received;
    private final long expected;

    Truncated(long received, long expected, IOException cause) {
      super("The body ended after " + received + " of " + expected + " bytes", cause);
      this.received = received;
      this.expected = expected;
    }

    /** The decoded bytes read. */
    long received() {
      return received;
    }

    /** The Content-Length, or -1 when not known (chunked or compressed). */
    long expected() {
      return expected;
    }
  }

  /**
   * Releases a response whose body is not wanted (a redirect's): a short body is read to the end so
   * that the connection can be reused; a longer one drops the connection instead.
   */
  static void discard(ClassicHttpResponse response, HttpUriRequestBase request) throws IOException {
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      return;
    }
    try (InputStream in = entity.getContent()) {
      byte[] buf = new byte[BUFFER];
      for (int i = 0; i < DISCARD_READS; i++) {
        if (in.read(buf) == -1) {
          return;
        }
      }
      // Closing the stream would drain the rest, however long.
      request.cancel();
    }
  }

  /** The status and headers of a response whose body could not be read. */
  static Exchange.ReceivedResponse headersOnly(HttpResponse response, Redactor redactor) {
    Header[] raw = response.getHeaders();
    return Exchange.ReceivedResponse.lazy(
        response.getCode(), () -> headers(raw, redactor), () -> "", true);
  }

  private static List<PreparedRequest.Header> headers(Header[] raw, Redactor redactor) {
    List<PreparedRequest.Header> list = new ArrayList<>(raw.length);
    for (Header h : raw) {
      list.add(redactor.header(h.getName(), h.getValue(), h.isSensitive()));
    }
    return list;
  }

  /** The charset of the body's Content-Type, or UTF-8 when absent or unknown. */
  static Charset charset(HttpEntity entity) {
    if (entity == null || entity.getContentType() == null) {
      return StandardCharsets.UTF_8;
    }
    String value = entity.getContentType();
    Charset known = CHARSETS.get(value);
    if (known != null) {
      return known;
    }
    ContentType type = ContentType.parseLenient(value);
    Charset charset = type == null ? null : type.getCharset();
    charset = charset == null ? StandardCharsets.UTF_8 : charset;
    if (CHARSETS.size() < 256) {
      CHARSETS.put(value, charset);
    }
    return charset;
  }

  /** Content-Type values seen, and their charsets: an endpoint sends the same one every time. */
  private static final Map<String, Charset> CHARSETS = new ConcurrentHashMap<>();
}
