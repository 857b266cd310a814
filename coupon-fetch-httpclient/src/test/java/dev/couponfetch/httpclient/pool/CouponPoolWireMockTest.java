package dev.couponfetch.httpclient.pool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
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
import dev.couponfetch.testing.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CouponPoolWireMockTest {
  static final int PER_CALL = 1_000;

  /** Answers the n-th call to a {@code /bulk} stub with codes "n-0" … "n-999". */
  static final class SequenceCodes implements ResponseDefinitionTransformerV2 {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      int n = calls.incrementAndGet();
      StringBuilder json = new StringBuilder("{\"codes\":[");
      for (int i = 0; i < PER_CALL; i++) {
        json.append(i == 0 ? "\"" : ",\"").append(n).append('-').append(i).append('"');
      }
      json.append("]}");
      return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
          .withBody(json.toString())
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "sequence-codes";
    }
  }

  private static final SequenceCodes sequence = new SequenceCodes();

  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock(sequence);
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
    return CouponSourceConfig.builder("http://127.0.0.1:" + server.port() + "/bulk")
        .name("bulk")
        .couponType(CouponType.BULK)
        .mapping(MappingConfig.code("codes.*"))
        .build();
  }

  @Test
  void take_sixteenThreadsTake100000_eachCodeExactlyOnce() throws Exception {
    server.stubFor(
        get(urlEqualTo("/bulk"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("sequence-codes")));
    CouponStore store = CouponStores.inMemory();
    Set<String> taken = ConcurrentHashMap.newKeySet();
    AtomicInteger twice = new AtomicInteger();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(16);
    CouponPool pool =
        CouponPool.builder(fetcher, bulk())
            .store(store)
            .lowWatermark(3 * PER_CALL)
            .maxRefillsInFlight(2)
            .build();
    try {
      for (int t = 0; t < 16; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 100_000 / 16; i++) {
                      if (!taken.add(pool.take(Duration.ofSeconds(30)).code())) {
                        twice.incrementAndGet();
                      }
                    }
                  } catch (Throwable e) {
                    errors.add(e);
                  } finally {
                    done.countDown();
                  }
                },
                "taker-" + t);
        thread.start();
      }
      assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).isEmpty();
      assertThat(twice).hasValue(0);
      assertThat(taken).hasSize(100_000);

      // No refill starts after the close; those running finish: wait until each call is stored.
      pool.close();
      await(
          () ->
              pool.stats().fetched() == (long) sequence.calls.get() * PER_CALL
                  && pool.stats().refills() == sequence.calls.get());
      CouponPool.Stats s = pool.stats();
      assertThat(s.taken()).isEqualTo(100_000);
      assertThat(s.skipped() + s.duplicates()).isZero();
      assertThat(s.fetched()).isEqualTo(s.taken() + s.stock());

      // Nothing unaccounted for: taken codes plus those left in the store are every code served.
      Set<String> left = new java.util.HashSet<>();
      Optional<Coupon> c;
      while ((c = store.claim("bulk", null, Instant.EPOCH, x -> {})).isPresent()) {
        left.add(c.get().code());
      }
      assertThat(left).hasSize(s.stock()).doesNotContainAnyElementsOf(taken);
      List<String> all = new ArrayList<>(taken);
      all.addAll(left);
      assertThat(all).hasSize(sequence.calls.get() * PER_CALL);
      for (int n = 1; n <= sequence.calls.get(); n++) {
        assertThat(taken.contains(n + "-0") || left.contains(n + "-0")).as("call %s", n).isTrue();
      }
    } finally {
      pool.close();
    }
  }

  @Test
  void take_endpointFailing_failsFastWithLastReason() {
    server.stubFor(get(urlEqualTo("/bulk")).willReturn(aResponse().withStatus(401)));
    try (CouponPool pool = CouponPool.builder(fetcher, bulk()).build()) {
      await(() -> pool.stats().failures() == 1);

      assertThatThrownBy(() -> pool.take(Duration.ofMinutes(5)))
          .isInstanceOfSatisfying(
              CouponFetchException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
      server.verify(1, getRequestedFor(urlEqualTo("/bulk")));
    }
  }

  /** Polls {@code condition} until it holds, failing after 30 s. */
  private static void await(BooleanSupplier condition) {
    Polling.await(condition, Duration.ofSeconds(30));
  }
}
