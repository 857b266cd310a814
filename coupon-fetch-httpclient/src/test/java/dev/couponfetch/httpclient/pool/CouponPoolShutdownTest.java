package dev.couponfetch.httpclient.pool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.zaxxer.hikari.HikariDataSource;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStores;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import dev.couponfetch.httpclient.LoopbackWireMock;
import dev.couponfetch.jdbc.TestDatabases;
import dev.couponfetch.testing.Polling;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shutting a node down in the natural order (the pool, then the fetcher, then the {@code
 * DataSource}) while a refill is in flight: every code the endpoint minted is then either in the
 * store, where a later pool on the same database serves it, or counted in the pool's log as
 * abandoned.
 */
class CouponPoolShutdownTest {
  private static final int PER_CALL = 50;

  /** Mints {@value #PER_CALL} new codes per call, remembers them, and answers when released. */
  static final class MintingEndpoint implements ResponseDefinitionTransformerV2 {
    final AtomicInteger calls = new AtomicInteger();
    final Set<String> minted = ConcurrentHashMap.newKeySet();
    final Semaphore called = new Semaphore(0);
    volatile CountDownLatch release = new CountDownLatch(0);

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      int n = calls.incrementAndGet();
      StringBuilder json = new StringBuilder("{\"codes\":[");
      for (int i = 0; i < PER_CALL; i++) {
        String code = "M" + n + "-" + i;
        minted.add(code);
        json.append(i == 0 ? "\"" : ",\"").append(code).append('"');
      }
      CountDownLatch gate = release; // the one set when this call arrived
      called.release();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
          .withBody(json.append("]}").toString())
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "minting";
    }

    void awaitCalls(int n) throws InterruptedException {
      assertThat(called.tryAcquire(n, 30, TimeUnit.SECONDS)).as("%s calls", n).isTrue();
    }
  }

  private static final MintingEndpoint endpoint = new MintingEndpoint();

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock(endpoint);
  @RegisterExtension final TestDatabases databases = new TestDatabases();

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private Path file;

  @BeforeEach
  void setUp() {
    endpoint.calls.set(0);
    endpoint.minted.clear();
    endpoint.called.drainPermits();
    endpoint.release = new CountDownLatch(0);
    file = databases.folder().resolve("node");
    originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    endpoint.release.countDown();
    System.setErr(originalErr);
    System.err.print(logs());
  }

  private String logs() {
    return logs.toString(StandardCharsets.UTF_8);
  }

  private CouponSourceConfig bulk() {
    return CouponSourceConfig.builder(server.baseUrl() + "/mint")
        .name("mint")
        .couponType(CouponType.BULK)
        .mapping(MappingConfig.code("codes.*"))
        .build();
  }

  private static HttpClientCouponFetcher newFetcher() {
    return HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build();
  }

  @Test
  void close_naturalOrderWithRefillOnSlowEndpoint_everyMintedCodeStored() throws Exception {
    server.stubFor(
        get(urlEqualTo("/mint"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withFixedDelay(1_000)
                    .withTransformers("minting")));
    HttpClientCouponFetcher fetcher = newFetcher();
    HikariDataSource ds = TestDatabases.h2(file);
    CouponPool pool =
        CouponPool.builder(fetcher, bulk())
            .store(CouponStores.jdbc(ds))
            .lowWatermark(1)
            .maxRefillsInFlight(1)
            .build();
    endpoint.awaitCalls(1); // minted; the answer is on its way, slowly

    pool.close();
    fetcher.close();
    ds.close();

    assertThat(endpoint.minted).hasSize(PER_CALL);
    assertThat(servedByALaterPool()).isEqualTo(endpoint.minted);
    assertThat(logs()).doesNotContain("abandoned").doesNotContain("could not be stored");
  }

  @Test
  void close_timeRunsOut_theAbandonedCallIsCountedAndEveryOtherCodeStored() throws Exception {
    server.stubFor(
        get(urlEqualTo("/mint"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("minting")));
    HttpClientCouponFetcher fetcher = newFetcher();
    HikariDataSource ds = TestDatabases.h2(file);
    CountDownLatch firstAnswer = new CountDownLatch(1);
    endpoint.release = firstAnswer;
    CouponPool pool =
        CouponPool.builder(fetcher, bulk())
            .store(CouponStores.jdbc(ds))
            .lowWatermark(PER_CALL + 1) // one batch is not enough: a second refill follows
            .maxRefillsInFlight(1)
            .build();
    endpoint.awaitCalls(1);
    CountDownLatch stuck = new CountDownLatch(1);
    endpoint.release = stuck; // the second call waits until the node is down
    firstAnswer.countDown();
    endpoint.awaitCalls(1);
    await(() -> pool.stats().refills() == 1);

    assertThat(pool.close(Duration.ZERO)).isFalse();
    fetcher.close();
    ds.close();
    stuck.countDown();

    assertThat(logs())
        .contains("coupon pool 'mint': close stopped waiting after PT0S and abandoned 1 refill")
        .contains("about 50 coupon(s) the endpoint may have minted are not stored")
        .contains("0 fetched and not yet stored, 1 call(s) still waiting on the endpoint");
    // The abandoned call then fails (the fetcher is closed) or cannot store (so is the store).
    await(
        () ->
            logs().contains("a refill call that close had abandoned failed")
                || logs().contains("50 fetched coupons could not be stored and are lost"));
    Set<String> stored = servedByALaterPool();
    assertThat(endpoint.minted).hasSize(2 * PER_CALL).containsAll(stored);
    Set<String> notStored = new HashSet<>(endpoint.minted);
    notStored.removeAll(stored);
    assertThat(notStored).hasSize(PER_CALL).allMatch(code -> code.startsWith("M2-"));
  }

  /** Every code a new pool on the same database serves while the endpoint is down. */
  private Set<String> servedByALaterPool() {
    server.resetMappings();
    server.stubFor(get(urlEqualTo("/mint")).willReturn(aResponse().withStatus(503)));
    List<String> served = new ArrayList<>();
    try (HikariDataSource ds = TestDatabases.h2(file);
        HttpClientCouponFetcher fetcher = newFetcher();
        CouponPool pool =
            CouponPool.builder(fetcher, bulk())
                .store(CouponStores.jdbc(ds))
                .lowWatermark(1)
                .backoff(Duration.ofMinutes(5), Duration.ofMinutes(5))
                .build()) {
      // Once the store is empty, the refill that follows fails and so does the take.
      while (true) {
        try {
          served.add(pool.take(Duration.ofSeconds(30)).code());
        } catch (CouponFetchException empty) {
          break;
        }
      }
      assertThatThrownBy(() -> pool.take(Duration.ofSeconds(30)))
          .isInstanceOf(CouponFetchException.class);
    }
    Set<String> unique = new HashSet<>(served);
    assertThat(unique).as("no code served twice").hasSize(served.size());
    return unique;
  }

  /** Polls {@code condition} until it holds, failing after 30 s. */
  private static void await(BooleanSupplier condition) {
    Polling.await(condition, Duration.ofSeconds(30));
  }
}
