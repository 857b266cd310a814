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

/**
 * {@link CouponStore} in memory: one monitor per pool key, each operation a few map updates.
 *
 * <p>To keep a code fetched again from being stored twice, a shelf remembers every code it holds
 * and the last {@code remembered} codes it handed out (or dropped as expiring); older ones are
 * forgotten, so memory is bounded by the stock plus that many codes, however long the pool runs.
 * Idempotency keys are remembered for as long as their coupon's code.
 */
public final class InMemoryCouponStore implements CouponStore {
  /** Codes handed out that each pool key remembers by default. */
  static final int DEFAULT_REMEMBERED = 1_000_000;

  private final Map<String, Shelf> shelves = new ConcurrentHashMap<>();
  private final int remembered;

  /** A store remembering the last {@link #DEFAULT_REMEMBERED} codes handed out per pool key. */
  public InMemoryCouponStore() {
    this(DEFAULT_REMEMBERED);
  }

  /** A store remembering the last {@code remembered} codes handed out per pool key. */
  public InMemoryCouponStore(int remembered) {
    if (remembered < 0) {
      throw new IllegalArgumentException("remembered < 0: " + remembered);
    }
    this.remembered = remembered;
  }

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
          shelf.gone(c.code(), null, remembered);
        } else {
          claimed = c;
          if (idempotencyKey != null) {
            shelf.byIdempotencyKey.put(idempotencyKey, c);
          }
          shelf.gone(c.code(), idempotencyKey, remembered);
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

    /** Codes available, and the codes of {@link #handedOut}. */
    final Set<String> seen = new HashSet<>();

    /** Codes handed out or dropped, oldest first, each with its idempotency key or null. */
    final ArrayDeque<String[]> handedOut = new ArrayDeque<>();

    final Map<String, Coupon> byIdempotencyKey = new HashMap<>();

    /** Remembers that {@code code} left the shelf; forgets the oldest beyond {@code max}. */
    void gone(String code, String idempotencyKey, int max) {
      handedOut.addLast(new String[] {code, idempotencyKey});
      while (handedOut.size() > max) {
        String[] oldest = handedOut.pollFirst();
        seen.remove(oldest[0]);
        if (oldest[1] != null) {
          byIdempotencyKey.remove(oldest[1]);
        }
      }
    }
  }
}
