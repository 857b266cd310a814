package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@link ResponseMapper}: a config's {@code mapping} compiled once (paths split or
 * JsonPath-compiled, the expiry format built) and applied to every 2xx body. Immutable and
 * thread-safe; each call allocates only what it returns plus a few small lists.
 */
public final class CompiledMapper implements ResponseMapper {
  private final CouponType type;
  private final PathExpr code;
  private final PathExpr expiry;
  private final PathExpr error;
  private final ExpiryParser expiryParser;

  private CompiledMapper(
      CouponType type, PathExpr code, PathExpr expiry, PathExpr error, ExpiryParser parser) {
    this.type = type;
    this.code = code;
    this.expiry = expiry;
    this.error = error;
    this.expiryParser = parser;
  }

  /**
   * Compiles {@code mapping}; adds a problem naming the field (for example {@code "mapping.code:
   * …"}) for every path or format that cannot be compiled, and then returns null.
   */
  public static ResponseMapper compile(
      MappingConfig mapping, CouponType type, List<String> problems) {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(type, "type == null");
    int before = problems.size();
    String codeText = pathText(mapping.code());
    String expiryText = pathText(mapping.expiry());
    String errorText = pathText(mapping.error());
    PathExpr code = compilePath("mapping.code", codeText, PathExpr.Use.CODE, problems);
    PathExpr expiry = compilePath("mapping.expiry", expiryText, PathExpr.Use.EXPIRY, problems);
    PathExpr error = compilePath("mapping.error", errorText, PathExpr.Use.ERROR, problems);
    if (codeText == null && expiryText != null) {
      problems.add("mapping.expiry: needs mapping.code (a plain-text body has no expiry)");
    }
    if (codeText == null && errorText != null) {
      problems.add("mapping.error: needs mapping.code (a plain-text body is read as the code)");
    }
    ExpiryParser parser =
        ExpiryParser.compile(mapping.expiryFormat(), mapping.expiryZone(), problems);
    if (problems.size() > before) {
      return null;
    }
    return new CompiledMapper(type, code, expiry, error, parser);
  }

  /** A blank path is the same as none: settings screens send empty fields as "". */
  private static String pathText(String path) {
    return path == null || path.isBlank() ? null : path.strip();
  }

  private static PathExpr compilePath(
      String field, String text, PathExpr.Use use, List<String> problems) {
    return text == null ? null : PathExpr.compile(field, text, use, problems);
  }

  @Override
  public MappedResponse map(byte[] body, Charset charset) {
    byte[] bytes = body == null ? new byte[0] : body;
    Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
    if (code == null) {
      return TextBody.map(bytes, cs, type);
    }
    JsonNode root = JsonBodyParser.parse(bytes, cs);
    if (root == null) {
      throw CouponFetchException.of(Reason.NO_COUPONS, "the response body is empty");
    }
    if (error != null) {
      checkError(root);
    }
    Selection codes = select(code, "mapping.code", root);
    List<JsonNode> values = codes.values;
    int n = values.size();
    if (n == 0) {
      throw CouponFetchException.of(
          Reason.NO_COUPONS, "mapping.code '" + code.text() + "' gave no codes (an empty list)");
    }
    if (type == CouponType.SINGLE && n > 1) {
      String template =
          "mapping.code '%s' gave %d codes; set couponType to BULK to take them all,"
              + " or point mapping.code at one code";
      throw CouponFetchException.of(Reason.TOO_MANY_COUPONS, Nodes.fmt(template, code.text(), n));
    }
    List<JsonNode> expiries = expiry == null ? List.of() : expiries(root, n);
    CouponCollector collector = new CouponCollector(n);
    Instant shared = null;
    if (expiries.size() == 1) {
      shared = expiryParser.read(expiries.get(0), expiry.text(), -1);
    }
    for (int i = 0; i < n; i++) {
      JsonNode v = values.get(i);
      if (v.isMissingNode()) {
        throw CouponFetchException.of(
            Reason.MAPPING_NOT_FOUND, "mapping.code '" + code.text() + "': " + codes.gap);
      }
      String c = CodeReader.read(v, code.text(), i, n);
      if (!collector.isNew(c)) {
        continue; // the first occurrence and its expiry win
      }
      Instant at = shared;
      if (expiries.size() > 1) {
        at = expiryParser.read(expiries.get(i), expiry.text(), i);
      }
      collector.add(new Coupon(c, at));
    }
    return collector.result();
  }

  private Selection select(PathExpr path, String field, JsonNode root) {
    Selection s = new Selection();
    path.select(root, s);
    if (s.failure != null) {
      throw CouponFetchException.of(
          Reason.MAPPING_NOT_FOUND, field + " '" + path.text() + "': " + s.failure);
    }
    return s;
  }

  /** The expiry values: none, one for every code, or one per code. */
  private List<JsonNode> expiries(JsonNode root, int codes) {
    List<JsonNode> values = select(expiry, "mapping.expiry", root).values;
    int n = values.size();
    if (n > 1 && n != codes) {
      String template =
          "mapping.expiry '%s' gave %d values for %d code%s; it must give one value"
              + " for every code, or one per code";
      String message = Nodes.fmt(template, expiry.text(), n, codes, codes == 1 ? "" : "s");
      throw CouponFetchException.of(Reason.MAPPING_NOT_FOUND, message);
    }
    return values;
  }

  /** Fails with {@code ENDPOINT_ERROR} when the error path gives a non-empty value. */
  private void checkError(JsonNode root) {
    Selection s = new Selection();
    error.select(root, s);
    if (s.failure != null) {
      return; // no error field: the normal, successful case
    }
    for (JsonNode v : s.values) {
      String message = ErrorText.of(v);
      if (message != null) {
        throw CouponFetchException.of(
            Reason.ENDPOINT_ERROR, "the endpoint reported an error: " + message);
      }
    }
  }

  @Override
  public String toString() {
    String template = "CompiledMapper{type=%s, code=%s, expiry=%s, error=%s, expiryFormat=%s}";
    return Nodes.fmt(template, type, code, expiry, error, expiryParser);
  }
}
