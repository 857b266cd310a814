package dev.couponfetch.examples.bench;

import dev.couponfetch.Coupon;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.examples.bench.BenchFixtures.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One response mapped to coupons (bytes in, coupons out): coupon-fetch's mapper with the dotted
 * path, the same with JsonPath, and the hand-written Jackson walk as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MappingBench {
  /** Which response: one code, or a thousand. */
  @Param({"SINGLE", "BULK"})
  public Response response;

  private byte[] body;
  private ResponseMapper dotted;
  private ResponseMapper jsonPath;

  /** Builds the body and both mappers once: configs are compiled once, not per response. */
  @Setup
  public void setUp() {
    body = BenchFixtures.body(response);
    dotted = BenchFixtures.mapper(response, false);
    jsonPath = BenchFixtures.mapper(response, true);
  }

  /** coupon-fetch, dotted path ({@code result.0.data.coupon}, {@code codes.*.code}). */
  @Benchmark
  public MappedResponse dotted() {
    return dotted.map(body, StandardCharsets.UTF_8);
  }

  /** coupon-fetch, JsonPath ({@code $.result[0].data.coupon}, {@code $.codes[*].code}). */
  @Benchmark
  public MappedResponse jsonPath() {
    return jsonPath.map(body, StandardCharsets.UTF_8);
  }

  /** Baseline: {@code ObjectMapper.readTree} and a walk by hand. */
  @Benchmark
  public List<Coupon> jacksonWalk() {
    return BenchFixtures.handWalk(response, body);
  }
}
