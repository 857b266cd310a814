package dev.couponfetch.internal.mapping;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a response body strictly: bytes that are no text in the body's charset fail, naming where
 * they are, instead of becoming U+FFFD (which {@code new String(bytes, charset)} puts in silently,
 * and which then ended up inside a coupon code). A body declared {@code US-ASCII} is read as UTF-8,
 * its superset, as Jackson reads JSON. Stateless.
 */
final class BodyDecoder {
  private BodyDecoder() {}

  /**
   * {@code body} as text in {@code charset}.
   *
   * @param what names the body in the message ({@code "the response body"})
   * @throws CouponFetchException with {@code reason}, naming the position, line and bytes
   */
  static String decode(byte[] body, Charset charset, Reason reason, String what) {
    Charset cs = charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
    CharsetDecoder decoder =
        cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out =
        CharBuffer.allocate((int) (body.length * (double) decoder.maxCharsPerByte()) + 8);
    boolean flushing = false;
    while (true) {
      CoderResult r = flushing ? decoder.flush(out) : decoder.decode(in, out, true);
      if (r.isError()) {
        throw CouponFetchException.of(reason, where(body, in.position(), r, out, cs, what));
      }
      if (r.isOverflow()) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
        out.flip();
        out = bigger.put(out);
      } else if (flushing) {
        return out.flip().toString();
      } else {
        flushing = true;
      }
    }
  }

  /**
   * The first {@code length} bytes of {@code body} for a message: bytes that are no text in the
   * charset are written {@code \xFF}, never as U+FFFD.
   */
  static String preview(byte[] body, int length, Charset charset) {
    Charset cs = charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
    CharsetDecoder decoder =
        cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body, 0, length);
    CharBuffer out = CharBuffer.allocate(64);
    StringBuilder text = new StringBuilder(length + 16);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      text.append(out.flip());
      out.clear();
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          text.append(Nodes.fmt("\\x%02X", in.get() & 0xFF));
        }
      } else if (r.isUnderflow()) {
        decoder.flush(out);
        return text.append(out.flip()).toString();
      }
    }
  }

  private static String where(
      byte[] body, int at, CoderResult r, CharBuffer decoded, Charset cs, String what) {
    int n = Math.min(r.length(), 4);
    StringBuilder bytes = new StringBuilder();
    for (int i = 0; i < n && at + i < body.length; i++) {
      bytes.append(i == 0 ? "" : " ").append(Nodes.fmt("0x%02X", body[at + i] & 0xFF));
    }
    String position = Nodes.fmt("position %,d (line %,d)", at + 1, line(decoded));
    String problem;
    if (r.isUnmappable()) {
      problem =
          n == 1
              ? "byte " + bytes + " at " + position + " stands for no character"
              : "bytes " + bytes + " at " + position + " stand for no character";
    } else if (n == 1) {
      problem = "byte " + bytes + " at " + position + " is not part of any character";
    } else {
      problem = "bytes " + bytes + " at " + position + " are not a complete character";
    }
    return Nodes.fmt(
        "%s is not valid %s text: %s; the endpoint must send %s or declare the charset it uses",
        what, cs.name(), problem, cs.name());
  }

  /** The line the decoder has reached: 1 plus the line breaks decoded so far. */
  private static int line(CharBuffer decoded) {
    int line = 1;
    for (int i = 0, end = decoded.position(); i < end; i++) {
      char c = decoded.get(i);
      if (c == '\n' || (c == '\r' && (i + 1 == end || decoded.get(i + 1) != '\n'))) {
        line++;
      }
    }
    return line;
  }
}
