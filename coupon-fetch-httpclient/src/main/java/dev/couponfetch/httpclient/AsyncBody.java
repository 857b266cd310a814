package dev.couponfetch.httpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Collects an async response: its head and its decoded body (the client inflates gzip and deflate
 * before this sees the bytes), failing with {@link TooLarge} past the limit so that the client
 * drops the connection instead of reading on. One per request; the I/O thread writes, and the fetch
 * reads after the exchange ended (the future's completion orders the two).
 */
final class AsyncBody extends AbstractBinResponseConsumer<AsyncBody> {
  private static final int CHUNK = 8192;

  private final long max;
  private HttpResponse head;
  private Charset charset = StandardCharsets.UTF_8;
  private ByteArrayOutputStream out = new ByteArrayOutputStream(0);
  private long total;

  AsyncBody(long max) {
    this.max = max;
  }

  /** More than the limit arrived; {@link #bytes()} holds the first {@code max + 1} bytes. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("response body over the limit");
    }
  }

  /**
   * A redirect's body past {@link #REDIRECT_BODY} bytes: not read on (the connection is dropped);
   * the blocking client does the same.
   */
  static final class Dropped extends IOException {
    private static final long serialVersionUID = 1L;

    Dropped() {
      super("redirect body not read to its end");
    }
  }

  /** What of a redirect's body is read before the connection is dropped instead. */
  static final int REDIRECT_BODY = 8 * CHUNK;

  private boolean redirect;

  @Override
  protected void start(HttpResponse response, ContentType contentType) {
    head = response;
    redirect =
        Redirects.isFollowable(response.getCode()) && response.getFirstHeader("Location") != null;
    Charset c = contentType == null ? null : contentType.getCharset();
    charset = c == null ? StandardCharsets.UTF_8 : c;
    out = new ByteArrayOutputStream(64);
  }

  @Override
  protected int capacityIncrement() {
    return CHUNK;
  }

  @Override
  protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
    int n = src.remaining();
    int keep = (int) Math.min(n, max + 1 - total);
    if (src.hasArray()) {
      // Straight from the client's buffer: no chunk copied on the way.
      out.write(src.array(), src.arrayOffset() + src.position(), keep);
    } else {
      byte[] chunk = new byte[keep];
      src.get(chunk);
      out.write(chunk, 0, keep);
    }
    src.position(src.limit());
    total += n;
    if (redirect && total > REDIRECT_BODY) {
      throw new Dropped();
    }
    if (total > max) {
      throw new TooLarge();
    }
  }

  @Override
  protected AsyncBody buildResult() {
    return this;
  }

  @Override
  public void releaseResources() {
    // Nothing held but the buffer, which the fetch still reads.
  }

  /** The response's status line and headers, or null when none arrived. */
  HttpResponse head() {
    return head;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  Charset charset() {
    return charset;
  }

  /** Decoded bytes received so far. */
  long received() {
    return total;
  }

  /** The Content-Length the response announced, or -1. */
  long expected() {
    if (head == null || head.getFirstHeader("Content-Length") == null) {
      return -1;
    }
    try {
      return Long.parseLong(head.getFirstHeader("Content-Length").getValue().trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
