package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.problems;
import static dev.couponfetch.internal.mapping.MappingFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths are bounded before they are compiled: json-path's parser recurses once per segment, so a
 * path of a few thousand segments overflowed the stack (a StackOverflowError, not a problem).
 */
class MappingPathLimitsTest {
  private static final String TOO_MANY = "path has 2,001 segments; at most 64 are allowed";

  private static String jsonPath(int segments) {
    return "$" + ".a".repeat(segments - 1) + ".b";
  }

  private static String dotted(int segments) {
    return "a.".repeat(segments - 1) + "b";
  }

  private static List<String> codeProblems(String path) {
    return problems(MappingConfig.code(path), CouponType.SINGLE);
  }

  @Test
  void compile_jsonPathOf2001Segments_problemNotStackOverflow() {
    assertThat(codeProblems(jsonPath(2001))).containsExactly("mapping.code: " + TOO_MANY);
  }

  @Test
  void compile_dottedPathOf2001Segments_problem() {
    assertThat(codeProblems(dotted(2001))).containsExactly("mapping.code: " + TOO_MANY);
  }

  @Test
  void compile_64Segments_acceptedInBothLanguages() {
    String body = "{\"a\":".repeat(63) + "{\"b\":\"X\"}" + "}".repeat(63);
    assertThat(codes(single(jsonPath(64)), body)).containsExactly("X");
    assertThat(codes(single(dotted(64)), body)).containsExactly("X");
    assertThat(codeProblems(jsonPath(65)))
        .containsExactly("mapping.code: path has 65 segments; at most 64 are allowed");
    assertThat(codeProblems(dotted(65)))
        .containsExactly("mapping.code: path has 65 segments; at most 64 are allowed");
  }

  @Test
  void compile_bracketSegmentsCount_quotedDotsDoNot() {
    String brackets = "$" + "[0]".repeat(64) + "['x.y.z']";
    assertThat(codeProblems(brackets))
        .containsExactly("mapping.code: path has 65 segments; at most 64 are allowed");
    assertThat(codeProblems("$['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z']")).isEmpty();
    assertThat(codeProblems("data" + "[0]".repeat(64)))
        .containsExactly("mapping.code: path has 65 segments; at most 64 are allowed");
  }

  @Test
  void compile_overlongPath_problemByCharacters() {
    String longKey = "$." + "k".repeat(1_000);
    assertThat(codeProblems(longKey))
        .containsExactly("mapping.code: path has 1,002 characters; at most 1,000 are allowed");
    assertThat(codeProblems("k".repeat(999) + ".c"))
        .containsExactly("mapping.code: path has 1,001 characters; at most 1,000 are allowed");
    assertThat(codeProblems("$." + "k".repeat(998))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {15, 400})
  void compile_deeplyNestedFilterParentheses_problem(int depth) {
    String path = "$.a[?(" + "(".repeat(depth) + "@.b==1" + ")".repeat(depth) + ")]";
    assertThat(codeProblems(path))
        .containsExactly(
            "mapping.code: path nests brackets and parentheses "
                + (depth + 2)
                + " levels deep; at most 16 are allowed");
  }

  @Test
  void compile_parenthesesBeyondTheCharacterLimit_problem() {
    String path = "$.a[?(" + "(".repeat(3_000) + "@.b==1" + ")".repeat(3_000) + ")]";
    assertThat(codeProblems(path))
        .containsExactly("mapping.code: path has 6,014 characters; at most 1,000 are allowed");
    assertThat(codeProblems("$.a[?(" + "(".repeat(14) + "@.b==1" + ")".repeat(14) + ")]"))
        .isEmpty();
  }

  @Test
  void compile_nestedFilters_problem_whileUsualFiltersWork() {
    String nested = "@.x";
    for (int i = 0; i < 300; i++) {
      nested = "@.a[?(" + nested + ")]";
    }
    assertThat(codeProblems("$.a[?(" + nested + ")]"))
        .singleElement()
        .asString()
        .startsWith("mapping.code: path has ");
    String usual = "$.codes[?(@.status == 'active' && (@.type == 'a' || @.type == 'b'))].code";
    assertThat(codeProblems(usual)).isEmpty();
    assertThat(codeProblems("$.a[?(@.b == '((((((((((((((((((((')].c")).isEmpty();
  }

  @Test
  void compile_everyPathField_limited() {
    MappingConfig mapping =
        MappingConfig.builder().code("code").expiry(jsonPath(2001)).error(dotted(2001)).build();
    assertThat(problems(mapping, CouponType.SINGLE))
        .containsExactly("mapping.expiry: " + TOO_MANY, "mapping.error: " + TOO_MANY);
  }

  @Test
  void build_tokenExpiredPathOf2001Segments_invalidConfig() {
    AuthConfig auth =
        AuthConfig.builder(dev.couponfetch.AuthType.OAUTH2)
            .grant(OAuth2Grant.CLIENT_CREDENTIALS)
            .clientId("id")
            .clientSecret("secret")
            .tokenUrl("https://auth.example/token")
            .tokenExpiredPath(jsonPath(2001))
            .build();
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> CouponSourceConfig.builder("https://x.example/").auth(auth).build());
    assertThat(e).isNotNull();
    assertThat(e.problems()).containsExactly("auth.tokenExpiredPath: " + TOO_MANY);
  }

  @Test
  void fromJson_jsonPathOf5000Segments_problem() {
    String json =
        "{\"endpoint\":\"https://x.example/\",\"mapping\":{\"code\":\"" + jsonPath(5000) + "\"}}";
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> CouponSourceConfig.fromJson(json));
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .containsExactly("mapping.code: path has 5,000 segments; at most 64 are allowed");
  }
}
