package dev.couponfetch.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A fetcher answering call n (from 1) with {@code answer.apply(n)}, which may throw. */
final class FakeFetcher implements CouponFetcher {
  final AtomicInteger calls = new AtomicInteger();
  volatile IntFunction<List<Coupon>> answer;

  FakeFetcher(IntFunction<List<Coupon>> answer) {
    this.answer = answer;
  }

  /** Call n gives {@code perCall} codes "n-0", "n-1", … that do not expire. */
  static IntFunction<List<Coupon>> codes(int perCall) {
    return n ->
        java.util.stream.IntStream.range(0, perCall).mapToObj(i -> Coupon.of(n + "-" + i)).toList();
  }

  /** Every call fails with {@code SERVER_ERROR} ("HTTP 500"). */
  static FakeFetcher failing() {
    return new FakeFetcher(
        n -> {
          throw CouponFetchException.of(Reason.SERVER_ERROR, "HTTP 500");
        });
  }

  @Override
  public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
    int n = calls.incrementAndGet();
    return new CouponBatch(answer.apply(n), 200, Duration.ZERO, List.of(), null);
  }

  @Override
  public void close() {}
}
