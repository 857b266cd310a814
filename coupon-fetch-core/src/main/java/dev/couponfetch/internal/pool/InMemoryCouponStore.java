package dev.couponfetch.internal.pool;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@link CouponStore} in memory. A claim takes no lock: the available coupons are a chain of
 * segments (one per add), and a claim takes the next index of the head segment with one
 * fetch-and-add, so claims on many threads never wait for each other nor for an add. Adds (refills,
 * rare) take one monitor per pool key, do the bookkeeping, and publish their whole segment at once:
 * takers never see half a refill.
 *
 * <p>To keep a code fetched again from being stored twice, a shelf remembers every code it holds
 * and at least the last {@code remembered} codes it handed out (or dropped as expiring): every code
 * ever added is logged in order, and since coupons leave in that same order, the oldest entries of
 * the log beyond the available ones are those gone. An add forgets the oldest gone beyond {@code
 * remembered}, so memory is bounded by the stock at the last add plus that many codes, however long
 * the pool runs. Idempotency keys are remembered for as long as their coupon's code.
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
    coupons.forEach(c -> Objects.requireNonNull(c, "coupon == null"));
    Shelf shelf = shelf(poolKey);
    synchronized (shelf) {
      shelf.forget(remembered);
      List<Entry> fresh = new ArrayList<>(coupons.size());
      for (Coupon c : coupons) {
        if (shelf.seen.add(c.code())) {
          Entry e = new Entry(c);
          shelf.log.addLast(e);
          fresh.add(e);
        }
      }
      if (!fresh.isEmpty()) {
        shelf.publish(fresh.toArray(new Entry[0]));
      }
      return fresh.size();
    }
  }

  @Override
  public Optional<Coupon> claim(
      String poolKey, String idempotencyKey, Instant expiringBefore, Consumer<Coupon> discarded) {
    Objects.requireNonNull(expiringBefore, "expiringBefore == null");
    Objects.requireNonNull(discarded, "discarded == null");
    Shelf shelf = shelf(poolKey);
    if (idempotencyKey == null) {
      Entry e = shelf.poll(expiringBefore, discarded, null);
      return e == null ? Optional.empty() : Optional.of(e.coupon);
    }
    Entry bound = shelf.byIdempotencyKey.get(idempotencyKey);
    if (bound == null) {
      // The key's bin is locked while it polls: of two claims with one key, one polls.
      List<Coupon> dropped = new ArrayList<>(0);
      bound =
          shelf.byIdempotencyKey.computeIfAbsent(
              idempotencyKey, k -> shelf.poll(expiringBefore, dropped::add, k));
      if (bound != null) {
        bound.settled = true;
      }
      // Outside the map's lock: the callback is the caller's code.
      dropped.forEach(discarded);
    }
    return bound == null ? Optional.empty() : Optional.of(bound.coupon);
  }

  @Override
  public int available(String poolKey) {
    return (int) Math.max(0, shelf(poolKey).stock.sum());
  }

  private Shelf shelf(String poolKey) {
    Objects.requireNonNull(poolKey, "poolKey == null");
    Shelf shelf = shelves.get(poolKey);
    return shelf != null ? shelf : shelves.computeIfAbsent(poolKey, k -> new Shelf());
  }

  /** A stored coupon; made by an add, so that a claim allocates nothing. */
  private static final class Entry {
    final Coupon coupon;

    /** The idempotency key it was claimed with; set before {@link #settled}. */
    String idempotencyKey;

    /** Claimed or dropped, and its key (if any) bound: it may be forgotten. */
    volatile boolean settled;

    Entry(Coupon coupon) {
      this.coupon = coupon;
    }
  }

  /** The coupons of one add, handed out in order by index. */
  private static final class Segment {
    final Entry[] entries;

    /** The next index to hand out; beyond the end once all are. */
    final AtomicInteger taken = new AtomicInteger();

    /** The segment of the next add; written under the shelf's monitor. */
    volatile Segment next;

    Segment(Entry[] entries) {
      this.entries = entries;
    }
  }

  /** The coupons of one pool key. */
  private static final class Shelf {
    /** The oldest segment that may hold an available coupon; never null (an empty one first). */
    final AtomicReference<Segment> head = new AtomicReference<>(new Segment(new Entry[0]));

    /** The newest segment; guarded by the monitor. */
    Segment tail = head.get();

    /**
     * How many are available: raised after an add publishes, lowered after a claim takes, so it is
     * never below the true count (an add forgets only what is surely gone).
     */
    final LongAdder stock = new LongAdder();

    final Map<String, Entry> byIdempotencyKey = new ConcurrentHashMap<>();

    // Guarded by the shelf's monitor (adds only).

    /** Codes available, and those of the gone entries of {@link #log}. */
    final Set<String> seen = new HashSet<>();

    /** Every entry added and not forgotten, oldest first: the gone ones, then the available. */
    final ArrayDeque<Entry> log = new ArrayDeque<>();

    /** Under the monitor: makes {@code entries} available, all at once, after the others. */
    void publish(Entry[] entries) {
      Segment s = new Segment(entries);
      tail.next = s;
      tail = s;
      stock.add(entries.length);
    }

    /** The oldest available entry, now this caller's; null when there is none. */
    Entry next() {
      Segment h = head.get();
      while (true) {
        // Checked first so that claims on an empty store do not count its index up forever.
        if (h.taken.get() < h.entries.length) {
          int i = h.taken.getAndIncrement();
          if (i < h.entries.length) {
            return h.entries[i];
          }
        }
        Segment n = h.next;
        if (n == null) {
          return null;
        }
        head.compareAndSet(h, n);
        h = head.get();
      }
    }

    /** The oldest available coupon not expiring at or before {@code expiringBefore}, claimed. */
    Entry poll(Instant expiringBefore, Consumer<Coupon> discarded, String idempotencyKey) {
      Entry e;
      while ((e = next()) != null) {
        Instant expiry = e.coupon.expiresAt();
        if (expiry != null && !expiry.isAfter(expiringBefore)) {
          stock.decrement();
          e.settled = true;
          discarded.accept(e.coupon);
          continue;
        }
        e.idempotencyKey = idempotencyKey;
        stock.decrement();
        if (idempotencyKey == null) {
          e.settled = true;
        }
        return e;
      }
      return null;
    }

    /** Under the monitor: forgets the oldest gone entries beyond {@code max}. */
    void forget(int max) {
      long gone = log.size() - stock.sum();
      for (; gone > max; gone--) {
        Entry oldest = log.peekFirst();
        if (oldest == null || !oldest.settled) {
          // A claim is still binding it: the next add forgets it.
          return;
        }
        log.pollFirst();
        seen.remove(oldest.coupon.code());
        if (oldest.idempotencyKey != null) {
          byIdempotencyKey.remove(oldest.idempotencyKey, oldest);
        }
      }
    }
  }
}
