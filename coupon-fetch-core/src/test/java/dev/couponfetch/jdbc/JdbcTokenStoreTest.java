package dev.couponfetch.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class JdbcTokenStoreTest {
  private static final OAuthTokens FIRST =
      OAuthTokens.of(
          "access-1-secret", "refresh-1-secret", Instant.parse("2027-01-01T00:00:00Z"), "coupons");
  private static final OAuthTokens SECOND =
      OAuthTokens.of("access-2-secret", "refresh-2-secret", null, null);

  @RegisterExtension final TestDatabases databases = new TestDatabases();
  private final String key = "config-" + UUID.randomUUID();

  private HikariDataSource dataSource(String database) {
    return databases.open(database);
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void compareAndSet_matchingExpected_replacesAndRoundTrips(String database) {
    TokenStore store = TokenStores.jdbc(dataSource(database));
    assertThat(store.get(key)).isEmpty();

    assertThat(store.compareAndSet(key, null, FIRST)).isTrue();
    assertThat(store.get(key)).contains(FIRST);
    assertThat(store.compareAndSet(key, null, SECOND)).isFalse();
    assertThat(store.compareAndSet(key, SECOND, SECOND)).isFalse();
    assertThat(store.compareAndSet(key, FIRST, SECOND)).isTrue();
    assertThat(store.get(key)).contains(SECOND);
    assertThat(store.compareAndSet(key, SECOND, null)).isTrue();
    assertThat(store.get(key)).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void compareAndSet_eightWritersFromOneState_exactlyOneWins(String database) throws Exception {
    HikariDataSource ds = dataSource(database);
    // Two store instances: two nodes.
    TokenStore a = TokenStores.jdbc(ds);
    TokenStore b = TokenStores.jdbc(ds);
    for (OAuthTokens expected : new OAuthTokens[] {null, FIRST}) {
      int writers = 8;
      CyclicBarrier start = new CyclicBarrier(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          TokenStore s = i % 2 == 0 ? a : b;
          OAuthTokens mine = OAuthTokens.of("access-" + i, "refresh-" + i, null, null);
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return s.compareAndSet(key, expected, mine);
                  }));
        }
        int won = 0;
        for (Future<Boolean> r : results) {
          won += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(won).as("winners from %s", expected).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      // Reset for the second round: from FIRST.
      OAuthTokens now = a.get(key).orElseThrow();
      assertThat(a.compareAndSet(key, now, FIRST)).isTrue();
    }
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void whileRenewing_twoNodes_neverOverlap(String database) throws Exception {
    HikariDataSource ds = dataSource(database);
    TokenStore[] nodes = {TokenStores.jdbc(ds), TokenStores.jdbc(ds)};
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    int threads = 6;
    CyclicBarrier start = new CyclicBarrier(threads);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      TokenStore node = nodes[t % 2];
      new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < 5; i++) {
                    node.whileRenewing(
                        key,
                        Duration.ofSeconds(30),
                        () -> {
                          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                          Thread.yield();
                          return inside.decrementAndGet();
                        });
                  }
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
    assertThat(most).hasValue(1);
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void whileRenewing_leaseOfADeadNode_lapses(String database) throws Exception {
    HikariDataSource ds = dataSource(database);
    TokenStore store = TokenStores.jdbc(ds);
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO coupon_fetch_token_lease (token_key, holder, expires_at_ms)"
                    + " VALUES (?, 'dead-node', ?)")) {
      ps.setString(1, key);
      ps.setLong(2, System.currentTimeMillis() - 1);
      ps.executeUpdate();
    }
    // The dead node's lease has lapsed: taken at once, and released after.
    assertThat(store.whileRenewing(key, Duration.ofMinutes(5), () -> "renewed"))
        .isEqualTo("renewed");
    assertThat(leases(ds)).isZero();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void whileRenewing_leaseHeldPastMaxWait_renewsAnyway(String database) throws Exception {
    HikariDataSource ds = dataSource(database);
    TokenStore store = TokenStores.jdbc(ds);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                store.whileRenewing(
                    key,
                    Duration.ofMinutes(5),
                    () -> {
                      holding.countDown();
                      try {
                        return release.await(60, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        return false;
                      }
                    }));
    holder.start();
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(store.whileRenewing(key, Duration.ofMillis(200), () -> "without lease"))
        .isEqualTo("without lease");
    assertThat(leases(ds)).as("the holder's lease is untouched").isEqualTo(1);
    release.countDown();
    holder.join(30_000);
    assertThat(leases(ds)).isZero();
  }

  @Test
  void toString_showsNoToken() {
    TokenStore store = TokenStores.jdbc(dataSource("h2"));
    store.compareAndSet(key, null, FIRST);
    assertThat(store.toString()).doesNotContain("secret");
    assertThat(store.get(key).orElseThrow().toString()).doesNotContain("secret");
  }

  private int leases(HikariDataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM coupon_fetch_token_lease WHERE token_key = ?")) {
      ps.setString(1, key);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
