package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.Reason;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a body without {@code mapping.code}: the whole (trimmed) body is the code for {@code
 * SINGLE}, one code per non-blank line for {@code BULK}. A body that is a JSON string literal
 * ({@code "ABC"}) is unwrapped; a JSON object or array, or HTML, is refused with a hint, as it is
 * surely not a code. Numbers stay text: {@code 00123} keeps its zeros. Stateless.
 */
final class TextBody {
  private TextBody() {}

  static MappedResponse map(byte[] body, Charset charset, CouponType type) {
    // A byte order mark and no-break spaces are trimmed too: they are not part of the code.
    String text =
        CodeText.trim(BodyDecoder.decode(body, charset, Reason.INVALID_CODE, "the response body"));
    if (text.isEmpty()) {
      throw CouponFetchException.of(Reason.NO_COUPONS, "the response body is empty");
    }
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    if (first == '"' && last == '"' && text.length() > 1) {
      JsonNode literal = tryJson(text);
      if (literal != null && literal.isTextual()) {
        text = CodeText.trim(literal.textValue());
        if (text.isEmpty()) {
          throw CouponFetchException.of(Reason.NO_COUPONS, "the response body is an empty string");
        }
      }
    } else if ((first == '{' && last == '}') || (first == '[' && last == ']')) {
      JsonNode json = tryJson(text);
      if (json != null) {
        String what =
            json.isObject() ? "an object with keys: " + Nodes.keys(json) : Nodes.kind(json);
        String template =
            "the response is JSON (%s) but mapping.code is not set; set mapping.code"
                + " to the path of the code";
        throw CodeReader.invalid(Nodes.fmt(template, what));
      }
    } else if (first == '<') {
      String shown = Nodes.cut(text, Nodes.MAX_VALUE_CHARS);
      throw CodeReader.invalid(
          "the response looks like HTML or XML, not a plain-text code: '" + shown + "'");
    }
    List<String> lines = lines(text);
    if (type == CouponType.SINGLE) {
      if (lines.size() > 1) {
        String template =
            "the response body has %d non-blank lines but couponType is SINGLE; set"
                + " couponType to BULK to take one code per line";
        throw CouponFetchException.of(Reason.TOO_MANY_COUPONS, Nodes.fmt(template, lines.size()));
      }
      String code = CodeReader.line(lines.get(0), 0, 1);
      return new MappedResponse(List.of(Coupon.of(code)), List.of());
    }
    CouponCollector collector = new CouponCollector(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String code = CodeReader.line(lines.get(i), i, lines.size());
      if (collector.isNew(code)) {
        collector.add(Coupon.of(code));
      }
    }
    return collector.result();
  }

  /**
   * The trimmed, non-blank lines; CRLF, LF and CR all end a line. Other control characters stay in
   * the line, where {@link CodeReader#line} refuses them.
   */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    text.lines()
        .forEach(
            line -> {
              String s = CodeText.trim(line);
              if (!s.isEmpty()) {
                out.add(s);
              }
            });
    return out;
  }

  private static JsonNode tryJson(String text) {
    try {
      return JsonBodyParser.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null; // not JSON after all: plain text that happens to start with { or "
    }
  }
}
