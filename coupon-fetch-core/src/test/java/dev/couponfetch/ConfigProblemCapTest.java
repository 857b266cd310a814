package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An invalid config lists its first 50 problems and counts the rest: 100,000 unknown fields printed
 * 100,001 lines on the command line (and as many array elements in serve's answer).
 */
class ConfigProblemCapTest {
  private static CouponFetchException invalid(String json) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> CouponSourceConfig.fromJson(json));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e;
  }

  private static String withUnknownFields(int n) {
    StringBuilder json = new StringBuilder("{\"endpoint\":\"https://a.example/\"");
    for (int i = 0; i < n; i++) {
      json.append(",\"f").append(i).append("\":1");
    }
    return json.append('}').toString();
  }

  private static List<String> lines(int n) {
    return IntStream.range(0, n).mapToObj(i -> "headers.h" + i + ": bad").toList();
  }

  @Test
  void fromJson_100kUnknownFields_first50AndACount() {
    CouponFetchException e = invalid(withUnknownFields(100_000));

    assertThat(e.problems()).hasSize(51);
    assertThat(e.problems().subList(0, 50))
        .containsExactlyElementsOf(
            IntStream.range(0, 50).mapToObj(i -> "f" + i + ": unknown field").toList());
    assertThat(e.problems().get(50)).isEqualTo("… and 99,950 more problems");
    assertThat(e.problemCount()).isEqualTo(100_000);
    assertThat(e.getMessage())
        .startsWith("Invalid configuration (100,000 problems): f0: unknown field; ")
        .endsWith("; … and 99,950 more problems")
        .hasSizeLessThan(2_000);
  }

  @Test
  void invalidConfig_atTheCap_listsAllOfThem() {
    CouponFetchException fifty = CouponFetchException.invalidConfig(lines(50));
    assertThat(fifty.problems()).containsExactlyElementsOf(lines(50));
    assertThat(fifty.problemCount()).isEqualTo(50);

    CouponFetchException fiftyOne = CouponFetchException.invalidConfig(lines(51));
    assertThat(fiftyOne.problems()).hasSize(51).endsWith("… and 1 more problem");
    assertThat(fiftyOne.problemCount()).isEqualTo(51);

    CouponFetchException one = CouponFetchException.invalidConfig(lines(1));
    assertThat(one.getMessage()).isEqualTo("Invalid configuration: headers.h0: bad");
    assertThat(one.problemCount()).isEqualTo(1);
  }

  @Test
  void invalidConfig_rewrappedWithMoreProblems_keepsTheTotal() {
    CouponFetchException first = CouponFetchException.invalidConfig(lines(1_000));
    List<String> envelope = new ArrayList<>(List.of("variables.x: must be a string"));
    envelope.addAll(first.problems());

    CouponFetchException again = CouponFetchException.invalidConfig(envelope);

    assertThat(again.problemCount()).isEqualTo(1_001);
    assertThat(again.problems()).hasSize(51).startsWith("variables.x: must be a string");
    assertThat(again.problems().get(50)).isEqualTo("… and 951 more problems");
    assertThat(again.toBuilder().build().problemCount()).isEqualTo(1_001);
    assertThat(CouponFetchException.of(Reason.TIMEOUT, "slow").problemCount()).isZero();
  }
}
