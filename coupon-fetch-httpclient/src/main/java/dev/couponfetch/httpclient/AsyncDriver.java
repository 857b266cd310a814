package dev.couponfetch.httpclient;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.httpclient.internal.RequestClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;

/**
 * Runs a {@link FetchRun} on the async client: no thread waits for the network. Each response (or
 * failure) arrives on an I/O thread, which hands it to {@code executor}, where the run decides the
 * next step; waits between tries are scheduled on the timer; credentials that take time complete on
 * their own thread. Every decision is the run's. Used once.
 */
final class AsyncDriver {
  private final FetchRun run;
  private final CloseableHttpAsyncClient client;
  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final Waits waits;
  private final CompletableFuture<CouponBatch> result = new CompletableFuture<>();

  private AsyncDriver(
      FetchRun run,
      CloseableHttpAsyncClient client,
      Executor executor,
      ScheduledExecutorService timer,
      Waits waits) {
    this.run = run;
    this.client = client;
    this.executor = executor;
    this.timer = timer;
    this.waits = waits;
  }

  /** Starts {@code run}; the future completes once, with the coupons or the failure, unwrapped. */
  static CompletableFuture<CouponBatch> drive(
      FetchRun run,
      CloseableHttpAsyncClient client,
      Executor executor,
      ScheduledExecutorService timer,
      Waits waits) {
    AsyncDriver d = new AsyncDriver(run, client, executor, timer, waits);
    d.next(run.start());
    return d.result;
  }

  private void next(FetchRun.Next next) {
    switch (next) {
      case AUTHENTICATE:
        run.credentials()
            .whenComplete((request, e) -> guarded(() -> run.authenticated(request, e)));
        break;
      case SEND:
        send();
        break;
      case ADMIT:
        // Completed by the fetch that gave its permit back, or the queue's timeout: not here.
        run.admission().whenComplete((v, e) -> onExecutor(() -> run.admitted(e)));
        break;
      case WAIT:
        try {
          waits.schedule(() -> guarded(run::waited), run.delay(), timer);
        } catch (RuntimeException closed) {
          next(run.closedWhileWaiting());
        }
        break;
      default:
        if (run.failure() == null) {
          result.complete(run.batch());
        } else {
          result.completeExceptionally(run.failure());
        }
    }
  }

  /**
   * Runs one step and starts what it says to do next; whatever either throws ends the fetch (a
   * closed fetcher's timer refuses the deadline of a request about to be sent, say), so that no
   * future is left incomplete.
   */
  private void guarded(Supplier<FetchRun.Next> step) {
    try {
      next(step.get());
    } catch (RuntimeException | Error e) {
      run.abandon();
      result.completeExceptionally(e);
    }
  }

  /** Hands a step to the executor. */
  private void onExecutor(Supplier<FetchRun.Next> step) {
    try {
      executor.execute(() -> guarded(step));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  private void send() {
    run.context().setRequestConfig(ClientFactory.forRequest(run.timeouts(), run.challenged()));
    // The connection's phases happen on I/O threads, unseen: only the head and body are timed.
    RequestClock clock = run.startClock(false);
    AsyncBody body = new AsyncBody(run.maxResponseBytes());
    AtomicReference<Future<?>> running = new AtomicReference<>();
    AtomicBoolean aborted = new AtomicBoolean();
    Cancellable abort =
        () -> {
          aborted.set(true);
          Future<?> f = running.get();
          return f != null && f.cancel(true);
        };
    run.deadline().arm(abort);
    Future<AsyncBody> sending =
        client.execute(
            HttpRequests.producer(run.request()),
            body,
            null,
            run.context(),
            new FutureCallback<AsyncBody>() {
              @Override
              public void completed(AsyncBody received) {
                clock.bodyRead();
                onExecutor(() -> run.received(answered(received)));
              }

              @Override
              public void failed(Exception e) {
                onExecutor(() -> run.received(failedWith(body, e)));
              }

              @Override
              public void cancelled() {
                onExecutor(
                    () ->
                        run.received(
                            failedWith(body, new InterruptedIOException("request cancelled"))));
              }
            });
    running.set(sending);
    if (aborted.get()) {
      // The abort fired before the future was there to cancel.
      sending.cancel(true);
    }
  }

  private HopOutcome answered(AsyncBody received) {
    return HopOutcome.response(
        received.head(),
        ResponseReader.body(received.head(), received.bytes(), received.charset(), run.redactor()));
  }

  private HopOutcome failedWith(AsyncBody body, Exception e) {
    if (e instanceof AsyncBody.Dropped) {
      // A redirect's long body, not read to its end: the head is all a redirect needs.
      return answered(body);
    }
    if (e instanceof AsyncBody.TooLarge) {
      return HopOutcome.failed(
          new ResponseReader.TooLarge(body.head(), body.bytes(), body.charset()), body.head());
    }
    return HopOutcome.failed(asIo(body, e), body.head());
  }

  /** The failure as the blocking client would have thrown it. */
  private static IOException asIo(AsyncBody body, Exception e) {
    if (e instanceof ConnectionClosedException && body.head() != null) {
      return new ResponseReader.Truncated(body.received(), body.expected(), (IOException) e);
    }
    if (e instanceof IOException) {
      return (IOException) e;
    }
    if (e instanceof HttpException) {
      // A status line or header that is not HTTP: the blocking client's protocol error.
      return new ClientProtocolException(e.getMessage(), e);
    }
    return new IOException(e);
  }
}
