package dev.couponfetch.internal.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * A fetcher whose call n (from 1) answers {@code answer.apply(n)}, which may throw; while closed
 * (the default when built with {@link #gated}), each call waits for a permit from {@link #open}.
 */
final class GatedFetcher implements CouponFetcher {
  final AtomicInteger calls = new AtomicInteger();
  private final Semaphore entered = new Semaphore(0);
  private final Semaphore gate = new Semaphore(0);
  private final boolean gated;
  volatile IntFunction<List<Coupon>> answer;
  volatile Thread lastThread;

  private GatedFetcher(IntFunction<List<Coupon>> answer, boolean gated) {
    this.answer = answer;
    this.gated = gated;
  }

  /** Answers at once. */
  static GatedFetcher answering(IntFunction<List<Coupon>> answer) {
    return new GatedFetcher(answer, false);
  }

  /** Each call waits for {@link #open}. */
  static GatedFetcher gated(IntFunction<List<Coupon>> answer) {
    return new GatedFetcher(answer, true);
  }

  /** Call n gives {@code perCall} codes "n-0", "n-1", … that do not expire. */
  static IntFunction<List<Coupon>> codes(int perCall) {
    return n -> IntStream.range(0, perCall).mapToObj(i -> Coupon.of(n + "-" + i)).toList();
  }

  /** Lets {@code n} waiting (or future) calls answer. */
  void open(int n) {
    gate.release(n);
  }

  /** Waits until a call has begun (one per call begun). */
  void awaitCall() throws InterruptedException {
    if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no call to the endpoint within 10 s");
    }
  }

  @Override
  public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
    int n = calls.incrementAndGet();
    lastThread = Thread.currentThread();
    entered.release();
    if (gated) {
      try {
        if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate of call " + n);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return new CouponBatch(answer.apply(n), 200, Duration.ZERO, List.of(), null);
  }

  @Override
  public void close() {}
}
