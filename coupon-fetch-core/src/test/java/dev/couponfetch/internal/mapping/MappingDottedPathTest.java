package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.bulk;
import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.problems;
import static dev.couponfetch.internal.mapping.MappingFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingDottedPathTest {
  @Test
  void map_seedExample_readsCode() {
    assertThat(codes(single("result.0.data.coupon"), "[{\"data\":{\"coupon\":\"coupon_code\"}}]"))
        .containsExactly("coupon_code");
    assertThat(codes(single("result.0.data.coupon"), "[{\"data\":{\"coupon\":\"SPRING-7K2Q\"}}]"))
        .containsExactly("SPRING-7K2Q");
  }

  @Test
  void map_pathWithoutResult_startsAtRoot() {
    String body = "{\"data\":{\"coupon\":\"A1\"}}";
    assertThat(codes(single("data.coupon"), body)).containsExactly("A1");
    assertThat(codes(single("result.data.coupon"), body)).containsExactly("A1");
  }

  @Test
  void map_responseWithResultKey_resultIsThatKey() {
    String body = "{\"result\":{\"code\":\"R1\"},\"ok\":true}";
    assertThat(codes(single("result.code"), body)).containsExactly("R1");
    // ...but a top-level key of the same name as the next segment wins.
    assertThat(codes(single("result.ok2"), "{\"result\":1,\"ok2\":\"T\"}")).containsExactly("T");
    assertThat(codes(single("result"), "{\"result\":\"WHOLE\"}")).containsExactly("WHOLE");
    assertThat(codes(bulk("result.*"), "{\"result\":[\"A\",\"B\"],\"ok\":1}"))
        .containsExactly("A", "B");
    assertThat(codes(bulk("result.*"), "{\"result\":[\"A\",\"B\"],\"ok\":1}"))
        .containsExactly("A", "B");
  }

  @Test
  void map_numberOnObject_isKey() {
    assertThat(codes(single("codes.0"), "{\"codes\":{\"0\":\"K0\",\"1\":\"K1\"}}"))
        .containsExactly("K0");
  }

  @Test
  void map_wildcardOverObjectValues_takesEveryCode() {
    String body = "{\"data\":{\"id7\":{\"code\":\"A\"},\"id9\":{\"code\":\"B\"}}}";
    assertThat(codes(bulk("result.data.*.code"), body)).containsExactly("A", "B");
  }

  @Test
  void map_wildcardOverArrays_severalTimes() {
    String body =
        "{\"pages\":[{\"items\":[{\"c\":\"A\"},{\"c\":\"B\"}]},{\"items\":[{\"c\":\"C\"}]}]}";
    assertThat(codes(bulk("pages.*.items.*.c"), body)).containsExactly("A", "B", "C");
  }

  @Test
  void map_arrayAtEnd_isUnwrapped() {
    assertThat(codes(bulk("codes"), "{\"codes\":[\"A\",\"B\"]}")).containsExactly("A", "B");
    assertThat(codes(single("codes"), "{\"codes\":[\"ONLY\"]}")).containsExactly("ONLY");
  }

  @Test
  void map_bracketIndexAndWildcard_sameAsDots() {
    String body = "{\"data\":[{\"code\":\"A\"},{\"code\":\"B\"}]}";
    assertThat(codes(single("data[1].code"), body)).containsExactly("B");
    assertThat(codes(bulk("data[*].code"), body)).containsExactly("A", "B");
    assertThat(codes(single("[0]"), "[\"X\"]")).containsExactly("X");
  }

  @Test
  void map_escapedDot_addressesKeyWithDot() {
    String body = "{\"a.b\":{\"c\":\"DOT\"},\"a\":{\"b\":{\"c\":\"NESTED\"}}}";
    assertThat(codes(single("a\\.b.c"), body)).containsExactly("DOT");
    assertThat(codes(single("a.b.c"), body)).containsExactly("NESTED");
    assertThat(codes(single("\\*"), "{\"*\":\"STAR\"}")).containsExactly("STAR");
  }

  @Test
  void map_missingKey_namesSegmentAndKeysThere() {
    CouponFetchException e =
        failure(single("result.0.data.coupon"), "[{\"data\":{\"code\":\"X\",\"expires\":null}}]");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "mapping.code 'result.0.data.coupon': no key 'coupon' at result.0.data;"
                + " keys there: code, expires");
  }

  @Test
  void map_missingTopKey_saysTopLevel() {
    CouponFetchException e = failure(single("data.coupon"), "{\"status\":1}");
    assertThat(e.getMessage()).contains("no key 'data' at the top level; keys there: status");
  }

  @Test
  void map_indexOutOfRange_saysArraySize() {
    CouponFetchException e = failure(single("result.items.3"), "{\"items\":[\"A\",\"B\"]}");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage()).contains("index 3 out of range at result.items (array of 2)");
  }

  @Test
  void map_descendIntoString_saysWhatWasFound() {
    CouponFetchException e = failure(single("result.0.code"), "[\"PLAIN\"]");
    assertThat(e.getMessage())
        .contains("expected an object at result.0 but found a string (\"PLAIN\")");
  }

  @Test
  void map_keyOnArray_suggestsIndexOrWildcard() {
    CouponFetchException e = failure(single("data.code"), "{\"data\":[{\"code\":\"A\"}]}");
    assertThat(e.getMessage())
        .contains("expected an object with key 'code' at data but found an array (of 1)")
        .contains("use an index (0) or *");
  }

  @Test
  void map_wildcardElementMissingCode_namesThatElement() {
    CouponFetchException e =
        failure(bulk("items.*.code"), "{\"items\":[{\"code\":\"A\"},{\"id\":2}]}");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage()).contains("no key 'code' at items.1; keys there: id");
  }

  @Test
  void map_manyKeys_listCapped() {
    StringBuilder body = new StringBuilder("{");
    for (int i = 0; i < 30; i++) {
      body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
    }
    CouponFetchException e = failure(single("nope"), body.append('}').toString());
    assertThat(e.getMessage()).contains("k19, … (10 more)").doesNotContain("k20");
  }

  @Test
  void compile_splitsOnceIntoSegments() {
    List<String> problems = new ArrayList<>();
    DottedPath p = DottedPath.compile("mapping.code", "result.data[0].*.a\\.b.7", problems);
    assertThat(problems).isEmpty();
    assertThat(p.segments()).containsExactly("data", "[0]", "*", "a.b", "[7]");
  }

  @Test
  void compile_emptySegment_problemNamesField() {
    assertThat(problems(MappingConfig.code("a..b"), CouponType.SINGLE))
        .singleElement()
        .asString()
        .startsWith("mapping.code: empty segment in 'a..b'");
    assertThat(problems(MappingConfig.code(".a"), CouponType.SINGLE)).hasSize(1);
    assertThat(problems(MappingConfig.code("a."), CouponType.SINGLE)).hasSize(1);
  }

  @Test
  void compile_badBrackets_problem() {
    assertThat(problems(MappingConfig.code("a[x]"), CouponType.SINGLE))
        .singleElement()
        .asString()
        .startsWith("mapping.code: '[x]' in 'a[x]' must hold an index or *");
    assertThat(problems(MappingConfig.code("a[0"), CouponType.SINGLE)).hasSize(1);
    assertThat(problems(MappingConfig.code("a[0]b"), CouponType.SINGLE)).hasSize(1);
    assertThat(problems(MappingConfig.code("a\\"), CouponType.SINGLE)).hasSize(1);
  }
}
