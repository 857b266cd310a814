package dev.couponfetch.httpclient;

import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.Timeouts;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.internal.RequestClock;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One fetch, decided step by step: the fetch engine, written once and run by two thin drivers
 * ({@link BlockingDriver} on the calling thread, {@link AsyncDriver} on the async client). The run
 * never does I/O or waits itself: each step returns what the driver is to do next ({@link Next}),
 * and the driver calls back with what came of it. Between those calls it decides everything a fetch
 * decides: authentication (through the config's {@link Authenticator}, renewed and replayed once
 * when it asks), redirects, the deadline, retries, the size cap's failure, the answer's status and
 * its mapping (through the config's {@link ResponseMapper}).
 *
 * <p>Not thread-safe: a driver calls it from one thread at a time (the async driver's steps are
 * ordered by the futures that hand them on).
 */
final class FetchRun {
  /** What the driver is to do next. */
  enum Next {
    /** Wait for {@link #credentials()}, then call {@link #authenticated}. */
    AUTHENTICATE,
    /** Send {@link #request()} in {@link #context()}, then call {@link #received}. */
    SEND,
    /** Wait {@link #delay()}, then call {@link #waited()}. */
    WAIT,
    /** Wait for {@link #admission()} to complete, then call {@link #admitted}. */
    ADMIT,
    /** The fetch ended: {@link #batch()} or {@link #failure()}. */
    DONE
  }

  private final FetchEngine engine;
  private final CouponSourceConfig config;
  private final FetchObserver.Fetch observed;
  private final Deadline deadline;
  private final long start = System.nanoTime();
  private final Authenticator.Call call;
  private final boolean probe;

  private Authenticator.Session session;
  private ResponseMapper mapper;
  private Gate gate;
  private boolean admitting; // waiting for the origin's policies, not for a retry
  private long admissionStart;
  private boolean attemptSent;
  private HttpResponse lastHead;
  private Reason attemptFailure;
  private PreparedRequest base;
  private PreparedRequest authed;
  private boolean replayed;
  private CouponFetchException refused;

  private int retriesDone;
  private boolean retrying;
  private CouponFetchException lastFailure;
  private Redactor redactor;
  private Redirects redirects;
  private HttpClientContext context;
  private int lastStatus;

  private PreparedRequest req;
  private Redirects.Decision decision;
  private Exchange.SentRequest sent;
  private Exchange.ReceivedResponse partial;

  private RequestClock clock;
  private final List<Timings.Request> timed = new ArrayList<>(2);
  private int authTimed; // how many of the session's own timed requests are in timed
  private Duration mapping;

  private CompletionStage<PreparedRequest> credentials;
  private Duration delay;
  private CouponBatch batch;
  private Throwable failure;

  FetchRun(
      FetchEngine engine,
      CouponSourceConfig config,
      Map<String, String> variables,
      FetchObserver.Fetch observed,
      Executor blockingWork,
      boolean probe) {
    this.engine = engine;
    this.probe = probe;
    this.config = config;
    this.observed = observed;
    this.deadline = engine.deadline(config);
    this.call = new Authenticator.Call(config, variables, blockingWork);
  }

  /** The first step. */
  Next start() {
    try {
      Authenticator authenticator = engine.authenticator(config);
      mapper = engine.mapper(config);
      base = config.prepare(call.variables());
      observed.request(base);
      gate = engine.policies().gate(config, base, probe, call.executor());
      gate.precheck(); // a paused origin fails before credentials are made for nothing
      session = authenticator.begin(call);
    } catch (RuntimeException | Error e) {
      return fail(e);
    }
    return authenticate();
  }

  private Next authenticate() {
    try {
      credentials = session.authenticate(base);
    } catch (RuntimeException | Error e) {
      return authenticated(null, e);
    }
    CompletableFuture<PreparedRequest> f = credentials.toCompletableFuture();
    if (!f.isDone()) {
      return Next.AUTHENTICATE;
    }
    try {
      return authenticated(f.join(), null);
    } catch (RuntimeException e) {
      return authenticated(null, e);
    }
  }

  /** The request with credentials, or why there is none. */
  Next authenticated(PreparedRequest request, Throwable error) {
    credentials = null;
    authTimed();
    if (error != null) {
      Throwable e = unwrap(error);
      if (e instanceof CouponFetchException c) {
        // A token request or login that was answered and refused: its timing comes first.
        timed.addAll(c.timings().requests());
      }
      if (e instanceof InterruptedException) {
        e =
            CouponFetchException.builder(
                    Reason.OAUTH_TOKEN_FAILED,
                    "Interrupted while waiting for the credentials of '" + config.name() + "'")
                .retryable(false)
                .build();
      }
      if (refused != null && e instanceof CouponFetchException) {
        // The renewal failed: the refusal that led to it is the exchange to show, and the
        // renewal's own failure says what its request was.
        endAttempt();
        failure =
            ((CouponFetchException) e)
                .toBuilder().exchange(refused.exchange().orElse(null)).timings(timings()).build();
        return Next.DONE;
      }
      return fail(e);
    }
    if (authed == null) {
      observed.request(request); // with its (masked) credentials, once they are there
    }
    authed = request;
    if (!retrying) {
      retriesDone = 0; // a replay after renewal starts its own retries
    }
    retrying = false;
    return admit();
  }

  /** The origin's policies: send now, wait, or wait for a permit; or the fetch fails at once. */
  private Next admit() {
    Gate.Verdict v;
    try {
      v = gate.admit(deadline.remaining());
    } catch (CouponFetchException e) {
      return fail(e);
    } catch (RuntimeException | Error e) {
      gate.release(); // a shared budget store's bug, say: nothing stays held
      return fail(e);
    }
    switch (v) {
      case GO:
        return attempt();
      case WAIT:
        delay = gate.waitFor();
        admitting = true;
        return Next.WAIT;
      default:
        admissionStart = System.nanoTime();
        return Next.ADMIT;
    }
  }

  /** What {@link Next#ADMIT} waits for. */
  CompletableFuture<?> admission() {
    return gate.pending();
  }

  /** The wait for {@link #admission()} ended ({@code error} null) or failed. */
  Next admitted(Throwable error) {
    try {
      gate.pendingDone(error, Duration.ofNanos(System.nanoTime() - admissionStart));
    } catch (CouponFetchException e) {
      return fail(e);
    }
    return admit();
  }

  /** One send of the request, with the redirects it leads to; retries make more. */
  private Next attempt() {
    observed.attempt();
    attemptSent = true;
    lastHead = null;
    attemptFailure = null;
    redactor = Redactor.of(authed, config.auth());
    boolean challenged = session instanceof ChallengeSession;
    redirects = new Redirects(authed, challenged);
    context = challenged ? ((ChallengeSession) session).context() : HttpClientContext.create();
    lastStatus = 0;
    sent = null;
    partial = null;
    return hop(authed);
  }

  private Next hop(PreparedRequest next) {
    req = next;
    decision = null;
    if (deadline.expired()) {
      // Nothing more is sent once the fetch's time is up.
      Exchange.SentRequest shown = sent != null ? sent : sentNow();
      return attemptFailed(deadline.spent(base.displayUri(), new Exchange(shown, partial)));
    }
    WireHeaders.clear(context);
    sent = null;
    partial = null;
    return Next.SEND;
  }

  /** The request to send now. */
  PreparedRequest request() {
    return req;
  }

  /**
   * A new clock for the request about to be sent, in its context too.
   *
   * @param connectionSeen whether the connection's hooks run on the sending thread (blocking)
   */
  RequestClock startClock(boolean connectionSeen) {
    clock = new RequestClock(connectionSeen).describe(req.method().httpMethod(), req.displayUri());
    context.setAttribute(RequestClock.ATTRIBUTE, clock);
    return clock;
  }

  /** The context to send it in (a challenge-based scheme's, holding its last challenge). */
  HttpClientContext context() {
    return context;
  }

  /** Whether HttpClient answers challenges for this request (its authentication is on). */
  boolean challenged() {
    return session instanceof ChallengeSession;
  }

  /** The timeouts of the request about to be sent, cut to what is left; arm the deadline next. */
  Timeouts timeouts() {
    return deadline.nextRequest();
  }

  /** The fetch's deadline, to arm with the request about to be sent. */
  Deadline deadline() {
    return deadline;
  }

  /** The largest body read. */
  long maxResponseBytes() {
    return engine.maxResponseBytes();
  }

  /** The masking of this attempt, for the driver's reading of a body. */
  Redactor redactor() {
    return redactor;
  }

  /**
   * Whether {@code head} is a redirect that is followed: its body is then not wanted. Decided once;
   * {@link #received} uses the same decision.
   */
  boolean follows(HttpResponse head) {
    decision = redirects.decide(req, head);
    return decision.next() != null;
  }

  /** What came of sending {@link #request()}. */
  Next received(HopOutcome outcome) {
    if (sent == null) {
      sent = sentNow();
    }
    HttpResponse head = outcome.head();
    if (head != null) {
      lastHead = head;
    }
    boolean redirect = outcome.error() == null && (decision != null || head != null);
    if (redirect && decision == null) {
      decision = redirects.decide(req, head);
    }
    clocked(redirect && decision.next() != null ? Timings.Step.REDIRECT : Timings.Step.REQUEST);
    if (head != null) {
      lastStatus = head.getCode(); // for a challenge context: was authentication got past?
      partial = ResponseReader.headersOnly(head, redactor);
    }
    if (outcome.error() != null) {
      return ioFailed(outcome.error());
    }
    if (decision == null) {
      decision = redirects.decide(req, head);
    }
    if (decision.next() != null) {
      return hop(decision.next());
    }
    return answered(outcome.body());
  }

  private Next ioFailed(IOException e) {
    if (e instanceof ResponseReader.TooLarge) {
      ResponseReader.TooLarge t = (ResponseReader.TooLarge) e;
      return attemptFailed(
          ResponseReader.tooLarge(
              engine.maxResponseBytes(), t.head(), t.start(), t.charset(), redactor, sent));
    }
    boolean mayResend = Retries.mayResend(base.method(), config.retryPost());
    RequestClock.Phase phase = clock == null ? null : clock.phase();
    if (deadline.ranOut(e)) {
      return attemptFailed(
          deadline.failure(base.displayUri(), new Exchange(sent, partial), mayResend, phase));
    }
    return attemptFailed(
        Failures.forIo(e, req, config.timeouts(), sent, partial, redactor, mayResend, phase));
  }

  /** The last response of the attempt (not a redirect that is followed). */
  private Next answered(ResponseReader.Body body) {
    int status = body.status();
    Exchange exchange = new Exchange(sent, body.received());
    if (decision.refusal() != null) {
      return attemptFailed(
          Failures.redirectRefused(base.displayUri(), decision.refusal(), status, exchange));
    }
    boolean ok = status >= 200 && status < 300;
    boolean renew;
    try {
      renew = session.renew(body);
    } catch (RuntimeException | Error e) {
      return fail(e);
    }
    if (renew) {
      CouponFetchException refusal =
          ok
              ? Failures.refusedInBody(config, status, sent.uri(), exchange)
              : Failures.forStatus(status, sent.uri(), body, exchange, redactor);
      endAttempt();
      if (replayed) {
        return fail(stillRefused(refusal));
      }
      replayed = true;
      refused = refusal;
      return authenticate();
    }
    if (!ok) {
      return attemptFailed(Failures.forStatus(status, sent.uri(), body, exchange, redactor));
    }
    MappedResponse mapped;
    long mapStart = System.nanoTime();
    try {
      mapped = mapper.map(body.bytes(), body.charset());
      mapping = Duration.ofNanos(System.nanoTime() - mapStart);
    } catch (CouponFetchException e) {
      return attemptFailed(redacted(e, status, exchange));
    } catch (RuntimeException | Error e) {
      // A custom mapper's bug: the caller gets it as it was thrown.
      return fail(e);
    }
    endAttempt();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    batch = new CouponBatch(mapped.coupons(), status, elapsed, mapped.warnings(), exchange);
    Exchange authExchange = session.exchange().orElse(null);
    String note = note();
    if (authExchange != null || note != null) {
      batch = batch.withToken(authExchange, note);
    }
    batch = batch.withTimings(timings());
    observed.circuit(gate.circuit());
    return Next.DONE;
  }

  /** The attempt failed: send it again after a wait, or end the fetch. */
  private Next attemptFailed(CouponFetchException e) {
    attemptFailure = e.reason();
    endAttempt();
    Retries.Decision d =
        engine
            .retries()
            .decide(base.method(), config.retryPost(), retriesDone, e, deadline.remaining());
    if (!d.retry()) {
      return fail(Retries.withNote(e, d.note()));
    }
    engine.retries().logRetry(base, e, d, retriesDone);
    retriesDone++;
    lastFailure = e;
    delay = d.delay();
    return Next.WAIT;
  }

  /** How long to wait before the next attempt. */
  Duration delay() {
    return delay;
  }

  /**
   * The wait is over: credentials again, then the next attempt. A retry is a new request, and
   * credentials may be made for one request only (a signature's timestamp and nonce: a server that
   * refuses replays refuses the same signed request sent twice); those that are kept (a token, a
   * memoized Basic header) cost nothing to attach again.
   */
  Next waited() {
    if (admitting) {
      admitting = false;
      return admit();
    }
    retrying = true;
    return authenticate();
  }

  /** The wait was interrupted (the interrupt is kept). */
  Next interrupted() {
    if (admitting || gate.pending() != null) {
      return notAdmitted("interrupted while waiting for the endpoint's rate limit or bulkhead");
    }
    return fail(Retries.interrupted(lastFailure));
  }

  /** The wait could not be scheduled: the fetcher was closed. */
  Next closedWhileWaiting() {
    if (admitting) {
      return notAdmitted("the fetcher was closed while waiting for the endpoint's rate limit");
    }
    return fail(Retries.withNote(lastFailure, "; the fetcher was closed"));
  }

  private Next notAdmitted(String why) {
    admitting = false;
    gate.abandon();
    return fail(
        CouponFetchException.builder(
                Reason.TIMEOUT, "Not sent to " + base.displayUri() + ": " + why)
            .retryable(false)
            .build());
  }

  /** The credentials being made, for {@link Next#AUTHENTICATE}. */
  CompletionStage<PreparedRequest> credentials() {
    return credentials;
  }

  /** The coupons, after {@link Next#DONE} without failure. */
  CouponBatch batch() {
    return batch;
  }

  /** Why the fetch failed, after {@link Next#DONE}, or null. */
  Throwable failure() {
    return failure;
  }

  private Exchange.SentRequest sentNow() {
    return WireHeaders.sentRequest(req, context, redactor);
  }

  /**
   * The driver gives the fetch up (it threw, as when the fetcher was closed under it): what the
   * attempt holds goes back; nothing is counted.
   */
  void abandon() {
    attemptSent = false;
    if (gate != null) {
      gate.abandon();
    }
    try {
      endAttempt();
    } catch (RuntimeException e) {
      // Giving up anyway: the fetch's own failure is the one reported.
    }
  }

  /** Ends the attempt: no request of it is in flight; a challenge context goes back first. */
  private void endAttempt() {
    deadline.disarm();
    if (gate != null) {
      if (attemptSent) {
        attemptSent = false;
        gate.ended(lastHead, attemptFailure);
      } else {
        gate.release();
      }
    }
    if (context != null && session instanceof ChallengeSession) {
      ((ChallengeSession) session).attemptEnded(context, lastStatus);
    }
    context = null;
  }

  private Next fail(Throwable e) {
    endAttempt();
    Throwable f = unwrap(e);
    if (f instanceof CouponFetchException && session != null) {
      CouponFetchException c = (CouponFetchException) f;
      // What the authentication did, unless the failure already says (a token request's own).
      Exchange authExchange =
          c.tokenExchange().isPresent() ? null : session.exchange().orElse(null);
      String note = c.tokenNote().isPresent() ? null : note();
      if (authExchange != null || note != null) {
        CouponFetchException.Builder b = c.toBuilder();
        if (authExchange != null) {
          b.tokenExchange(authExchange);
        }
        if (note != null) {
          b.tokenNote(note);
        }
        f = b.build();
      }
    }
    if (f instanceof CouponFetchException c) {
      f = c.toBuilder().timings(timings()).build();
    }
    if (gate != null) {
      observed.circuit(gate.circuit());
    }
    failure = f;
    return Next.DONE;
  }

  /**
   * The requests the authentication made of its own since last asked (a token request, a login):
   * they come before the request they were made for.
   */
  private void authTimed() {
    List<Timings.Request> own;
    try {
      own = session == null ? List.of() : session.timings();
    } catch (RuntimeException e) {
      return; // a custom session's bug costs its timings, not the fetch
    }
    if (own != null && own.size() > authTimed) {
      timed.addAll(own.subList(authTimed, own.size()));
      authTimed = own.size();
    }
  }

  /** The request just answered (or failed), timed as {@code step}. */
  private void clocked(Timings.Step step) {
    if (clock != null) {
      timed.addAll(clock.timings(step));
      clock = null;
    }
  }

  /** Where the time of this fetch went, so far. */
  private Timings timings() {
    return new Timings(timed, mapping);
  }

  private String note() {
    String n = session.note().orElse(null);
    if (!replayed) {
      return n;
    }
    String renewed = "the endpoint refused the first credentials; renewed once and retried";
    return n == null ? renewed : renewed + " (" + n + ")";
  }

  private static CouponFetchException stillRefused(CouponFetchException e) {
    CouponFetchException.Builder b =
        CouponFetchException.builder(
                Reason.UNAUTHORIZED, e.getMessage() + " (again after renewing the credentials)")
            .exchange(e.exchange().orElse(null));
    e.status().ifPresent(b::status);
    return b.build();
  }

  /** The mapper's failure with the secrets of this request masked. */
  private CouponFetchException redacted(CouponFetchException e, int status, Exchange exchange) {
    // The mapper quotes the body, which may echo what was sent; it cannot know the secrets.
    CouponFetchException.Builder b =
        CouponFetchException.builder(e.reason(), redactor.redact(e.getMessage()))
            .status(status)
            .retryable(e.retryable())
            .explanation(e.explanation())
            .hint(e.hint())
            .problems(e.problems().stream().map(redactor::redact).toList())
            .exchange(exchange);
    if (e.getCause() != null && !redactor.reveals(e.getCause())) {
      b.cause(e.getCause());
    }
    return b.build();
  }

  /** The failure itself, out of the {@link CompletionException} a dependent stage wraps it in. */
  static Throwable unwrap(Throwable e) {
    return (e instanceof CompletionException || e instanceof ExecutionException)
            && e.getCause() != null
        ? e.getCause()
        : e;
  }
}
