package dev.couponfetch.httpclient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;

/**
 * What a fetcher's async fetches run on, made on the first async fetch (a fetcher used blocking
 * only starts no thread for them): the async client, the small pool that maps responses and
 * completes futures, and a pool for the blocking bits (token requests, configs with their own TLS
 * client). Thread-safe.
 */
final class AsyncParts {
  /** Threads of the blocking pool; token requests are one per config at a time. */
  private static final int BLOCKING_THREADS = 8;

  /** The started parts. */
  record Started(
      CloseableHttpAsyncClient client, ExecutorService executor, ExecutorService blocking) {}

  private final Supplier<CloseableHttpAsyncClient> factory;
  private final int threads;
  private volatile Started started;
  private boolean closed; // guarded by this

  AsyncParts(Supplier<CloseableHttpAsyncClient> factory, int threads) {
    this.factory = factory;
    this.threads = threads;
  }

  /** The started parts, started now if this is the first async fetch. */
  Started get() {
    Started s = started;
    return s != null ? s : start();
  }

  /**
   * Runs {@code work} on the blocking pool. A failure completes the future wrapped in a {@code
   * CompletionException}, which the fetcher unwraps as it does every stage's.
   */
  <T> CompletableFuture<T> onBlockingPool(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, get().blocking());
  }

  private synchronized Started start() {
    if (closed) {
      throw new IllegalStateException("fetcher is closed");
    }
    if (started == null) {
      CloseableHttpAsyncClient client = factory.get();
      client.start();
      started =
          new Started(
              client,
              pool(threads, "coupon-fetch-async"),
              pool(BLOCKING_THREADS, "coupon-fetch-blocking"));
    }
    return started;
  }

  /** Stops the client (dropping its connections) and the pools. */
  synchronized void close() {
    closed = true;
    Started s = started;
    if (s != null) {
      s.client().close(CloseMode.GRACEFUL);
      s.executor().shutdown();
      s.blocking().shutdownNow();
    }
  }

  private static ExecutorService pool(int threads, String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
