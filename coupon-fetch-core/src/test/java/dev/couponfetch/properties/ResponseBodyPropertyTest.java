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
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

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

  /** Bodies that parsers and mappers trip over. */
  static final List<String> SPECIAL_BODIES =
      List.of(
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
          "{\"codes\":[\"A\",\"A\",\"B\"]}",
          "{\"code\":\"" + "x".repeat(256) + "\"}",
          "{\"code\":\"" + "x".repeat(257) + "\"}",
          "{\"code\":\" \\n \"}",
          "{\"codes\":{\"1\":\"A\",\"2\":\"B\"}}",
          "A\nB\r\n\nA\n",
          "{\"code\":\"X\",\"expires\":\"tomorrow\",\"msg\":\"campaign not found\"}",
          "[{\"data\":{\"coupon\":\"SPRING-7K2Q\"}}]");

  /** A mapping, a coupon type and a body in a charset. */
  record Case(MappingConfig mapping, CouponType type, byte[] body, Charset charset) {
    @Override
    public String toString() {
      return "Case[mapping="
          + mapping
          + ", type="
          + type
          + ", charset="
          + charset
          + ", body="
          + show(body)
          + "]";
    }

    /** The body as text when it is UTF-8, else as hex. */
    private static String show(byte[] body) {
      try {
        return "\""
            + StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(body))
            + "\"";
      } catch (CharacterCodingException e) {
        return "hex " + HexFormat.of().formatHex(body);
      }
    }
  }

  @Test
  void map_anyBody_couponsOrDocumentedFailure() {
    Gen<MappingConfig> mappings = mappings();
    Gen<CouponType> types = Gen.valueOf(CouponType.class);
    Gen<byte[]> bodies = bodies();
    Gen<Charset> charsets =
        Gen.frequency(6, Gen.constant(StandardCharsets.UTF_8)).or(3, Gen.elementOf(CHARSETS));
    PropertyCheck.forAll(
            r -> new Case(mappings.next(r), types.next(r), bodies.next(r), charsets.next(r)))
        .withExamples(examples())
        .tries(3000)
        .check(ResponseBodyPropertyTest::map);
  }

  /**
   * Each special body under each code path (and none), for both types, with and without an expiry
   * path, in UTF-8.
   */
  private static List<Case> examples() {
    List<String> codePaths = new ArrayList<>(CODE_PATHS);
    codePaths.add(null);
    List<Case> l = new ArrayList<>();
    for (String body : SPECIAL_BODIES) {
      for (String code : codePaths) {
        for (CouponType type : CouponType.values()) {
          for (String expiry :
              code == null ? new String[] {null} : new String[] {null, "expires"}) {
            MappingConfig mapping = MappingConfig.builder().code(code).expiry(expiry).build();
            l.add(new Case(mapping, type, utf8(body), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return l;
  }

  private static void map(Case c) {
    List<String> problems = new ArrayList<>();
    ResponseMapper mapper = CompiledMapper.compile(c.mapping(), c.type(), problems);
    assertThat(problems).isEmpty();

    MappedResponse r;
    try {
      r = mapper.map(c.body(), c.charset());
    } catch (CouponFetchException e) {
      assertThat(e.reason()).as(e.getMessage()).isIn(DOCUMENTED);
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(2_000);
      return;
    }
    assertThat(r.coupons()).isNotEmpty().doesNotHaveDuplicates();
    if (c.type() == CouponType.SINGLE) {
      assertThat(r.coupons()).hasSize(1);
    }
    for (Coupon coupon : r.coupons()) {
      String code = coupon.code();
      assertThat(code).isNotBlank().isEqualTo(code.strip());
      assertThat(code.codePointCount(0, code.length())).isLessThanOrEqualTo(256);
      assertThat(code.chars()).noneMatch(ch -> ch == '\n' || ch == '\r' || ch == 0);
    }
  }

  static Gen<MappingConfig> mappings() {
    Gen<String> code =
        Gen.<String>frequency(1, Gen.constant(null)).or(6, Gen.elementOf(CODE_PATHS));
    Gen<String> other =
        Gen.<String>frequency(3, Gen.constant(null))
            .or(1, Gen.of("e", "expires", "result.*.expires", "$..expires", "msg"));
    Gen<String> formats = Gen.of("AUTO", "EPOCH_MILLIS", "MM/dd/yyyy");
    return r -> {
      String c = code.next(r);
      String e = other.next(r);
      String err = other.next(r);
      return MappingConfig.builder()
          .code(c)
          .expiryFormat(formats.next(r))
          .expiry(c == null ? null : e)
          .error(c == null ? null : err)
          .build();
    };
  }

  static Gen<byte[]> bodies() {
    Gen<byte[]> randomBytes = Gen.bytes(0, 64);
    Gen<byte[]> json = Generators.json(KEYS).map(t -> utf8(t.toString()));
    Gen<JsonNode> shapedTrees = shapedJson();
    Gen<byte[]> shaped = shapedTrees.map(t -> utf8(t.toString()));
    Gen<byte[]> text =
        Generators.nastyStrings()
            .list(0, 5)
            .map(l -> utf8(String.join(l.size() % 2 == 0 ? "\n" : "\r\n", l)));
    Gen<Integer> cutAt = Gen.ints(0, 200);
    Gen<byte[]> cut =
        r -> {
          byte[] b = shaped.next(r);
          return Arrays.copyOf(b, Math.min(b.length, cutAt.next(r)));
        };
    Gen<byte[]> special = Gen.elementOf(SPECIAL_BODIES).map(ResponseBodyPropertyTest::utf8);
    return Gen.frequency(2, randomBytes)
        .or(2, json)
        .or(5, shaped)
        .or(2, text)
        .or(1, cut)
        .or(1, special);
  }

  /**
   * JSON shaped like coupon responses, so that paths often find something: two items of {@code
   * code}, {@code expires}, {@code codes} and {@code data.coupon} / {@code data.codes}, or the
   * first item alone, or its codes.
   */
  private static Gen<JsonNode> shapedJson() {
    Gen<JsonNode> leaf = Generators.scalar();
    Gen<String> keys = Gen.elementOf(KEYS);
    Gen<JsonNode> item =
        r -> {
          ObjectNode o = Generators.NODES.objectNode();
          o.set("code", leaf.next(r));
          o.set("expires", leaf.next(r));
          if (keys.next(r).equals("msg")) {
            o.put("msg", "campaign not found");
          }
          return o;
        };
    Gen<JsonNode> items =
        Gen.oneOf(item, leaf)
            .list(0, 5)
            .map(
                l -> {
                  ArrayNode a = Generators.NODES.arrayNode();
                  l.forEach(a::add);
                  return a;
                });
    Gen<Integer> pick = Gen.ints(0, 2);
    return r -> {
      ObjectNode root = Generators.NODES.objectNode();
      root.setAll((ObjectNode) item.next(r));
      JsonNode many = items.next(r);
      root.set("codes", many);
      ObjectNode data = root.putObject("data");
      data.set("coupon", leaf.next(r));
      data.set("codes", many);
      ArrayNode wrapped = Generators.NODES.arrayNode().add(root).add(root.deepCopy());
      return switch (pick.next(r)) {
        case 0 -> wrapped;
        case 1 -> wrapped.get(0);
        default -> wrapped.get(0).get("codes");
      };
    };
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
