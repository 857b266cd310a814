package dev.couponfetch.httpclient;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bulkhead of one endpoint origin: at most {@code maxConcurrent} requests in flight (a
 * Resilience4j semaphore bulkhead), and at most {@code maxQueued} fetches waiting for one of them
 * to end, in arrival order, none past its deadline. A waiting fetch holds no thread: it gets a
 * future that completes when a permit is handed to it. Resilience4j's own bulkhead waits by
 * blocking a thread and has no bound on waiters, hence the queue here. Thread-safe.
 */
final class OriginBulkhead {
  private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

  private final Bulkhead permits;
  private final int maxConcurrent;
  private final int maxQueued;
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiters =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  OriginBulkhead(String name, int maxConcurrent, int maxQueued) {
    this.permits =
        Bulkhead.of(
            name,
            BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                // Nobody blocks on it (the queue here is what is fair): a plain CAS is enough.
                .fairCallHandlingStrategyEnabled(false)
                .writableStackTraceEnabled(false)
                .build());
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
  }

  /**
   * A permit: a completed future when one is free now, a future completed when one is handed over
   * (or exceptionally with a {@link java.util.concurrent.TimeoutException} after {@code maxWait}),
   * or null when the queue is full too.
   */
  CompletableFuture<Void> acquire(Duration maxWait) {
    if (queued.get() == 0 && permits.tryAcquirePermission()) {
      return GRANTED;
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      return null;
    }
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    waiters.add(waiter);
    waiter.whenComplete(
        (v, e) -> {
          if (e != null && waiters.remove(waiter)) {
            queued.decrementAndGet(); // timed out or cancelled while still in the queue
          }
        });
    waiter.orTimeout(Math.max(1, maxWait.toMillis()), TimeUnit.MILLISECONDS);
    handOver(); // a permit may have been freed before the waiter was in the queue
    return waiter;
  }

  /** Gives a permit back: to the first waiter if there is one. */
  void release() {
    permits.onComplete();
    handOver();
  }

  private void handOver() {
    while (!waiters.isEmpty() && permits.tryAcquirePermission()) {
      CompletableFuture<Void> waiter = waiters.poll();
      if (waiter == null) {
        permits.onComplete(); // another thread took the last waiter
        return;
      }
      queued.decrementAndGet();
      if (!waiter.complete(null)) {
        permits.onComplete(); // it had timed out: the permit goes to the next
      }
    }
  }

  int maxConcurrent() {
    return maxConcurrent;
  }

  int inFlight() {
    return maxConcurrent - permits.getMetrics().getAvailableConcurrentCalls();
  }

  int queued() {
    return Math.max(0, queued.get());
  }

  /** Whether nothing is in flight or waiting: it may be forgotten. */
  boolean idle() {
    return inFlight() == 0 && queued() == 0;
  }
}
