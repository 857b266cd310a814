package dev.couponfetch.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.Coupon;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 64 threads on many pool keys: adders refilling (some codes added twice, some expiring) while
 * claimers take, with and without idempotency keys. Every code added is handed out or dropped
 * exactly once, and a retried keyed claim gets its coupon again.
 */
class InMemoryCouponStoreConcurrencyTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final int THREADS = 64;
  private static final int ADDERS = 4;
  private static final int KEYS = 16;
  private static final int BATCHES = 200;
  private static final int BATCH = 50;

  @ParameterizedTest(name = "seed {0}, remembering {1}")
  @CsvSource({"1, 1000000", "2, 1000000", "3, 64"})
  void claimsRacingAddsOnManyKeys_everyAddedCodeLeavesExactlyOnce(long seed, int remembered)
      throws Exception {
    InMemoryCouponStore store = new InMemoryCouponStore(remembered);
    ConcurrentLinkedQueue<String> added = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> dropped = new ConcurrentLinkedQueue<>();
    AtomicInteger keyedMismatches = new AtomicInteger();
    AtomicInteger addersLeft = new AtomicInteger(ADDERS);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      Random random = new Random(seed * 1000 + t);
      Runnable work =
          id < ADDERS
              ? () -> add(store, id, random, remembered, added, addersLeft)
              : () ->
                  claim(
                      store,
                      id,
                      random,
                      addersLeft,
                      out,
                      dropped,
                      // Remembering only 64 codes, a key may be forgotten before its retry.
                      remembered >= BATCHES * BATCH * ADDERS
                          ? keyedMismatches
                          : new AtomicInteger());
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                  work.run();
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(th.isAlive()).as("thread still running").isFalse();
    }

    assertThat(failures).isEmpty();
    assertThat(keyedMismatches).hasValue(0);
    for (int k = 0; k < KEYS; k++) {
      assertThat(store.available("pool-" + k)).isZero();
    }
    List<String> left = new ArrayList<>(out);
    left.addAll(dropped);
    assertThat(counts(left)).isEqualTo(counts(added));
    assertThat(counts(left).values()).containsOnly(1);
    assertThat(dropped).isNotEmpty().allMatch(code -> code.endsWith("-x"));
  }

  /** Adds batches of new codes (a tenth expiring) to random keys, and re-adds a few old ones. */
  private static void add(
      InMemoryCouponStore store,
      int adder,
      Random random,
      int remembered,
      ConcurrentLinkedQueue<String> added,
      AtomicInteger addersLeft) {
    try {
      boolean remembersAll = remembered >= BATCHES * BATCH * ADDERS;
      for (int b = 0; b < BATCHES; b++) {
        String key = "pool-" + random.nextInt(KEYS);
        List<Coupon> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          String code = "a" + adder + "-b" + b + "-" + i;
          batch.add(
              random.nextInt(10) == 0 ? new Coupon(code + "-x", NOW) : new Coupon(code, null));
        }
        assertThat(store.add(key, batch)).isEqualTo(BATCH);
        batch.forEach(c -> added.add(c.code()));
        if (remembersAll && random.nextBoolean()) {
          // A refill that fetched the same codes again while they are being claimed: refused.
          assertThat(store.add(key, batch)).isZero();
        }
      }
    } finally {
      addersLeft.decrementAndGet();
    }
  }

  /** Claims from random keys until the adders are done and every key is empty. */
  private static void claim(
      InMemoryCouponStore store,
      int claimer,
      Random random,
      AtomicInteger addersLeft,
      ConcurrentLinkedQueue<String> out,
      ConcurrentLinkedQueue<String> dropped,
      AtomicInteger keyedMismatches) {
    int n = 0;
    while (true) {
      boolean done = addersLeft.get() == 0;
      boolean any = false;
      int first = random.nextInt(KEYS); // a scan visits every key once, from a random one
      for (int i = 0; i < KEYS; i++) {
        String key = "pool-" + ((first + i) % KEYS);
        String visitor = random.nextInt(4) == 0 ? "visitor-" + claimer + "-" + n++ : null;
        Optional<Coupon> c = store.claim(key, visitor, NOW, d -> dropped.add(d.code()));
        if (c.isPresent()) {
          any = true;
          out.add(c.get().code());
          if (visitor != null) {
            Optional<Coupon> again = store.claim(key, visitor, NOW, d -> dropped.add(d.code()));
            if (!again.equals(c)) {
              keyedMismatches.incrementAndGet();
              // A key forgotten (remembering only a few codes): the retry took another coupon.
              again.ifPresent(x -> out.add(x.code()));
            }
          }
          break;
        }
      }
      if (!any) {
        if (done) {
          return;
        }
        Thread.yield();
      }
    }
  }

  private static Map<String, Integer> counts(Iterable<String> codes) {
    Map<String, Integer> m = new HashMap<>();
    codes.forEach(c -> m.merge(c, 1, Integer::sum));
    return m;
  }
}
