package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Limits;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.RateBudgetStore;
import dev.couponfetch.Reason;
import dev.couponfetch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rate limits: what endpoints announce ({@code Retry-After}, {@code RateLimit-*}, {@code
 * X-RateLimit-*}) and the configs' own budgets, waited for or failed at once, never past the
 * deadline, per origin and credentials.
 */
@ParameterizedClass
@EnumSource(FetchMode.class)
class RateLimitTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Parameter FetchMode mode;

  private final MutableClock clock = new MutableClock(T0);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  @RegisterExtension static final LoopbackWireMock server = new LoopbackWireMock();
  private HttpClientCouponFetcher fetcher;

  /** Waits that move the fetcher's clock instead of taking time. */
  private final Waits clockWaits =
      new Waits() {
        @Override
        public void sleep(Duration d) {
          waits.add(d);
          clock.advance(d);
        }

        @Override
        public void schedule(Runnable then, Duration d, ScheduledExecutorService timer) {
          waits.add(d);
          clock.advance(d);
          timer.schedule(then, 0, TimeUnit.NANOSECONDS);
        }
      };

  @BeforeEach
  void start() {
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxRetries(0)
            .clock(clock)
            .waits(clockWaits)
            .build();
  }

  @AfterEach
  void stop() {
    fetcher.close();
  }

  private CouponSourceConfig config(Limits limits) {
    return CouponSourceConfig.builder(server.baseUrl() + "/codes")
        .mapping(MappingConfig.code("code"))
        .limits(limits)
        .build();
  }

  private static final Limits FAIL = Limits.NONE.withWhenRateLimited(Limits.WhenRateLimited.FAIL);

  private int sent() {
    return server.findAll(anyRequestedFor(anyUrl())).size();
  }

  private CouponFetchException failure(CouponSourceConfig config) {
    return catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(fetcher, config));
  }

  private void working() {
    server.stubFor(get("/codes").willReturn(okJson("{\"code\":\"C1\"}")));
  }

  @Test
  void retryAfterOn429_holdsTheOriginBack_untilThen() {
    server.stubFor(
        get("/codes").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
    assertThat(failure(config(FAIL)).reason()).isEqualTo(Reason.RATE_LIMITED);
    working();

    CouponFetchException e = failure(config(FAIL));

    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.retryAt()).contains(T0.plusSeconds(120));
    assertThat(e.getMessage()).contains("Not sent to http://localhost:").contains("FAIL");
    assertThat(sent()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(121));
    assertThat(mode.fetch(fetcher, config(FAIL)).first().code()).isEqualTo("C1");
    assertThat(sent()).isEqualTo(2);
  }

  @Test
  void retryAfter_waitPolicy_waitsWhenItFitsTheDeadline() {
    server.stubFor(
        get("/codes").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
    assertThat(failure(config(Limits.NONE)).reason()).isEqualTo(Reason.RATE_LIMITED);
    working();

    assertThat(mode.fetch(fetcher, config(Limits.NONE)).first().code()).isEqualTo("C1");

    // The pause, and up to half as long again, so that held-back fetches do not all go at once.
    assertThat(waits).hasSize(1);
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(sent()).isEqualTo(2);
  }

  @Test
  void retryAfter_waitPolicy_pastTheDeadline_failsAtOnce() {
    server.stubFor(
        get("/codes").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "300")));
    assertThat(failure(config(Limits.NONE)).reason()).isEqualTo(Reason.SERVER_ERROR);

    CouponFetchException e = failure(config(Limits.NONE));

    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.getMessage()).contains("past this fetch's deadline");
    assertThat(e.retryAt()).contains(T0.plusSeconds(300));
    assertThat(waits).isEmpty();
    assertThat(sent()).isEqualTo(1);
  }

  @Test
  void close_whileAFetchWaitsForARateLimit_completesItsFuture() throws Exception {
    fetcher.close();
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).maxRetries(0).build();
    server.stubFor(
        get("/codes").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")));
    assertThat(failure(config(Limits.NONE)).reason()).isEqualTo(Reason.RATE_LIMITED);
    java.util.concurrent.CompletableFuture<?> waiting =
        fetcher.fetchAsync(config(Limits.NONE), Map.of());

    fetcher.close();

    Throwable e =
        catchThrowableOfType(
            java.util.concurrent.ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
    assertThat(e).isNotNull();
    assertThat(sent()).isEqualTo(1);
  }

  @Test
  void xRateLimitRemainingZero_withEpochReset_holdsBack() {
    server.stubFor(
        get("/codes")
            .willReturn(
                okJson("{\"code\":\"C1\"}")
                    .withHeader("X-RateLimit-Limit", "100")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", String.valueOf(T0.getEpochSecond() + 60))));
    assertThat(mode.fetch(fetcher, config(FAIL)).coupons()).hasSize(1);

    CouponFetchException e = failure(config(FAIL));

    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.retryAt()).contains(T0.plusSeconds(60));
    assertThat(sent()).isEqualTo(1);
  }

  @Test
  void rateLimitHeaders_draftForms_holdBack() {
    server.stubFor(
        get("/codes")
            .willReturn(
                okJson("{\"code\":\"C1\"}")
                    .withHeader("RateLimit", "limit=10, remaining=0, reset=30")));
    assertThat(mode.fetch(fetcher, config(FAIL)).coupons()).hasSize(1);
    assertThat(failure(config(FAIL)).retryAt()).contains(T0.plusSeconds(30));

    clock.advance(Duration.ofSeconds(31));
    server.stubFor(
        get("/codes")
            .willReturn(
                okJson("{\"code\":\"C1\"}")
                    .withHeader("RateLimit-Remaining", "0")
                    .withHeader("RateLimit-Reset", "15")));
    assertThat(mode.fetch(fetcher, config(FAIL)).coupons()).hasSize(1);
    assertThat(failure(config(FAIL)).retryAt()).contains(T0.plusSeconds(31 + 15));
    assertThat(sent()).isEqualTo(2);
  }

  @Test
  void anotherMerchantsCredentials_onTheSameOrigin_areNotHeldBack() {
    server.stubFor(
        get("/codes").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
    CouponSourceConfig a = config(FAIL).toBuilder().auth(AuthConfig.basic("a", "s3cr3t-A")).build();
    CouponSourceConfig b = config(FAIL).toBuilder().auth(AuthConfig.basic("b", "s3cr3t-B")).build();
    assertThat(failure(a).reason()).isEqualTo(Reason.RATE_LIMITED);
    working();

    assertThat(mode.fetch(fetcher, b).first().code()).isEqualTo("C1");
    CouponFetchException held = failure(a);
    assertThat(held.getMessage()).contains("Not sent").doesNotContain("s3cr3t");
    assertThat(fetcher.health(a).orElseThrow().toString()).doesNotContain("s3cr3t");
    assertThat(sent()).isEqualTo(2);
  }

  @Test
  void budget_failPolicy_refusesBeyondIt_withoutSending() {
    working();
    CouponSourceConfig config = config(FAIL.withRequestsPerSecond(1.0));

    assertThat(mode.fetch(fetcher, config).coupons()).hasSize(1);
    CouponFetchException e = failure(config);

    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.getMessage()).contains("limits.requestsPerSecond");
    assertThat(e.retryAt()).isPresent();
    assertThat(sent()).isEqualTo(1);
  }

  @Test
  void budget_waitPolicy_spacesRequestsOut() {
    fetcher.close();
    fetcher = HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build(); // real waits
    working();
    CouponSourceConfig config = config(Limits.NONE.withRequestsPerSecond(5.0));

    for (int i = 0; i < 10; i++) {
      assertThat(mode.fetch(fetcher, config).coupons()).hasSize(1);
    }

    List<LoggedRequest> requests = server.findAll(anyRequestedFor(anyUrl()));
    requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
    long spanMs =
        requests.get(9).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
    // Five a second: the sixth waits for the next second. Without the budget: tens of ms.
    assertThat(spanMs).isGreaterThanOrEqualTo(500);
  }

  @Test
  void budget_sharedThroughAStore_boundsEveryNodeTogether() {
    CountingStore store = new CountingStore();
    working();
    CouponSourceConfig config = config(FAIL.withRequestsPerSecond(2.0));
    try (HttpClientCouponFetcher node1 = node(store);
        HttpClientCouponFetcher node2 = node(store)) {
      int ok = 0;
      for (int i = 0; i < 6; i++) {
        try {
          mode.fetch(i % 2 == 0 ? node1 : node2, config);
          ok++;
        } catch (CouponFetchException e) {
          assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        }
      }
      assertThat(ok).isEqualTo(2);
      assertThat(store.asked.get()).isEqualTo(6);
      assertThat(sent()).isEqualTo(2);
    }
  }

  @Test
  void budget_sharedStoreFails_thisNodeCountsItself() {
    working();
    CouponSourceConfig config = config(FAIL.withRequestsPerSecond(1.0));
    try (HttpClientCouponFetcher node =
        node(
            (key, limit, window) -> {
              throw new IllegalStateException("database down");
            })) {
      assertThat(mode.fetch(node, config).coupons()).hasSize(1);
      assertThat(catchThrowableOfType(CouponFetchException.class, () -> mode.fetch(node, config)))
          .extracting(CouponFetchException::reason)
          .isEqualTo(Reason.RATE_LIMITED);
      assertThat(sent()).isEqualTo(1);
    }
  }

  private HttpClientCouponFetcher node(RateBudgetStore store) {
    return HttpClientCouponFetcher.builder()
        .allowPrivateNetworks(true)
        .clock(clock)
        .rateBudgetStore(store)
        .build();
  }

  /** A fixed-window store on the test's clock; the clock does not move, so one window. */
  private final class CountingStore implements RateBudgetStore {
    final AtomicInteger asked = new AtomicInteger();
    final Map<String, AtomicInteger> used = new ConcurrentHashMap<>();

    @Override
    public Duration take(String key, int limit, Duration window) {
      asked.incrementAndGet();
      assertThat(key).startsWith("rate-").doesNotContain("localhost");
      long w = window.toMillis();
      long start = clock.millis() / w * w;
      int n = used.computeIfAbsent(key + '@' + start, k -> new AtomicInteger()).incrementAndGet();
      return n <= limit ? Duration.ZERO : Duration.ofMillis(start + w - clock.millis());
    }
  }
}
