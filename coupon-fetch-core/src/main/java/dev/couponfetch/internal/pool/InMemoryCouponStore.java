package dev.couponfetch.internal.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** {@link CouponStore} in memory: one monitor per pool key, each operation a few map updates. */
public final class InMemoryCouponStore implements CouponStore {
  private final Map<String, Shelf> shelves = new ConcurrentHashMap<>();

  @Override
  public int add(String poolKey, List<Coupon> coupons) {
    Objects.requireNonNull(coupons, "coupons == null");
    Shelf shelf = shelf(poolKey);
    int added = 0;
    synchronized (shelf) {
      for (Coupon c : coupons) {
        Objects.requireNonNull(c, "coupon == null");
        if (shelf.seen.add(c.code())) {
          shelf.available.addLast(c);
          added++;
        }
      }
    }
    return added;
  }

  @Override
  public Optional<Coupon> claim(
      String poolKey, String idempotencyKey, Instant expiringBefore, Consumer<Coupon> discarded) {
    Objects.requireNonNull(expiringBefore, "expiringBefore == null");
    Objects.requireNonNull(discarded, "discarded == null");
    Shelf shelf = shelf(poolKey);
    List<Coupon> dropped = new java.util.ArrayList<>(0);
    Coupon claimed = null;
    synchronized (shelf) {
      if (idempotencyKey != null) {
        claimed = shelf.byIdempotencyKey.get(idempotencyKey);
      }
      while (claimed == null && !shelf.available.isEmpty()) {
        Coupon c = shelf.available.pollFirst();
        if (c.expiresAt() != null && !c.expiresAt().isAfter(expiringBefore)) {
          dropped.add(c);
        } else {
          claimed = c;
          if (idempotencyKey != null) {
            shelf.byIdempotencyKey.put(idempotencyKey, c);
          }
        }
      }
    }
    // Outside the monitor: the callback is the caller's code.
    dropped.forEach(discarded);
    return Optional.ofNullable(claimed);
  }

  @Override
  public int available(String poolKey) {
    Shelf shelf = shelf(poolKey);
    synchronized (shelf) {
      return shelf.available.size();
    }
  }

  private Shelf shelf(String poolKey) {
    Objects.requireNonNull(poolKey, "poolKey == null");
    return shelves.computeIfAbsent(poolKey, k -> new Shelf());
  }

  /** The coupons of one pool key; guarded by its own monitor. */
  private static final class Shelf {
    final ArrayDeque<Coupon> available = new ArrayDeque<>();
    final Set<String> seen = new HashSet<>();
    final Map<String, Coupon> byIdempotencyKey = new HashMap<>();
  }
}
