package dev.couponfetch.examples.bench;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponPool;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponStores;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.oauth.TokenManager;
import dev.couponfetch.httpclient.tls.TlsClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Shared state under 64 threads: {@link CouponPool#take()} from an in-memory store that a stub
 * endpoint keeps full, against {@link ConcurrentLinkedQueue#poll()} refilled from the same stub;
 * and {@link TokenManager#token} for a fresh stored token, against {@link ConcurrentHashMap#get}.
 * Scores are the average time of one call on one of the 64 threads; the pool and the queue are also
 * sampled call by call ({@link Mode#SampleTime}) for their 99th percentile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(64)
public class ConcurrencyBench {
  /** Codes per stub response; the pool refills below twice that. */
  static final int BATCH = 10_000;

  /**
   * A pool over a stub endpoint. Made per iteration: the in-memory store remembers every code it
   * ever held (so none is handed out twice), which over millions of takes is memory, not speed.
   */
  @State(Scope.Benchmark)
  public static class Pool {
    CouponPool pool;
    BulkStub stub;

    /** Builds the pool and waits (outside the measurement) for its first refill. */
    @Setup(Level.Iteration)
    public void setUp() {
      stub = new BulkStub(BATCH);
      pool =
          CouponPool.builder(stub, bulkConfig())
              .store(CouponStores.inMemory())
              .lowWatermark(2 * BATCH)
              // On a loaded machine a refill may be starved for seconds: a long wait shows in
              // the percentiles instead of failing the run.
              .takeTimeout(Duration.ofMinutes(1))
              .build();
      while (pool.stats().stock() < 2 * BATCH) {
        Thread.onSpinWait();
      }
    }

    /** Stops the pool's refills. */
    @TearDown(Level.Iteration)
    public void tearDown() {
      pool.close();
    }
  }

  /** The baseline's queue, filled from the same stub. */
  @State(Scope.Benchmark)
  public static class Queue {
    ConcurrentLinkedQueue<Coupon> queue;
    BulkStub stub;
    CouponSourceConfig config;

    /** Fills the queue as the pool's first refills do. */
    @Setup(Level.Iteration)
    public void setUp() {
      queue = new ConcurrentLinkedQueue<>();
      stub = new BulkStub(BATCH);
      config = bulkConfig();
      queue.addAll(stub.fetch(config).coupons());
      queue.addAll(stub.fetch(config).coupons());
    }

    Coupon poll() {
      Coupon c;
      while ((c = queue.poll()) == null) {
        queue.addAll(stub.fetch(config).coupons());
      }
      return c;
    }
  }

  /** A token manager whose store holds a token valid for a day. */
  @State(Scope.Benchmark)
  public static class Tokens {
    TlsClients clients;
    TokenManager manager;
    CouponSourceConfig config;
    ConcurrentHashMap<String, OAuthTokens> map;

    /** Stores the fresh token in both. */
    @Setup
    public void setUp() {
      config =
          CouponSourceConfig.builder("https://coupons.example/api/v1/codes")
              .name("bench-oauth")
              .auth(
                  AuthConfig.oauth2ClientCredentials(
                      "https://auth.example/oauth/token", "bench-client", "bench-secret"))
              .build();
      OAuthTokens fresh =
          OAuthTokens.of(
              "access-token", "refresh-token", Instant.now().plus(Duration.ofDays(1)), null);
      TokenStore store = TokenStores.inMemory();
      store.compareAndSet(config.name(), null, fresh);
      clients = TlsClients.fixed(HttpClients.createDefault());
      manager =
          TokenManager.create(clients, store, Duration.ofSeconds(60), Clock.systemUTC(), 1 << 20);
      map = new ConcurrentHashMap<>();
      map.put(config.name(), fresh);
    }

    /** Closes the (unused) HTTP client. */
    @TearDown
    public void tearDown() {
      clients.close();
    }
  }

  static CouponSourceConfig bulkConfig() {
    return CouponSourceConfig.builder("https://coupons.example/api/v1/codes")
        .name("bench-pool")
        .couponType(CouponType.BULK)
        .mapping(MappingConfig.BODY)
        .build();
  }

  /** coupon-fetch: one coupon from the pool. */
  @Benchmark
  @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
  public CouponPool.Served poolTake(Pool p) {
    return p.pool.take();
  }

  /** Baseline: one coupon from a lock-free queue. */
  @Benchmark
  @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
  public Coupon queuePoll(Queue q) {
    return q.poll();
  }

  /** coupon-fetch: the stored access token of an OAUTH2 config. */
  @Benchmark
  public TokenManager.Token tokenLookup(Tokens t) {
    return t.manager.token(t.config);
  }

  /** Baseline: a concurrent map lookup. */
  @Benchmark
  public OAuthTokens mapGet(Tokens t) {
    return t.map.get(t.config.name());
  }
}
