package dev.couponfetch.examples.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import dev.couponfetch.examples.bench.load.BenchServer.Seen;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load benchmark compares like with like: for every auth type the baseline and coupon-fetch get
 * the same coupon shape from the bench server, with the same request. Not a timing test.
 */
class LoadBenchCorrectnessTest {
  private static BenchServer server;
  private static RawClient raw;
  private static HttpClientCouponFetcher fetcher;

  @BeforeAll
  static void start() {
    server = BenchServer.start(8);
    raw = new RawClient(4, LoadBench.USER_AGENT);
    fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .userAgent(LoadBench.USER_AGENT)
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    fetcher.close();
    raw.close();
    server.close();
  }

  @ParameterizedTest
  @EnumSource(AuthCase.class)
  void fetch_bothClients_sameCouponShape(AuthCase auth) throws Exception {
    Coupon base = raw.caller(auth, server).call();
    Coupon cf = fetcher.fetch(auth.config(server), Map.of()).first();

    assertThat(base.code()).matches("SPRING-\\d+");
    assertThat(cf.code()).matches("SPRING-\\d+").isNotEqualTo(base.code());
    assertThat(base.expiresAt()).isEqualTo(Instant.parse(BenchServer.EXPIRES));
    assertThat(cf.expiresAt()).isEqualTo(base.expiresAt());
  }

  @ParameterizedTest
  @EnumSource(AuthCase.class)
  void fetch_bothClients_sameRequestOnTheWire(AuthCase auth) throws Exception {
    server.recordHeaders(true);
    try {
      // Twice each, so that Digest compares the answers to a known challenge.
      Caller base = raw.caller(auth, server);
      base.call();
      base.call();
      Seen b = server.lastSeen(auth.path());
      fetcher.fetch(auth.config(server), Map.of());
      fetcher.fetch(auth.config(server), Map.of());
      Seen c = server.lastSeen(auth.path());

      assertThat(c.method()).isEqualTo(b.method()).isEqualTo("GET");
      assertThat(c.pathQuery()).isEqualTo(b.pathQuery());
      assertThat(shown(c.headers(), auth)).isEqualTo(shown(b.headers(), auth));
    } finally {
      server.recordHeaders(false);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = AuthCase.class,
      names = {"BASIC", "DIGEST", "QUERY_STRING"})
  void server_withoutCredentials_refuses(AuthCase auth) {
    assertThatThrownBy(
            () -> fetcher.fetch(AuthCase.config(server.url(auth.path()), AuthConfig.none())))
        .isInstanceOfSatisfying(
            CouponFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
  }

  @Test
  void remote_digestCachedByCouponFetch_challengedEveryCallWithoutCache() throws Exception {
    var digest = AuthCase.config(server.url("/digest/remote"), AuthCase.DIGEST.auth());
    var basic = AuthCase.config(server.url("/basic/remote"), AuthCase.BASIC.auth());
    assertThat(fetcher.fetch(basic, Map.of()).first().code()).matches("SPRING-\\d+");
    fetcher.fetch(digest, Map.of()); // learns the challenge

    long r0 = server.digestRequests();
    for (int i = 0; i < 3; i++) {
      assertThat(fetcher.fetch(digest, Map.of()).first().code()).matches("SPRING-\\d+");
    }
    long cached = server.digestRequests() - r0;
    long r1 = server.digestRequests();
    Caller uncached = raw.digestWithoutCache(server.url("/digest/remote"));
    for (int i = 0; i < 3; i++) {
      assertThat(uncached.call().code()).matches("SPRING-\\d+");
    }
    long challenged = server.digestRequests() - r1;

    assertThat(cached).isEqualTo(3);
    assertThat(challenged).isEqualTo(6);
  }

  @Test
  void asyncProbe_fewCalls_allSucceedAndServerHeldThem() throws Exception {
    AsyncProbe.Both both = AsyncProbe.run(server, 5, 30_000, LoadBench.USER_AGENT, true);
    AsyncProbe.Result r = both.couponFetch();

    assertThat(r.cold().succeeded()).isEqualTo(5);
    assertThat(r.warm().succeeded()).isEqualTo(5);
    assertThat(r.warm().failed()).isZero();
    assertThat(r.warm().serverPeak()).isBetween(1, 5);
    assertThat(both.raw().warm().succeeded()).isEqualTo(5);
  }

  @Test
  void asyncLoop_bothClients_keepCallsInFlightWithoutErrors() throws Exception {
    String url = AuthCase.NONE.rawUrl(server);
    try (RawAsyncClient rawAsync = new RawAsyncClient(4, LoadBench.USER_AGENT, 1)) {
      ClosedLoop.Sample base =
          AsyncLoop.run(4, 0, TimeUnit.MILLISECONDS.toNanos(200), () -> rawAsync.fetch(url));
      ClosedLoop.Sample cf =
          AsyncLoop.run(
              4,
              0,
              TimeUnit.MILLISECONDS.toNanos(200),
              () -> fetcher.fetchAsync(AuthCase.NONE.config(server), Map.of()));

      for (ClosedLoop.Sample s : List.of(base, cf)) {
        assertThat(s.errors()).as(String.valueOf(s.error())).isZero();
        assertThat(s.calls()).isPositive();
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.p99()).isGreaterThanOrEqualTo(s.p50()).isPositive();
      }
    }
  }

  @Test
  void asyncLoop_failingCalls_countedAsErrorsNotTimed() throws Exception {
    ClosedLoop.Sample s =
        AsyncLoop.run(
            2,
            0,
            TimeUnit.MILLISECONDS.toNanos(20),
            () -> CompletableFuture.failedFuture(new IllegalStateException("refused")));

    assertThat(s.calls()).isZero();
    assertThat(s.errors()).isPositive();
    assertThat(s.error()).contains("refused");
  }

  @Test
  void percentile_nearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }

    assertThat(ClosedLoop.percentile(sorted, 0.50)).isEqualTo(50);
    assertThat(ClosedLoop.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(ClosedLoop.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    assertThat(ClosedLoop.percentile(new long[0], 0.5)).isZero();
  }

  /** Header names and values in order; a Digest answer by its parameter names and username. */
  private static List<String> shown(List<HttpField> headers, AuthCase auth) {
    return headers.stream()
        .map(
            h ->
                auth == AuthCase.DIGEST && h.getName().equalsIgnoreCase("Authorization")
                    ? "Authorization: " + digestShape(h.getValue())
                    : h.getName() + ": " + h.getValue())
        .toList();
  }

  private static String digestShape(String value) {
    assertThat(value).startsWith("Digest ");
    return value.substring(7).lines().findFirst().stream()
            .flatMap(v -> List.of(v.split(",\\s*")).stream())
            .map(p -> p.substring(0, p.indexOf('=')).toLowerCase(Locale.ROOT))
            .sorted()
            .collect(Collectors.joining(","))
        + (value.contains("username=\"" + BenchServer.USER + "\"") ? " user ok" : " user?");
  }
}
