package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.bulk;
import static dev.couponfetch.internal.mapping.MappingFixtures.codes;
import static dev.couponfetch.internal.mapping.MappingFixtures.expiries;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.mapper;
import static dev.couponfetch.internal.mapping.MappingFixtures.problems;
import static dev.couponfetch.internal.mapping.MappingFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MappingJsonPathTest {
  @Test
  void map_definitePath_readsCode() {
    assertThat(codes(single("$[0].data.coupon"), "[{\"data\":{\"coupon\":\"coupon_code\"}}]"))
        .containsExactly("coupon_code");
  }

  @Test
  void map_indefinitePath_readsEveryCode() {
    assertThat(codes(bulk("$.codes[*]"), "{\"codes\":[\"A\",\"B\",\"C\"]}"))
        .containsExactly("A", "B", "C");
    assertThat(codes(bulk("$..code"), "{\"a\":{\"code\":\"X\"},\"b\":[{\"code\":\"Y\"}]}"))
        .containsExactlyInAnyOrder("X", "Y");
  }

  @Test
  void map_filter_works() {
    String body = "{\"items\":[{\"used\":true,\"c\":\"OLD\"},{\"used\":false,\"c\":\"NEW\"}]}";
    assertThat(codes(single("$.items[?(@.used == false)].c"), body)).containsExactly("NEW");
  }

  @Test
  void map_definitePathToArray_isUnwrapped() {
    assertThat(codes(bulk("$.codes"), "{\"codes\":[\"A\",\"B\"]}")).containsExactly("A", "B");
  }

  @Test
  void map_singleGivenThree_tooManyCoupons() {
    CouponFetchException e = failure(single("$.codes[*]"), "{\"codes\":[\"A\",\"B\",\"C\"]}");
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_COUPONS);
    assertThat(e.getMessage()).contains("gave 3 codes; set couponType to BULK");
  }

  @Test
  void map_missingPath_mappingNotFoundWithTopKeys() {
    CouponFetchException e = failure(single("$.data.coupon"), "{\"status\":0,\"msg\":\"x\"}");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage())
        .startsWith("mapping.code '$.data.coupon': ")
        .contains("keys: status, msg");
  }

  @Test
  void map_indefiniteCodeMissingInOneElement_mappingNotFound() {
    CouponFetchException e =
        failure(bulk("$.items[*].code"), "{\"items\":[{\"code\":\"A\"},{\"id\":1}]}");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
  }

  @Test
  void map_indefiniteExpiryMissingInOneElement_thatCouponHasNone() {
    MappingConfig m =
        MappingConfig.builder().code("$.items[*].code").expiry("$.items[*].exp").build();
    String body = "{\"items\":[{\"code\":\"A\",\"exp\":1700000000},{\"code\":\"B\"}]}";
    assertThat(expiries(mapper(m, CouponType.BULK), body))
        .containsExactly(Instant.ofEpochSecond(1_700_000_000L), null);
  }

  @Test
  void map_errorPathMissing_noError() {
    MappingConfig m = MappingConfig.builder().code("$.code").error("$.error.message").build();
    assertThat(codes(mapper(m, CouponType.SINGLE), "{\"code\":\"OK\"}")).containsExactly("OK");
  }

  @Test
  void compile_invalidJsonPath_problemNamesField() {
    assertThat(problems(MappingConfig.code("$[0"), CouponType.SINGLE))
        .singleElement()
        .asString()
        .startsWith("mapping.code: '$[0' is not a valid JsonPath expression:");
    MappingConfig bad = MappingConfig.builder().code("$.a").expiry("$..").error("$.[").build();
    assertThat(problems(bad, CouponType.SINGLE))
        .hasSize(2)
        .anyMatch(p -> p.startsWith("mapping.expiry: "))
        .anyMatch(p -> p.startsWith("mapping.error: "));
  }

  @Test
  void compile_jsonPathThatCrashesTheParser_noJavaExceptionInMessage() {
    assertThat(problems(MappingConfig.code("$..["), CouponType.SINGLE))
        .containsExactly("mapping.code: '$..[' is not a valid JsonPath expression");
    assertThat(problems(MappingConfig.code("$["), CouponType.SINGLE))
        .containsExactly("mapping.code: '$[' is not a valid JsonPath expression");
  }

  @Test
  void compile_invalidJsonPath_keepsJsonPathsOwnReason() {
    assertThat(problems(MappingConfig.code("$a"), CouponType.SINGLE))
        .containsExactly(
            "mapping.code: '$a' is not a valid JsonPath expression: Illegal character at position"
                + " 1 expected '.' or '['");
  }
}
