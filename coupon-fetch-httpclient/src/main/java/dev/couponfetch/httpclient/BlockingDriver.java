package dev.couponfetch.httpclient;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.httpclient.internal.RequestClock;
import dev.couponfetch.httpclient.tls.TlsClients;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * Runs a {@link FetchRun} on the calling thread with the classic (blocking) client: sends each
 * request and reads its response, sleeps between tries, waits for credentials. Every decision is
 * the run's.
 */
final class BlockingDriver {
  private BlockingDriver() {}

  /** Runs {@code run} to its end: the coupons, or the failure thrown unwrapped. */
  static CouponBatch drive(FetchRun run, TlsClients.Lease tls, Waits waits) {
    FetchRun.Next next = run.start();
    while (true) {
      switch (next) {
        case AUTHENTICATE:
          next = awaitCredentials(run);
          break;
        case SEND:
          next = run.received(send(run, tls));
          break;
        case ADMIT:
          next = awaitAdmission(run);
          break;
        case WAIT:
          try {
            waits.sleep(run.delay());
            next = run.waited();
          } catch (InterruptedException e) {
            next = run.interrupted();
          }
          break;
        default:
          return result(run);
      }
    }
  }

  private static FetchRun.Next awaitAdmission(FetchRun run) {
    try {
      run.admission().get();
      return run.admitted(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return run.interrupted();
    } catch (ExecutionException | CancellationException e) {
      return run.admitted(e instanceof ExecutionException ? e.getCause() : e);
    }
  }

  private static FetchRun.Next awaitCredentials(FetchRun run) {
    try {
      return run.authenticated(run.credentials().toCompletableFuture().get(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return run.authenticated(null, e);
    } catch (ExecutionException | CancellationException e) {
      return run.authenticated(null, e);
    }
  }

  /** Sends the run's request; a followed redirect's body is discarded, any other's read. */
  private static HopOutcome send(FetchRun run, TlsClients.Lease tls) {
    HttpUriRequestBase request =
        run.deadline().arm(HttpRequests.convert(run.request(), run.timeouts(), run.challenged()));
    ClassicHttpResponse head = null;
    // The connection is opened on this thread: its hooks find the clock here.
    RequestClock clock = run.startClock(true).attach();
    try (ClassicHttpResponse response = tls.client().executeOpen(null, request, run.context())) {
      head = response;
      if (run.follows(response)) {
        ResponseReader.discard(response, request);
        clock.bodyRead();
        return HopOutcome.response(response, null);
      }
      ResponseReader.Body body =
          ResponseReader.read(
              response, run.maxResponseBytes(), request, run.redactor(), run.deadline());
      clock.bodyRead();
      return HopOutcome.response(response, body);
    } catch (IOException e) {
      return HopOutcome.failed(e, head);
    } finally {
      RequestClock.detach();
    }
  }

  private static CouponBatch result(FetchRun run) {
    Throwable failure = run.failure();
    if (failure == null) {
      return run.batch();
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    throw new IllegalStateException("fetch failed", failure);
  }
}
