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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

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

  @Property(tries = 3000)
  void compile_anyPaths_mapperOrProblemsNamingTheField(
      @ForAll("paths") String code,
      @ForAll("optionalPaths") String expiry,
      @ForAll("optionalPaths") String error,
      @ForAll("formats") String format,
      @ForAll("types") CouponType type) {
    MappingConfig mapping =
        MappingConfig.builder().code(code).expiry(expiry).error(error).expiryFormat(format).build();
    List<String> problems = new ArrayList<>();

    ResponseMapper mapper = CompiledMapper.compile(mapping, type, problems);

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

  /** Bodies where most paths find something: nested objects, arrays, numbers as keys. */
  private static final List<String> BODIES =
      List.of(
          "[{\"a\":\"X\",\"code\":\"C1\",\"data\":{\"code\":[\"C2\",\"C3\"]}}]",
          "{\"a\":{\"a\":[1,2,{\"a\":null}]},\"0\":\"zero\",\"result\":{\"code\":7}}",
          "{\"code\":\"C\",\"e\":\"2027-01-01\",\"msg\":\"\"}",
          "\"X\"");

  @Provide
  static Arbitrary<String> paths() {
    Arbitrary<String> pieces =
        Arbitraries.of(PATH_PIECES).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    return Arbitraries.frequencyOf(
        Tuple.of(6, pieces),
        Tuple.of(1, pieces.map(p -> "$" + p)),
        Tuple.of(1, pieces.map(p -> "result." + p)),
        Tuple.of(2, Generators.nastyStrings()));
  }

  @Provide
  static Arbitrary<String> optionalPaths() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just((String) null)),
        Tuple.of(1, Arbitraries.of("", " ", "e", "$.e", "result.*.e")),
        Tuple.of(3, paths()));
  }

  @Provide
  static Arbitrary<String> formats() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(ExpiryFormats.FORMATS)),
        Tuple.of(
            2,
            Arbitraries.strings()
                .withChars("yMdHhmsSaEzZXxVOGuQqLwWYkKnNAF'[]{}#.:-/ T")
                .ofMaxLength(12)),
        Tuple.of(1, Generators.nastyStrings()));
  }

  @Provide
  static Arbitrary<CouponType> types() {
    return Arbitraries.of(CouponType.class);
  }
}
