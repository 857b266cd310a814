package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.internal.mapping.CompiledMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any text as {@code mapping.code}, {@code mapping.expiry}, {@code mapping.error} and {@code
 * mapping.expiryFormat} compiles to a mapper or to problems naming the field: never an exception.
 */
class MappingPathPropertyTest {
  /** The syntax of both path languages, and what breaks parsers. */
  static final List<String> PATH_PIECES =
      List.of(
          "$",
          ".",
          "..",
          "[",
          "]",
          "[*]",
          "[0]",
          "[-1]",
          "[0:2]",
          "[:]",
          "[,]",
          "['a']",
          "[\"a\"]",
          "['a','b']",
          "[?(@.a)]",
          "[?(@.a == 1)]",
          "[?(@.a =~ /x.*/i)]",
          "[?]",
          "(",
          ")",
          "@",
          "*",
          "result",
          "0",
          "00",
          "-1",
          "2147483648",
          "99999999999",
          "a",
          "code",
          "data",
          "\\",
          "\\.",
          "\\*",
          "length()",
          ".length()",
          "min()",
          "'",
          "\"",
          " ",
          "?",
          "==",
          "!",
          "{",
          "}",
          ",",
          ":",
          "&&",
          "||",
          "\u00e9",
          "\ud800",
          "\0",
          "\n");

  /** One mapping and coupon type. */
  record Case(String code, String expiry, String error, String format, CouponType type) {}

  @Test
  void compile_anyPaths_mapperOrProblemsNamingTheField() {
    Gen<String> paths = paths();
    Gen<String> optionalPaths = optionalPaths(paths);
    Gen<String> formats = formats();
    Gen<CouponType> types = Gen.valueOf(CouponType.class);
    PropertyCheck.forAll(
            r ->
                new Case(
                    paths.next(r),
                    optionalPaths.next(r),
                    optionalPaths.next(r),
                    formats.next(r),
                    types.next(r)))
        .withExamples(examples())
        .tries(3000)
        .check(MappingPathPropertyTest::compileAndMap);
  }

  private static void compileAndMap(Case c) {
    MappingConfig mapping =
        MappingConfig.builder()
            .code(c.code())
            .expiry(c.expiry())
            .error(c.error())
            .expiryFormat(c.format())
            .build();
    List<String> problems = new ArrayList<>();

    ResponseMapper mapper = CompiledMapper.compile(mapping, c.type(), problems);

    if (mapper == null) {
      assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("mapping."));
      return;
    }
    assertThat(problems).isEmpty();
    assertThat(mapper.toString()).isNotNull();
    for (String body : BODIES) {
      try {
        mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      } catch (CouponFetchException e) {
        assertThat(e.reason()).as(e.getMessage()).isIn(ResponseBodyPropertyTest.DOCUMENTED);
      }
    }
  }

  /**
   * Each piece alone, after {@code $} and after {@code result.}, as every field, for both types;
   * each format; and empty or blank paths.
   */
  private static List<Case> examples() {
    List<Case> l = new ArrayList<>();
    for (String piece : PATH_PIECES) {
      for (CouponType type : CouponType.values()) {
        l.add(new Case(piece, null, null, "AUTO", type));
        l.add(new Case("$" + piece, null, null, "AUTO", type));
        l.add(new Case("result." + piece, null, null, "AUTO", type));
        l.add(new Case("code", piece, piece, "AUTO", type));
        l.add(new Case("code", "$" + piece, "result." + piece, "AUTO", type));
      }
    }
    for (String format : ExpiryFormats.FORMATS) {
      l.add(new Case("code", "e", null, format, CouponType.SINGLE));
      l.add(new Case("$.code", null, null, format, CouponType.BULK));
    }
    for (String blank : List.of("", " ", "\t", "\u00a0")) {
      l.add(new Case(blank, blank, blank, blank, CouponType.SINGLE));
    }
    return l;
  }

  /** Bodies where most paths find something: nested objects, arrays, numbers as keys. */
  private static final List<String> BODIES =
      List.of(
          "[{\"a\":\"X\",\"code\":\"C1\",\"data\":{\"code\":[\"C2\",\"C3\"]}}]",
          "{\"a\":{\"a\":[1,2,{\"a\":null}]},\"0\":\"zero\",\"result\":{\"code\":7}}",
          "{\"code\":\"C\",\"e\":\"2027-01-01\",\"msg\":\"\"}",
          "\"X\"");

  static Gen<String> paths() {
    Gen<String> pieces = Gen.concat(Gen.elementOf(PATH_PIECES), 1, 8);
    return Gen.frequency(6, pieces)
        .or(1, pieces.map(p -> "$" + p))
        .or(1, pieces.map(p -> "result." + p))
        .or(2, Generators.nastyStrings());
  }

  static Gen<String> optionalPaths(Gen<String> paths) {
    return Gen.<String>frequency(2, Gen.constant(null))
        .or(1, Gen.of("", " ", "e", "$.e", "result.*.e"))
        .or(3, paths);
  }

  static Gen<String> formats() {
    return Gen.frequency(2, Gen.elementOf(ExpiryFormats.FORMATS))
        .or(2, Gen.strings(Gen.chars("yMdHhmsSaEzZXxVOGuQqLwWYkKnNAF'[]{}#.:-/ T"), 0, 12))
        .or(1, Generators.nastyStrings());
  }
}
