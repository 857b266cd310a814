package dev.couponfetch.examples.bench;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CouponFetcher} that answers at once with a batch of new codes, never seen before, so a
 * pool over it is limited by itself, not by an endpoint. Thread-safe.
 */
final class BulkStub implements CouponFetcher {
  private final int batch;
  private final AtomicLong next = new AtomicLong();

  BulkStub(int batch) {
    this.batch = batch;
  }

  @Override
  public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
    long first = next.getAndAdd(batch);
    List<Coupon> coupons = new ArrayList<>(batch);
    for (long i = first; i < first + batch; i++) {
      coupons.add(Coupon.of("P-" + i));
    }
    return new CouponBatch(coupons, 200, Duration.ZERO, List.of(), null);
  }

  @Override
  public void close() {}
}
