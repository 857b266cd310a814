package dev.couponfetch.httpclient.pool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStore;
import dev.couponfetch.CouponStores;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.httpclient.LoopbackWireMock;
import dev.couponfetch.jdbc.TestDatabases;
import dev.couponfetch.testing.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Pools on the JDBC store, against a real PostgreSQL server and H2 files. */
class JdbcCouponPoolTest {
  private static final int PER_CALL = CouponPoolWireMockTest.PER_CALL;
  private static final int NODES = 4;
  private static final int THREADS_PER_NODE = 4;
  private static final int TAKES = 6_000;

  private static final CouponPoolWireMockTest.SequenceCodes sequence =
      new CouponPoolWireMockTest.SequenceCodes();

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock(sequence);
  @RegisterExtension final TestDatabases databases = new TestDatabases();
  private final String poolKey = "bulk-" + UUID.randomUUID();
  private HttpClientCouponFetcher fetcher;

  @BeforeEach
  void start() {
    sequence.calls.set(0);
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
  }

  private CouponSourceConfig bulk() {
    return CouponSourceConfig.builder(server.baseUrl() + "/bulk")
        .name("bulk")
        .couponType(CouponType.BULK)
        .mapping(MappingConfig.code("codes.*"))
        .build();
  }

  private void serveSequence() {
    server.stubFor(
        get(urlEqualTo("/bulk"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("sequence-codes")));
  }

  /**
   * Four nodes (four pools, each with its own store instance on one database) take concurrently;
   * the fourth is closed mid-run, as a crashed node would stop. Every code the endpoint served is
   * then either taken exactly once or still in the store.
   */
  @ParameterizedTest
  @FieldSource("dev.couponfetch.jdbc.TestDatabases#ALL")
  void take_fourNodesOneClosedMidRun_everyCodeOnceAndNoneLost(String database) throws Exception {
    serveSequence();
    HikariDataSource ds = databases.open(database);
    List<CouponPool> pools = new ArrayList<>();
    for (int n = 0; n < NODES; n++) {
      pools.add(
          CouponPool.builder(fetcher, bulk())
              .store(CouponStores.jdbc(ds))
              .poolKey(poolKey)
              .lowWatermark(PER_CALL / 2)
              .maxRefillsInFlight(1)
              .build());
    }
    Set<String> taken = ConcurrentHashMap.newKeySet();
    AtomicInteger twice = new AtomicInteger();
    AtomicInteger takes = new AtomicInteger();
    AtomicInteger byCrashed = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch crashedTookSome = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(NODES * THREADS_PER_NODE);
    CouponPool crashed = pools.get(NODES - 1);
    for (int t = 0; t < NODES * THREADS_PER_NODE; t++) {
      CouponPool pool = pools.get(t % NODES);
      new Thread(
              () -> {
                try {
                  while (takes.incrementAndGet() <= TAKES) {
                    String code;
                    try {
                      code = pool.take(Duration.ofSeconds(30)).code();
                    } catch (IllegalStateException closed) {
                      break; // this node crashed
                    }
                    if (!taken.add(code)) {
                      twice.incrementAndGet();
                    }
                    if (pool == crashed && byCrashed.incrementAndGet() == 200) {
                      crashedTookSome.countDown();
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                } finally {
                  done.countDown();
                }
              },
              "node-" + (t % NODES) + "-taker-" + t)
          .start();
    }
    assertThat(crashedTookSome.await(60, TimeUnit.SECONDS)).isTrue();
    crashed.close();
    assertThat(done.await(180, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();
    assertThat(twice).hasValue(0);

    // No refill starts after the close; those running (the crashed node's too) finish storing:
    // wait until every call is accounted for.
    pools.forEach(CouponPool::close);
    await(
        () ->
            pools.stream().mapToLong(p -> p.stats().refills() + p.stats().failures()).sum()
                == sequence.calls.get());
    assertThat(pools.stream().mapToLong(p -> p.stats().failures()).sum()).isZero();
    assertThat(taken.size()).isGreaterThanOrEqualTo(TAKES - NODES * THREADS_PER_NODE);

    Set<String> left = drain(CouponStores.jdbc(ds));
    assertThat(left).doesNotContainAnyElementsOf(taken);
    Set<String> all = new HashSet<>(taken);
    all.addAll(left);
    assertThat(all).hasSize(sequence.calls.get() * PER_CALL);
    for (int call = 1; call <= sequence.calls.get(); call++) {
      assertThat(all).contains(call + "-0", call + "-" + (PER_CALL - 1));
    }
  }

  @Test
  void take_afterRestart_servesStoredCouponsWithoutTheEndpoint() {
    serveSequence();
    Path file = databases.folder().resolve("node");
    Set<String> before = new HashSet<>();
    int stored;
    try (HikariDataSource ds = TestDatabases.h2(file);
        CouponPool pool =
            CouponPool.builder(fetcher, bulk())
                .store(CouponStores.jdbc(ds))
                .lowWatermark(1)
                .maxRefillsInFlight(1)
                .build()) {
      for (int i = 0; i < 10; i++) {
        before.add(pool.take(Duration.ofSeconds(30)).code());
      }
      await(() -> pool.stats().refills() == sequence.calls.get());
      stored = sequence.calls.get() * PER_CALL;
    }
    // The endpoint fails from now on: only what was stored can be served.
    server.resetMappings();
    server.stubFor(get(urlEqualTo("/bulk")).willReturn(aResponse().withStatus(503)));

    Set<String> after = new HashSet<>();
    try (HikariDataSource ds = TestDatabases.h2(file);
        CouponPool pool =
            CouponPool.builder(fetcher, bulk())
                .store(CouponStores.jdbc(ds))
                .lowWatermark(1)
                .backoff(Duration.ofMinutes(5), Duration.ofMinutes(5))
                .build()) {
      for (int i = 0; i < stored - 10; i++) {
        assertThat(after.add(pool.take(Duration.ofSeconds(30)).code())).isTrue();
      }
      assertThat(after).doesNotContainAnyElementsOf(before);
      await(() -> pool.stats().failures() >= 1);
      assertThatThrownBy(() -> pool.take(Duration.ofSeconds(30)))
          .isInstanceOfSatisfying(
              CouponFetchException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR));
    }
  }

  private Set<String> drain(CouponStore store) {
    Set<String> left = new HashSet<>();
    Optional<Coupon> c;
    while ((c = store.claim(poolKey, null, Instant.EPOCH, x -> {})).isPresent()) {
      left.add(c.get().code());
    }
    return left;
  }

  /** Polls {@code condition} until it holds, failing after 60 s. */
  private static void await(BooleanSupplier condition) {
    Polling.await(condition, Duration.ofSeconds(60));
  }
}
