package dev.couponfetch.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStore;
import dev.couponfetch.CouponStores;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.testing.CapturedLogs;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A pool on the JDBC store while the database goes away: what is tried again, what is not. */
class JdbcPoolOutageTest {
  @RegisterExtension final TestDatabases databases = new TestDatabases();
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();
  private final String poolKey = "outage-" + UUID.randomUUID();
  private final AtomicInteger calls = new AtomicInteger();

  /** Each call mints three new codes. */
  private final CouponFetcher fetcher =
      new CouponFetcher() {
        @Override
        public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
          int n = calls.incrementAndGet();
          return new CouponBatch(
              List.of(Coupon.of(n + "-a"), Coupon.of(n + "-b"), Coupon.of(n + "-c")),
              200,
              Duration.ZERO,
              List.of(),
              null);
        }

        @Override
        public void close() {}
      };

  private CouponPool pool(CouponStore store) {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://merchant.example/coupons")
            .couponType(CouponType.BULK)
            .mapping(MappingConfig.code("codes.*"))
            .build();
    return CouponPool.builder(fetcher, config)
        .store(store)
        .poolKey(poolKey)
        .lowWatermark(1)
        .executor(Runnable::run)
        .build();
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void refill_databaseOutOfReachForOneAttempt_storedOnTheNext(String database) {
    FlakyDataSource ds = new FlakyDataSource(databases.open(database));
    FailingAdds store =
        new FailingAdds(
            ds,
            attempt -> attempt == 1,
            () -> new SQLTransientConnectionException("Connection refused", "08001"));

    try (CouponPool pool = pool(store)) {
      assertThat(store.addAttempts).hasValue(2);
      assertThat(pool.stats().stock()).isEqualTo(3);
      assertThat(pool.stats().failures()).isZero();
    }
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void refill_closedConnectionPool_triedAgainNotHiddenByANullPointer(String database) {
    FlakyDataSource ds = new FlakyDataSource(databases.open(database));
    FailingAdds store =
        new FailingAdds(
            ds,
            attempt -> attempt == 1,
            () -> new SQLException("HikariDataSource (h2) has been closed."));

    try (CouponPool pool = pool(store)) {
      assertThat(store.addAttempts).hasValue(2);
      assertThat(pool.stats().stock()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void refill_passwordRefused_notTriedAgain(String database) {
    FlakyDataSource ds = new FlakyDataSource(databases.open(database));
    FailingAdds store =
        new FailingAdds(
            ds,
            attempt -> true,
            () -> new SQLException("password authentication failed for user", "28P01"));

    try (CouponPool pool = pool(store)) {
      assertThat(store.addAttempts).hasValue(1);
      assertThat(pool.stats().failures()).isEqualTo(1);
      assertThatThrownBy(pool::take)
          .isInstanceOfSatisfying(
              CouponFetchException.class,
              e ->
                  assertThat(e.getMessage())
                      .contains("SQLState 28P01")
                      .contains("password authentication failed"));
    }
  }

  /**
   * A JDBC store on {@code ds} whose add attempt n first makes the data source fail its next
   * connection with {@code failure} when {@code failOn} holds for n (from 1).
   */
  private static final class FailingAdds implements CouponStore {
    final AtomicInteger addAttempts = new AtomicInteger();
    private final FlakyDataSource ds;
    private final IntPredicate failOn;
    private final Supplier<SQLException> failure;
    private final CouponStore delegate;

    FailingAdds(FlakyDataSource ds, IntPredicate failOn, Supplier<SQLException> failure) {
      this.ds = ds;
      this.failOn = failOn;
      this.failure = failure;
      this.delegate = CouponStores.jdbc(ds);
    }

    @Override
    public int add(String key, List<Coupon> coupons) {
      if (failOn.test(addAttempts.incrementAndGet())) {
        ds.failNext(1, failure);
      }
      return delegate.add(key, coupons);
    }

    @Override
    public java.util.Optional<Coupon> claim(
        String key,
        String idempotencyKey,
        java.time.Instant expiringBefore,
        java.util.function.Consumer<Coupon> discarded) {
      return delegate.claim(key, idempotencyKey, expiringBefore, discarded);
    }

    @Override
    public int available(String key) {
      return delegate.available(key);
    }
  }
}
