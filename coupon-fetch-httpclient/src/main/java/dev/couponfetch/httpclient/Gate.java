package dev.couponfetch.httpclient;

import dev.couponfetch.CircuitState;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Limits;
import dev.couponfetch.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.core5.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch's passage through its origin's policies ({@link OriginPolicies}), asked before each
 * request of the fetch is sent (the first, each retry, the replay after renewal) and told how it
 * ended. In order: a pause the endpoint announced, the circuit breaker, the config's request
 * budget, the bulkhead. What it holds (a circuit permit, a bulkhead permit) it gives back when told
 * the request ended, or when the fetch ends otherwise ({@link #release()}).
 *
 * <p>A probe (Test Configuration's call) passes without asking anything; a success of it closes an
 * open circuit, and its failure is not counted.
 *
 * <p>Not thread-safe: the fetch's run calls it one step at a time.
 */
final class Gate {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClientCouponFetcher.class);

  /** What the fetch is to do. */
  enum Verdict {
    /** Send the request. */
    GO,
    /** Wait {@link #waitFor()}, then ask again. */
    WAIT,
    /** Wait for {@link #pending()} to complete, then call {@link #pendingDone}. */
    PENDING
  }

  private final OriginPolicies policies;
  private final CouponSourceConfig config;
  private final Limits limits;
  private final String origin;
  private final boolean probe;
  private final Executor blocking;
  private OriginCircuit circuit; // none until the origin first fails
  private OriginBulkhead bulkhead;
  private String rateKey;
  private String sharedKey;

  private boolean circuitHeld;
  private boolean bulkheadHeld;
  private boolean budgetTaken;
  private CompletableFuture<?> pending;
  private boolean queued;
  private Duration sharedWait;
  private Duration wait;
  private long sentAt;
  private Instant ownPause; // the pause this fetch's own answer asked for: its retry waited it out

  Gate(
      OriginPolicies policies,
      CouponSourceConfig config,
      String origin,
      boolean probe,
      Executor blocking) {
    this.policies = policies;
    this.config = config;
    this.limits = config.limits();
    this.origin = origin;
    this.probe = probe;
    this.blocking = blocking;
    this.circuit = policies.circuit(origin);
  }

  /**
   * Fails at once when the origin's calls are paused (before credentials are made for nothing).
   *
   * @throws CouponFetchException {@code ENDPOINT_UNAVAILABLE}
   */
  void precheck() {
    if (!probe && circuit != null && circuit.refusing()) {
      throw unavailable();
    }
  }

  /**
   * Whether the next request may go now.
   *
   * @param remaining what is left of the fetch's deadline
   * @throws CouponFetchException {@code RATE_LIMITED}, {@code ENDPOINT_UNAVAILABLE} or {@code
   *     ENDPOINT_BUSY} when it may not, with nothing held
   */
  Verdict admit(Duration remaining) {
    if (probe) {
      sentAt = System.nanoTime();
      return Verdict.GO;
    }
    if (policies.anyPause(origin)) {
      Instant until = policies.pausedUntil(origin, rateKey());
      if (until != null && (ownPause == null || until.isAfter(ownPause))) {
        Duration d = Duration.between(policies.clock().instant(), until);
        Verdict v =
            limited(d, until, remaining, "the endpoint asked to wait (Retry-After/RateLimit)");
        // Spread out, but never past the deadline: a fetch that fits without it still goes.
        Duration spread = spread(d);
        wait = spread.compareTo(remaining) < 0 ? spread : d;
        return v;
      }
    }
    if (circuit == null) {
      circuit = policies.circuit(origin); // another fetch's failure may have made one since
    }
    if (circuit != null && !circuitHeld) {
      if (!circuit.tryAcquire()) {
        throw unavailable();
      }
      circuitHeld = true;
    }
    if (limits.requestsPerSecond() != null && !budgetTaken) {
      Verdict v = budget(remaining);
      if (v != null) {
        return v;
      }
    }
    if (!bulkheadHeld) {
      if (bulkhead == null) {
        bulkhead = policies.bulkhead(origin, limits);
      }
      CompletableFuture<Void> permit = bulkhead.acquire(remaining);
      if (permit == null) {
        release();
        throw busy(null);
      }
      if (!permit.isDone()) {
        pending = permit;
        queued = true;
        return Verdict.PENDING;
      }
      bulkheadHeld = true;
    }
    sentAt = System.nanoTime();
    return Verdict.GO;
  }

  /** The budget's verdict, or null to go on (a turn taken). */
  private Verdict budget(Duration remaining) {
    RateBudget budget = policies.budget(rateKey(), limits);
    if (policies.store() != null) {
      if (sharedWait == null) {
        if (sharedKey == null) {
          sharedKey = OriginPolicies.sharedKey(origin, config); // once per fetch, not per request
        }
        String key = sharedKey;
        pending =
            CompletableFuture.supplyAsync(() -> budget.take(policies.store(), key), blocking)
                .thenAccept(d -> sharedWait = d);
        queued = false;
        return Verdict.PENDING;
      }
      Duration d = sharedWait;
      sharedWait = null;
      if (!d.isZero()) {
        return limited(d, policies.clock().instant().plus(d), remaining, "the config's budget");
      }
      budgetTaken = true;
      return null;
    }
    long nanos = budget.reserve();
    if (nanos < 0) {
      Instant next = policies.clock().instant().plusNanos(Math.max(1, budget.nanosToNext()));
      release();
      throw rateLimited(next, "the config's budget (limits.requestsPerSecond) has no turn now");
    }
    budgetTaken = true;
    if (nanos == 0) {
      return null;
    }
    if (nanos >= remaining.toNanos()) {
      release();
      throw rateLimited(
          policies.clock().instant().plusNanos(nanos),
          "the config's budget (limits.requestsPerSecond) has no turn before this fetch's deadline");
    }
    wait = Duration.ofNanos(nanos);
    return Verdict.WAIT;
  }

  private Verdict limited(Duration d, Instant until, Duration remaining, String why) {
    if (limits.rateLimitPolicy() == Limits.WhenRateLimited.FAIL) {
      release();
      throw rateLimited(until, why + " (limits.whenRateLimited FAIL)");
    }
    if (d.compareTo(remaining) >= 0) {
      release();
      throw rateLimited(until, why + ", past this fetch's deadline");
    }
    wait = d;
    return Verdict.WAIT;
  }

  /**
   * {@code d} and up to half as long again (at most 5 s more), at random: the fetches held back by
   * one pause go spread out rather than all at the instant it ends (a burst the endpoint would
   * answer 429 again, and one that showed in every other merchant's tail: with a tenth, the noisy
   * bench's blocking cell had p99 1.18x the all-healthy run; with half, 0.96x).
   */
  private static Duration spread(Duration d) {
    long extra = Math.min(d.toNanos() / 2, 5_000_000_000L);
    return extra <= 0 ? d : d.plusNanos(ThreadLocalRandom.current().nextLong(extra + 1));
  }

  /** How long to wait, after {@link Verdict#WAIT}. */
  Duration waitFor() {
    return wait;
  }

  /** What to wait for, after {@link Verdict#PENDING}. */
  CompletableFuture<?> pending() {
    return pending;
  }

  /**
   * What was waited for is done ({@code error} null) or failed; ask {@link #admit} again next.
   *
   * @throws CouponFetchException {@code ENDPOINT_BUSY} when the wait for a bulkhead permit ran into
   *     the deadline
   */
  void pendingDone(Throwable error, Duration waited) {
    pending = null;
    if (queued) {
      queued = false;
      if (error == null) {
        bulkheadHeld = true;
        return;
      }
      release();
      throw busy(waited);
    }
    if (error != null) {
      // The shared store failed: this node's own count of the budget stands in for it.
      Throwable e = error instanceof CompletionException ? error.getCause() : error;
      LOG.warn(
          "RateBudgetStore failed ({}); counting {}'s budget on this node only",
          e.getClass().getName(),
          config.name());
      RateBudget local = policies.budget(rateKey(), limits);
      long nanos = local.reserve();
      // 0: a turn now; more: a turn reserved that far ahead; -1: none (FAIL): a window from now.
      sharedWait =
          nanos == 0 ? Duration.ZERO : nanos > 0 ? Duration.ofNanos(nanos) : local.window();
    }
  }

  /** The fetch gives up waiting (interrupted, closed): what it holds or was about to get goes. */
  void abandon() {
    CompletableFuture<?> p = pending;
    pending = null;
    if (p != null && queued && !p.cancel(false) && !p.isCompletedExceptionally()) {
      bulkheadHeld = true; // handed over just before the cancel
    }
    queued = false;
    release();
  }

  /**
   * The request ended: {@code head} is the last response (null when none came), {@code failure} why
   * there was none. Permits go back; the circuit breaker counts it; what the answer says of rate
   * limits is kept for the next requests.
   */
  void ended(HttpResponse head, Reason failure) {
    long took = System.nanoTime() - sentAt;
    if (bulkheadHeld) {
      bulkheadHeld = false;
      bulkhead.release();
    }
    budgetTaken = false;
    int status = head == null ? 0 : head.getCode();
    if (head != null) {
      Instant now = policies.clock().instant();
      Duration pause = AnnouncedLimits.pause(head, now);
      if (pause != null && !pause.isZero()) {
        ownPause = now.plus(pause);
        policies.pause(origin, rateKey(), ownPause);
      }
    }
    boolean failed;
    boolean answered;
    if (failure != null) {
      // No connection, no answer in time, a broken handshake or broken HTTP, a 5xx: the endpoint's
      // failure. A 429 or a refused address says nothing of its health; any other answer (a 4xx,
      // a body that does not map) shows it alive.
      failed =
          failure == Reason.CONNECT_FAILED
              || failure == Reason.TIMEOUT
              || failure == Reason.TLS_FAILED
              || failure == Reason.SERVER_ERROR;
      answered = !failed && status != 0 && failure != Reason.RATE_LIMITED;
    } else {
      failed = status >= 500;
      answered = status >= 100 && status < 500 && status != 429;
    }
    if (probe) {
      if (answered && circuit != null) {
        circuit.closeIfOpen();
      }
      return;
    }
    if (circuitHeld) {
      circuitHeld = false;
      if (failed) {
        circuit.failed(took);
      } else if (answered) {
        circuit.succeeded(took);
      } else {
        circuit.released();
      }
    } else if (failed && circuit == null) {
      // The origin's first failure lately: it gets a breaker, which counts from here on.
      circuit = policies.circuitForFailure(origin);
      if (circuit != null) {
        circuit.failed(took);
      }
    }
  }

  /** Gives back whatever is held, counting nothing. */
  void release() {
    if (bulkheadHeld) {
      bulkheadHeld = false;
      bulkhead.release();
    }
    if (circuitHeld) {
      circuitHeld = false;
      circuit.released();
    }
    budgetTaken = false;
  }

  /** The origin's circuit state now. */
  CircuitState circuit() {
    return circuit == null ? CircuitState.CLOSED : circuit.state();
  }

  private String rateKey() {
    if (rateKey == null) {
      rateKey = OriginPolicies.rateKey(origin, config);
    }
    return rateKey;
  }

  private CouponFetchException unavailable() {
    Instant until = circuit.pausedUntil();
    int failures = circuit.recentFailures();
    int calls = circuit.recentCalls();
    String message =
        until == null
            ? "Calls to "
                + origin
                + " are paused: it failed repeatedly, and the one probe call that decides whether"
                + " they resume is under way; nothing was sent"
            : "Calls to "
                + origin
                + " are paused until "
                + until
                + ": it failed "
                + failures
                + " of its last "
                + calls
                + " calls in the last "
                + circuit.window().toSeconds()
                + " s (no connection, timeouts or 5xx answers); nothing was sent";
    return CouponFetchException.builder(Reason.ENDPOINT_UNAVAILABLE, message)
        .retryAt(until)
        .build();
  }

  private CouponFetchException busy(Duration waited) {
    String message =
        waited == null
            ? bulkhead.maxConcurrent()
                + " requests to "
                + origin
                + " are in flight and as many fetches as may wait are waiting; nothing was sent"
            : "Waited "
                + waited.toMillis()
                + " ms for one of the "
                + bulkhead.maxConcurrent()
                + " requests to "
                + origin
                + " in flight to end, until this fetch's deadline; nothing was sent";
    return CouponFetchException.builder(Reason.ENDPOINT_BUSY, message).build();
  }

  private CouponFetchException rateLimited(Instant next, String why) {
    return CouponFetchException.builder(
            Reason.RATE_LIMITED,
            "Not sent to " + origin + ": " + why + "; the next request may go at " + next)
        .explanation("Requests to this endpoint are limited for now; nothing was sent.")
        .retryAt(next)
        .build();
  }
}
