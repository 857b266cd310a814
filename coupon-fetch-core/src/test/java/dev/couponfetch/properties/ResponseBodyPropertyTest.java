package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.internal.mapping.CompiledMapper;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Any response body, mapped for {@code SINGLE} or {@code BULK}, with or without paths, gives usable
 * coupons or one of the mapper's documented failures: never another exception.
 */
class ResponseBodyPropertyTest {
  /** What {@link ResponseMapper#map} documents. */
  static final Set<Reason> DOCUMENTED =
      EnumSet.of(
          Reason.NOT_JSON,
          Reason.ENDPOINT_ERROR,
          Reason.MAPPING_NOT_FOUND,
          Reason.INVALID_CODE,
          Reason.NO_COUPONS,
          Reason.TOO_MANY_COUPONS,
          Reason.EXPIRY_UNPARSEABLE);

  static final List<String> CODE_PATHS =
      List.of(
          "code",
          "result.code",
          "result.0.data.coupon",
          "codes",
          "codes.*",
          "result.*",
          "result.*.code",
          "data.codes.0",
          "$.code",
          "$[0].data.coupon",
          "$.codes[*]",
          "$..code",
          "$.codes[*].code",
          "$[*]",
          "$.codes.length()",
          "$.codes[?(@.code != null)].code",
          "*",
          "0",
          "result");

  static final List<String> KEYS =
      List.of("code", "codes", "data", "coupon", "expires", "e", "msg", "error", "status", "0");

  static final List<Charset> CHARSETS =
      List.of(
          StandardCharsets.UTF_8,
          StandardCharsets.ISO_8859_1,
          StandardCharsets.UTF_16,
          StandardCharsets.UTF_16LE,
          StandardCharsets.US_ASCII,
          Charset.forName("windows-1252"),
          Charset.forName("UTF-32"),
          Charset.forName("Shift_JIS"));

  @Property(tries = 3000)
  void map_anyBody_couponsOrDocumentedFailure(
      @ForAll("mappings") MappingConfig mapping,
      @ForAll("types") CouponType type,
      @ForAll("bodies") byte[] body,
      @ForAll("charsets") Charset charset) {
    List<String> problems = new ArrayList<>();
    ResponseMapper mapper = CompiledMapper.compile(mapping, type, problems);
    assertThat(problems).isEmpty();

    MappedResponse r;
    try {
      r = mapper.map(body, charset);
    } catch (CouponFetchException e) {
      assertThat(e.reason()).as(e.getMessage()).isIn(DOCUMENTED);
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(2_000);
      return;
    }
    assertThat(r.coupons()).isNotEmpty().doesNotHaveDuplicates();
    if (type == CouponType.SINGLE) {
      assertThat(r.coupons()).hasSize(1);
    }
    for (Coupon c : r.coupons()) {
      String code = c.code();
      assertThat(code).isNotBlank().isEqualTo(code.strip());
      assertThat(code.codePointCount(0, code.length())).isLessThanOrEqualTo(256);
      assertThat(code.chars()).noneMatch(ch -> ch == '\n' || ch == '\r' || ch == 0);
    }
  }

  @Provide
  Arbitrary<MappingConfig> mappings() {
    Arbitrary<String> code =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just((String) null)), Tuple.of(6, Arbitraries.of(CODE_PATHS)));
    Arbitrary<String> other =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just((String) null)),
            Tuple.of(1, Arbitraries.of("e", "expires", "result.*.expires", "$..expires", "msg")));
    return Combinators.combine(
            code, other, other, Arbitraries.of("AUTO", "EPOCH_MILLIS", "MM/dd/yyyy"))
        .as(
            (c, e, err, format) ->
                MappingConfig.builder()
                    .code(c)
                    .expiryFormat(format)
                    .expiry(c == null ? null : e)
                    .error(c == null ? null : err)
                    .build());
  }

  @Provide
  Arbitrary<CouponType> types() {
    return Arbitraries.of(CouponType.class);
  }

  @Provide
  Arbitrary<Charset> charsets() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(StandardCharsets.UTF_8)),
        Tuple.of(3, Arbitraries.of(CHARSETS)));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    Arbitrary<JsonNode> trees = Generators.json(KEYS);
    Arbitrary<byte[]> json = trees.map(t -> utf8(t.toString()));
    Arbitrary<byte[]> shaped = shapedJson().map(t -> utf8(t.toString()));
    Arbitrary<byte[]> text =
        Generators.nastyStrings()
            .list()
            .ofMaxSize(5)
            .map(l -> utf8(String.join(l.size() % 2 == 0 ? "\n" : "\r\n", l)));
    Arbitrary<byte[]> cut =
        Combinators.combine(shaped, Arbitraries.integers().between(0, 200))
            .as((b, n) -> java.util.Arrays.copyOf(b, Math.min(b.length, n)));
    Arbitrary<byte[]> special =
        Arbitraries.of(
                "",
                " ",
                "\ufeff",
                "\ufeff\"X\"",
                "\"\"",
                "null",
                "[]",
                "{}",
                "[[[[[[[[",
                "\"a",
                "<html>",
                "[" + "[".repeat(2000) + "]".repeat(2000) + "]",
                "1e999999999",
                "{\"code\":1e999999999}",
                "{\"code\":12345.0}",
                "{\"code\":-0}",
                "{\"code\":\"\\u0000\"}",
                "{\"code\":\"\\ud800\"}",
                "{\"codes\":[\"A\",\"A\",\"B\"]}")
            .map(ResponseBodyPropertyTest::utf8);
    return Arbitraries.frequencyOf(
        Tuple.of(2, randomBytes),
        Tuple.of(2, json),
        Tuple.of(5, shaped),
        Tuple.of(2, text),
        Tuple.of(1, cut),
        Tuple.of(1, special));
  }

  /** JSON shaped like coupon responses, so that paths often find something. */
  private static Arbitrary<JsonNode> shapedJson() {
    Arbitrary<JsonNode> leaf = Generators.scalar();
    Arbitrary<JsonNode> item =
        Combinators.combine(leaf, leaf, Arbitraries.of(KEYS))
            .as(
                (code, exp, key) -> {
                  ObjectNode o = Generators.NODES.objectNode();
                  o.set("code", code);
                  o.set("expires", exp);
                  if (key.equals("msg")) {
                    o.put("msg", "campaign not found");
                  }
                  return (JsonNode) o;
                });
    Arbitrary<JsonNode> items =
        Arbitraries.oneOf(item, leaf)
            .list()
            .ofMaxSize(5)
            .map(
                l -> {
                  ArrayNode a = Generators.NODES.arrayNode();
                  l.forEach(a::add);
                  return (JsonNode) a;
                });
    return Combinators.combine(item, items, leaf)
        .as(
            (one, many, data) -> {
              ObjectNode root = Generators.NODES.objectNode();
              root.setAll((ObjectNode) one);
              root.set("codes", many);
              root.putObject("data").set("coupon", data);
              root.putObject("data").set("codes", many);
              return Generators.NODES.arrayNode().add(root).add(root.deepCopy());
            })
        .flatMap(wrapped -> Arbitraries.of(wrapped, wrapped.get(0), wrapped.get(0).get("codes")));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
