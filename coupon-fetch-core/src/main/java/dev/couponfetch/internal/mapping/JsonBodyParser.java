package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Parses response bodies as JSON; holds the one ObjectMapper of the mapping package. Thread-safe.
 */
final class JsonBodyParser {
  /**
   * Floats as BigDecimal so that {@code 12345.0} and {@code 1.7e9} convert exactly; trailing tokens
   * fail, so {@code {"a":1} junk} is not JSON.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonBodyParser() {}

  /**
   * Parses a body. Jackson detects UTF-8/16/32 from the bytes themselves (and refuses invalid
   * UTF-8); other charsets are decoded first, strictly ({@link BodyDecoder}). Returns null for an
   * empty (or whitespace-only) body.
   *
   * @throws CouponFetchException {@code NOT_JSON}, quoting the start of the body
   */
  static JsonNode parse(byte[] body, Charset charset) {
    try {
      JsonNode root =
          detectable(charset)
              ? MAPPER.readTree(body)
              : MAPPER.readTree(BodyDecoder.decode(body, charset, Reason.NOT_JSON, "the response"));
      return root == null || root.isMissingNode() ? null : root;
    } catch (JsonProcessingException e) {
      String why = at(e) + JsonErrors.reason(e);
      String template =
          "the response is not JSON, but mapping.code is set (%s); it starts with: %s";
      throw CouponFetchException.of(
          Reason.NOT_JSON, Nodes.fmt(template, why, start(body, charset)));
    } catch (IOException e) {
      throw CouponFetchException.builder(Reason.NOT_JSON, "the response could not be read as JSON")
          .cause(e)
          .build();
    }
  }

  /** {@code "at line 1, column 9: "}, or empty when Jackson knows no place. */
  private static String at(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    return l == null || l.getLineNr() <= 0
        ? ""
        : "at line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
  }

  private static boolean detectable(Charset charset) {
    String name = charset.name();
    return charset.equals(StandardCharsets.UTF_8)
        || charset.equals(StandardCharsets.US_ASCII)
        || name.startsWith("UTF-16")
        || name.startsWith("UTF-32");
  }

  /**
   * The first ~100 characters of the body, decoded, control characters as spaces, bytes that are no
   * text as {@code \xFF}.
   */
  static String start(byte[] body, Charset charset) {
    int n = Math.min(body.length, Nodes.MAX_VALUE_CHARS * 4);
    String head = BodyDecoder.preview(body, n, charset).strip();
    return "'" + Nodes.cut(head, Nodes.MAX_VALUE_CHARS) + "'";
  }
}
