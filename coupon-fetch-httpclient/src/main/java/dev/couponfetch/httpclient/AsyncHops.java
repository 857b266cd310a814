package dev.couponfetch.httpclient;

import dev.couponfetch.AuthType;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.httpclient.oauth.TokenManager;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;

/**
 * One send of a fetch's request on the async client, with the redirects it leads to: the async twin
 * of the blocking fetcher's hop loop, deciding each step with the same parts ({@link Redirects},
 * {@link ResponseReader}, {@link Answers}, {@link Failures}, {@link Deadline}). No thread waits on
 * the network: each response (or failure) arrives on an I/O thread, which hands it to {@code
 * executor}, where the next hop is sent or the answer made. Used once, one step at a time.
 */
final class AsyncHops {
  private final CloseableHttpAsyncClient client;
  private final DigestContexts digestContexts;
  private final TokenManager tokens;
  private final long maxResponseBytes;
  private final Executor executor;
  private final CouponSourceConfig config;
  private final PreparedRequest first;
  private final Deadline deadline;
  private final boolean digest;
  private final Redactor redactor;
  private final Redirects redirects;
  private final DigestContexts.Key key;
  private final HttpClientContext context;
  private final CompletableFuture<CouponBatch> result = new CompletableFuture<>();
  private final long start = System.nanoTime();

  private boolean keepContext;
  private PreparedRequest req;
  private Exchange.SentRequest sent;
  private Exchange.ReceivedResponse partial;
  private AsyncBody body;

  AsyncHops(
      CloseableHttpAsyncClient client,
      DigestContexts digestContexts,
      TokenManager tokens,
      long maxResponseBytes,
      Executor executor,
      CouponSourceConfig config,
      PreparedRequest first,
      Deadline deadline) {
    this.client = client;
    this.digestContexts = digestContexts;
    this.tokens = tokens;
    this.maxResponseBytes = maxResponseBytes;
    this.executor = executor;
    this.config = config;
    this.first = first;
    this.deadline = deadline;
    this.digest = config.auth().type() == AuthType.DIGEST;
    this.redactor = Redactor.of(first, config.auth());
    this.redirects = new Redirects(first, digest);
    this.key = digest ? DigestContexts.Key.of(first.uri(), config.auth()) : null;
    // Digest: one borrowed context for every hop, which are all on the challenge's origin.
    this.context = digest ? digestContexts.borrow(key) : HttpClientContext.create();
  }

  /** Sends the first request; the future completes once, with the answer or the failure. */
  CompletableFuture<CouponBatch> run() {
    step(() -> hop(first));
    return result;
  }

  /**
   * Ends the send: the Digest context goes back before the future completes, so that a fetch the
   * caller starts on completion finds the challenge.
   */
  private void done(CouponBatch batch, Throwable failure) {
    deadline.disarm();
    if (digest) {
      digestContexts.giveBack(key, context, keepContext);
    }
    if (failure == null) {
      result.complete(batch);
    } else {
      result.completeExceptionally(failure);
    }
  }

  private void hop(PreparedRequest next) {
    req = next;
    if (deadline.expired()) {
      // Nothing more is sent once the fetch's time is up.
      Exchange.SentRequest shown =
          sent != null ? sent : WireHeaders.sentRequest(req, context, redactor);
      throw deadline.spent(first.displayUri(), new Exchange(shown, partial));
    }
    context.setRequestConfig(ClientFactory.forRequest(deadline.nextRequest(), digest));
    WireHeaders.clear(context);
    sent = null;
    partial = null;
    body = new AsyncBody(maxResponseBytes);
    AtomicReference<Future<?>> running = new AtomicReference<>();
    AtomicBoolean aborted = new AtomicBoolean();
    Cancellable abort =
        () -> {
          aborted.set(true);
          Future<?> f = running.get();
          return f != null && f.cancel(true);
        };
    deadline.arm(abort);
    Future<AsyncBody> sending =
        client.execute(
            HttpRequests.producer(req),
            body,
            null,
            context,
            new FutureCallback<AsyncBody>() {
              @Override
              public void completed(AsyncBody received) {
                step(() -> answered(received));
              }

              @Override
              public void failed(Exception e) {
                step(() -> failedWith(e));
              }

              @Override
              public void cancelled() {
                step(() -> failedWith(new InterruptedIOException("request cancelled")));
              }
            });
    running.set(sending);
    if (aborted.get()) {
      // The abort fired before the future was there to cancel. (The deadline itself may already
      // belong to the next hop, on another thread: only this hop's own state is read here.)
      sending.cancel(true);
    }
  }

  private void answered(AsyncBody received) {
    sent = WireHeaders.sentRequest(req, context, redactor);
    respond(received);
  }

  private void respond(AsyncBody received) {
    int status = received.head().getCode();
    // A context whose challenge failed may hold a FAILURE auth state that would keep later
    // fetches from authenticating: only keep contexts that got past authentication.
    keepContext = status != 401;
    partial = ResponseReader.headersOnly(received.head(), redactor);
    Redirects.Decision decision = redirects.decide(req, received.head());
    if (decision.next() != null) {
      hop(decision.next());
      return;
    }
    ResponseReader.Body read =
        ResponseReader.body(received.head(), received.bytes(), received.charset(), redactor);
    done(Answers.of(config, tokens, first, decision.refusal(), read, sent, redactor, start), null);
  }

  private void failedWith(Exception e) {
    if (sent == null) {
      sent = WireHeaders.sentRequest(req, context, redactor);
    }
    if (body.head() != null && partial == null) {
      partial = ResponseReader.headersOnly(body.head(), redactor);
    }
    if (e instanceof AsyncBody.Dropped) {
      // A redirect's long body, not read to its end: the head is all a redirect needs.
      respond(body);
      return;
    }
    if (e instanceof AsyncBody.TooLarge) {
      throw ResponseReader.tooLarge(
          maxResponseBytes, body.head(), body.bytes(), body.charset(), redactor, sent);
    }
    IOException io = asIo(e);
    boolean mayResend = Retries.mayResend(first.method(), config.retryPost());
    if (deadline.ranOut(io)) {
      throw deadline.failure(first.displayUri(), new Exchange(sent, partial), mayResend);
    }
    throw Failures.forIo(io, req, config.timeouts(), sent, partial, redactor, mayResend);
  }

  /** The failure as the blocking client would have thrown it, for {@link Failures#forIo}. */
  private IOException asIo(Exception e) {
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

  /** Runs one step on the executor; whatever it throws ends the fetch. */
  private void step(Runnable action) {
    try {
      executor.execute(
          () -> {
            try {
              action.run();
            } catch (RuntimeException | Error e) {
              done(null, e);
            }
          });
    } catch (RuntimeException e) {
      done(null, e);
    }
  }
}
