package dev.couponfetch;

import static dev.couponfetch.ConfigJsonTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.Limits.WhenRateLimited;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code "limits": {...}}: reading, problems, writing only what is set, round trips. */
class ConfigLimitsTest {
  private static final String ENDPOINT = "https://api.acme.example/coupons";

  private static String json(String limits) {
    return "{\"endpoint\": \"" + ENDPOINT + "\", \"limits\": " + limits + "}";
  }

  @Test
  void fromJson_everyField_read() {
    CouponSourceConfig config =
        CouponSourceConfig.fromJson(
            json(
                "{\"maxConcurrent\": 4, \"maxQueued\": 20, \"requestsPerSecond\": 2.5,"
                    + " \"whenRateLimited\": \"fail\"}"));

    assertThat(config.limits()).isEqualTo(new Limits(4, 20, 2.5, WhenRateLimited.FAIL));
  }

  @Test
  void fromJson_integerRateAndPartialLimits_read() {
    CouponSourceConfig config =
        CouponSourceConfig.fromJson(json("{\"requestsPerSecond\": 5, \"maxQueued\": 0}"));

    assertThat(config.limits()).isEqualTo(new Limits(null, 0, 5.0, null));
    assertThat(config.limits().rateLimitPolicy()).isEqualTo(WhenRateLimited.WAIT);
  }

  @Test
  void fromJson_noLimitsOrEmptyOrNull_none() {
    assertThat(CouponSourceConfig.fromJson("{\"endpoint\": \"" + ENDPOINT + "\"}").limits())
        .isSameAs(Limits.NONE);
    assertThat(CouponSourceConfig.fromJson(json("{}")).limits()).isEqualTo(Limits.NONE);
    assertThat(CouponSourceConfig.fromJson(json("null")).limits()).isEqualTo(Limits.NONE);
  }

  @Test
  void toJson_noLimits_writesNoLimitsKey() {
    CouponSourceConfig config = CouponSourceConfig.builder(ENDPOINT).build();

    assertThat(config.toJson()).doesNotContain("limits");
    assertThat(config.toBuilder().limits(new Limits(null, null, null, null)).build().toJson())
        .doesNotContain("limits");
  }

  @Test
  void toJson_someLimits_writesOnlyThoseAfterTimeouts() {
    CouponSourceConfig config =
        CouponSourceConfig.builder(ENDPOINT)
            .limits(new Limits(null, 20, 5.0, WhenRateLimited.FAIL))
            .retryPost(false)
            .build();

    String json = config.toJson();

    assertThat(json)
        .contains("\"limits\": {")
        .contains("\"maxQueued\": 20")
        .contains("\"requestsPerSecond\": 5,")
        .contains("\"whenRateLimited\": \"FAIL\"")
        .doesNotContain("maxConcurrent");
    assertThat(json.indexOf("\"limits\"")).isGreaterThan(json.indexOf("\"timeouts\""));
    assertThat(CouponSourceConfig.fromJson(json)).isEqualTo(config);
  }

  @Test
  void toString_showsLimits() {
    CouponSourceConfig config =
        CouponSourceConfig.builder(ENDPOINT).limits(new Limits(4, null, 2.5, null)).build();

    assertThat(config.toString()).contains("limits=Limits[maxConcurrent=4").contains("2.5");
    assertThat(CouponSourceConfig.builder(ENDPOINT).build().toString()).doesNotContain("limits");
  }

  @Test
  void fromJson_everyProblem_listedAtOnce() {
    assertThat(
            problemsOf(
                json(
                    "{\"maxConcurrent\": 0, \"maxQueued\": 20000, \"requestsPerSecond\": 0,"
                        + " \"whenRateLimited\": \"later\", \"burst\": 3}")))
        .containsExactlyInAnyOrder(
            "limits.burst: unknown field",
            "limits.maxConcurrent: must be between 1 and 1000, got 0",
            "limits.maxQueued: must be between 0 and 10000, got 20000",
            "limits.requestsPerSecond: must be more than 0 and at most 10000, got 0",
            "limits.whenRateLimited: must be one of WAIT, FAIL, got \"later\"");
  }

  @Test
  void fromJson_wrongTypes_problemsNamingTheField() {
    assertThat(
            problemsOf(
                json(
                    "{\"maxConcurrent\": 2.5, \"maxQueued\": \"20\", \"requestsPerSecond\": \"5\","
                        + " \"whenRateLimited\": 1}")))
        .containsExactlyInAnyOrder(
            "limits.maxConcurrent: must be a whole number between 1 and 1000, got 2.5",
            "limits.maxQueued: must be a whole number between 0 and 10000, got \"20\"",
            "limits.requestsPerSecond: must be a number more than 0 and at most 10000"
                + " (such as 2.5), got \"5\"",
            "limits.whenRateLimited: must be one of WAIT, FAIL, got 1");
    assertThat(problemsOf(json("[4]"))).containsExactly("limits: must be an object, got [4]");
  }

  @Test
  void fromJson_outOfRangeEdges_problems() {
    assertThat(
            problemsOf(
                json(
                    "{\"maxConcurrent\": 1001, \"maxQueued\": -1, \"requestsPerSecond\": 10000.5}")))
        .containsExactlyInAnyOrder(
            "limits.maxConcurrent: must be between 1 and 1000, got 1001",
            "limits.maxQueued: must be between 0 and 10000, got -1",
            "limits.requestsPerSecond: must be more than 0 and at most 10000, got 10000.5");
    assertThat(problemsOf(json("{\"maxQueued\": 99999999999, \"requestsPerSecond\": -2}")))
        .containsExactlyInAnyOrder(
            "limits.maxQueued: must be between 0 and 10000, got 99999999999",
            "limits.requestsPerSecond: must be more than 0 and at most 10000, got -2");
  }

  @Test
  void fromJson_limitProblemsBesideOtherProblems_allListed() {
    assertThat(
            problemsOf(
                "{\"endpoint\": \""
                    + ENDPOINT
                    + "\", \"method\": \"PUT\","
                    + " \"limits\": {\"maxQueued\": 20000}}"))
        .hasSize(2)
        .contains("limits.maxQueued: must be between 0 and 10000, got 20000");
  }

  @Test
  void roundTrip_randomValidLimits_readBackEqual() {
    Random random = new Random(16);
    for (int i = 0; i < 500; i++) {
      Limits limits =
          new Limits(
              random.nextBoolean() ? null : 1 + random.nextInt(Limits.MAX_CONCURRENT),
              random.nextBoolean() ? null : random.nextInt(Limits.MAX_QUEUED + 1),
              random.nextBoolean() ? null : rate(random),
              random.nextBoolean()
                  ? null
                  : WhenRateLimited.values()[random.nextInt(WhenRateLimited.values().length)]);
      CouponSourceConfig config = CouponSourceConfig.builder(ENDPOINT).limits(limits).build();

      CouponSourceConfig back = CouponSourceConfig.fromJson(config.toJson());

      assertThat(back.limits()).as(limits.toString()).isEqualTo(limits);
      assertThat(back.toJson()).isEqualTo(config.toJson());
    }
  }

  private static double rate(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return 1 + random.nextInt(10_000);
      case 1:
        return Limits.MAX_REQUESTS_PER_SECOND;
      case 2:
        return Double.MIN_VALUE + random.nextDouble() * 1e-3;
      default:
        return Math.nextUp(0.0) + random.nextDouble() * Limits.MAX_REQUESTS_PER_SECOND;
    }
  }
}
