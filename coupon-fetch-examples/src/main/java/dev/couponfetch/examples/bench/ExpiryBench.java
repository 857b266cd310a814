package dev.couponfetch.examples.bench;

import dev.couponfetch.internal.mapping.ExpiryReader;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * One expiry value read by {@code AUTO} (what the mapper does with each selected expiry string),
 * against the direct {@code java.time} call for that one form.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExpiryBench {
  /** The form of the value. */
  @Param({
    "ISO_INSTANT",
    "OFFSET_DATE_TIME",
    "LOCAL_DATE_TIME",
    "DATE",
    "RFC_1123",
    "EPOCH_SECONDS",
    "EPOCH_MILLIS"
  })
  public ExpiryForm form;

  private String value;
  private ExpiryReader auto;

  /** Compiles {@code AUTO} once, as a config does. */
  @Setup
  public void setUp() {
    value = form.sample();
    auto = ExpiryReader.compile("AUTO", ZoneOffset.UTC);
  }

  /** coupon-fetch's {@code AUTO}. */
  @Benchmark
  public Instant auto() {
    return auto.read(value);
  }

  /** Baseline: the {@code java.time} call for this form. */
  @Benchmark
  public Instant javaTime() {
    return form.javaTime(value);
  }
}
