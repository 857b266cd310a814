package dev.couponfetch.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponStore;
import dev.couponfetch.CouponStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class JdbcCouponStoreTest {
  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

  @RegisterExtension final TestDatabases databases = new TestDatabases();
  private final String pool = "pool-" + UUID.randomUUID();

  private CouponStore store(String database) {
    return CouponStores.jdbc(databases.open(database));
  }

  private static List<Coupon> codes(String prefix, int n) {
    List<Coupon> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Coupon.of(prefix + i));
    }
    return out;
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void add_codeAlreadyHeldOrClaimed_notAddedAgain(String database) {
    CouponStore store = store(database);
    assertThat(store.add(pool, List.of(Coupon.of("A"), Coupon.of("B"), Coupon.of("A"))))
        .isEqualTo(2);
    assertThat(store.claim(pool, null, NOW, c -> {})).contains(Coupon.of("A"));

    assertThat(store.add(pool, List.of(Coupon.of("A"), Coupon.of("B"), Coupon.of("C"))))
        .isEqualTo(1);
    assertThat(store.available(pool)).isEqualTo(2);
    assertThat(store.available("other-" + pool)).isZero();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void claim_inOrderWithExpiry_roundTripsCouponAndEmptiesStore(String database) {
    CouponStore store = store(database);
    Coupon expiring = new Coupon("X-1", Instant.parse("2027-06-30T12:34:56.789Z"));
    store.add(pool, List.of(expiring, Coupon.of("X-2")));

    assertThat(store.claim(pool, null, NOW, c -> {})).contains(expiring);
    assertThat(store.claim(pool, null, NOW, c -> {})).contains(Coupon.of("X-2"));
    assertThat(store.claim(pool, null, NOW, c -> {})).isEmpty();
    assertThat(store.available(pool)).isZero();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void claim_expiringBeforeCutOff_discardedAndNeverServed(String database) {
    CouponStore store = store(database);
    Coupon old = new Coupon("OLD", NOW.minusSeconds(1));
    Coupon atCut = new Coupon("AT-CUT", NOW);
    Coupon good = new Coupon("GOOD", NOW.plusSeconds(60));
    store.add(pool, List.of(old, atCut, good));
    List<Coupon> discarded = new ArrayList<>();

    assertThat(store.claim(pool, null, NOW, discarded::add)).contains(good);
    assertThat(discarded).containsExactly(old, atCut);
    assertThat(store.available(pool)).isZero();
    // Discarded codes stay known: fetched again, they are not stored again.
    assertThat(store.add(pool, List.of(old))).isZero();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void claim_sameIdempotencyKey_sameCouponOnce(String database) {
    CouponStore store = store(database);
    store.add(pool, codes("K-", 3));

    Optional<Coupon> first = store.claim(pool, "visitor-1@example.com", NOW, c -> {});
    Optional<Coupon> again = store.claim(pool, "visitor-1@example.com", NOW, c -> {});
    Optional<Coupon> other = store.claim(pool, "visitor-2@example.com", NOW, c -> {});

    assertThat(first).contains(Coupon.of("K-0"));
    assertThat(again).isEqualTo(first);
    assertThat(other).contains(Coupon.of("K-1"));
    assertThat(store.available(pool)).isEqualTo(1);
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void claim_sameKeyRacing_allGetOneCouponAndOnlyOneIsUsed(String database) throws Exception {
    CouponStore store = store(database);
    store.add(pool, codes("R-", 20));
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    Set<Coupon> got = ConcurrentHashMap.newKeySet();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(
              () -> {
                try {
                  start.await();
                  got.add(store.claim(pool, "same-visitor", NOW, c -> {}).orElseThrow());
                } catch (Throwable e) {
                  errors.add(e);
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();
    assertThat(got).hasSize(1);
    assertThat(store.available(pool)).isEqualTo(19);
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void claim_sixteenThreads_everyCouponExactlyOnce(String database) throws Exception {
    CouponStore store = store(database);
    int total = 4_000;
    store.add(pool, codes("C-", total));
    Set<String> taken = ConcurrentHashMap.newKeySet();
    AtomicInteger twice = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(16);
    for (int t = 0; t < 16; t++) {
      new Thread(
              () -> {
                try {
                  Optional<Coupon> c;
                  while ((c = store.claim(pool, null, NOW, x -> {})).isPresent()) {
                    if (!taken.add(c.get().code())) {
                      twice.incrementAndGet();
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();
    assertThat(twice).hasValue(0);
    assertThat(taken).hasSize(total);
    assertThat(store.available(pool)).isZero();
  }

  @Test
  void h2_reopened_keepsCouponsAndWhatWasClaimed() {
    Path file = databases.folder().resolve("restart");
    try (HikariDataSource ds = TestDatabases.h2(file)) {
      CouponStore store = CouponStores.jdbc(ds);
      store.add(pool, codes("P-", 3));
      assertThat(store.claim(pool, null, NOW, c -> {})).contains(Coupon.of("P-0"));
    }
    try (HikariDataSource ds = TestDatabases.h2(file)) {
      CouponStore store = CouponStores.jdbc(ds);
      assertThat(store.available(pool)).isEqualTo(2);
      assertThat(store.add(pool, List.of(Coupon.of("P-0")))).isZero();
      assertThat(store.claim(pool, null, NOW, c -> {})).contains(Coupon.of("P-1"));
    }
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void build_twiceOnOneDatabase_schemaCreatedOnce(String database) {
    store(database).add(pool, codes("S-", 1));
    CouponStore again = store(database);
    assertThat(again.available(pool)).isEqualTo(1);
  }

  @Test
  void build_newerSchemaVersion_refusedWithAdvice() throws Exception {
    try (HikariDataSource ds = databases.openH2("newer")) {
      CouponStores.jdbc(ds);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO coupon_fetch_schema (version) VALUES (2)");
      }
      assertThatThrownBy(() -> CouponStores.jdbc(ds))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schema version 2")
          .hasMessageContaining("upgrade coupon-fetch");
    }
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void add_dataSourceClosed_failsWithTheDatabaseErrorNotANullPointer(String database) {
    HikariDataSource ds = databases.open(database);
    CouponStore store = CouponStores.jdbc(ds);
    ds.close(); // its getConnection throws an SQLException without SQLState

    assertThatThrownBy(() -> store.add(pool, codes("Z-", 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("adding coupons failed (SQLState null)")
        .hasMessageContaining("has been closed");
  }

  @Test
  void claim_poolKeyTooLong_namesTheLimit() {
    CouponStore store = store("h2");
    assertThatThrownBy(() -> store.available("k".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolKey is longer than 512");
  }
}
