package dev.couponfetch.httpclient;

import dev.couponfetch.CircuitState;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.FetchListener;
import dev.couponfetch.PreparedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a fetch is logged and reported to the {@link FetchListener}s: a DEBUG line per
 * fetch, the masked exchange at TRACE, one event per listener. Thread-safe; each {@link Fetch} is
 * owned by the fetching thread.
 */
final class FetchObserver {
  /** The fetcher's name, where a user looks for its log. */
  private static final Logger LOG = LoggerFactory.getLogger(HttpClientCouponFetcher.class);

  /** Characters of each body shown at TRACE: enough to recognise it, not a dump. */
  static final int TRACE_BODY_CHARS = 1_000;

  private final List<FetchListener> listeners;

  /** Listener classes already warned about: a listener failing on every fetch warns once. */
  private final Set<Class<?>> warned = ConcurrentHashMap.newKeySet();

  FetchObserver(List<FetchListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Starts the clock of one fetch of {@code config}. */
  Fetch start(CouponSourceConfig config) {
    return new Fetch(config.name());
  }

  /** One fetch in progress. Not thread-safe. */
  final class Fetch {
    private final String name;
    private final long start = System.nanoTime();
    private PreparedRequest request;
    private int attempts;
    private CircuitState circuit;

    private Fetch(String name) {
      this.name = name;
    }

    /** The request prepared with its credentials, for the log; none when preparing failed. */
    void request(PreparedRequest request) {
      this.request = request;
    }

    /** The state of the origin's circuit breaker as the fetch ends. */
    void circuit(CircuitState circuit) {
      this.circuit = circuit == CircuitState.CLOSED ? null : circuit;
    }

    /** The request is being sent (again). */
    void attempt() {
      attempts++;
    }

    /** Logs and reports a success; returns {@code batch}. */
    CouponBatch succeeded(CouponBatch batch) {
      if (listeners.isEmpty() && !LOG.isDebugEnabled()) {
        return batch; // nobody listens: no event, no Duration
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{}: {} -> {} in {} ms, {} coupon(s){}{}",
            name,
            shown(),
            batch.status(),
            took.toMillis(),
            batch.coupons().size(),
            via(batch.exchangeIfRecorded()),
            retried());
        trace(batch.exchangeIfRecorded());
      }
      if (!listeners.isEmpty()) {
        tell(
            withCircuit(
                FetchEvent.success(
                    name,
                    batch.status(),
                    took,
                    batch.coupons().size(),
                    attempts,
                    batch.timings())));
      }
      return batch;
    }

    /** Logs and reports a failure, which the caller then throws. */
    void failed(Throwable failure) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (failure instanceof CouponFetchException e) {
        if (LOG.isDebugEnabled()) {
          // The message is built secret-free (masked URL, redacted quotes): safe at DEBUG.
          LOG.debug(
              "{}: {} failed in {} ms{}{}: {}{}: {}",
              name,
              shown(),
              took.toMillis(),
              via(e.exchange()),
              retried(),
              e.reason(),
              e.status().isPresent() ? " (HTTP " + e.status().getAsInt() + ")" : "",
              e.getMessage());
          trace(e.exchange());
        }
        tell(
            withCircuit(
                FetchEvent.failure(
                    name, e.reason(), e.status().orElse(0), took, attempts, e.timings())));
      } else {
        // Not ours (a custom mapper's bug, say): its message may quote anything, so only its type.
        LOG.debug(
            "{}: {} failed in {} ms: unexpected {}",
            name,
            shown(),
            took.toMillis(),
            failure.getClass().getName());
        tell(FetchEvent.failure(name, null, 0, took, attempts));
      }
    }

    private FetchEvent withCircuit(FetchEvent event) {
      return circuit == null ? event : event.withCircuit(circuit);
    }

    private String shown() {
      return request == null
          ? "(before sending)"
          : request.method().httpMethod() + " " + request.displayUri();
    }

    /** Where the fetch ended when redirects were followed. */
    private String via(Optional<Exchange> exchange) {
      if (request == null || exchange.isEmpty()) {
        return "";
      }
      Exchange.SentRequest last = exchange.get().request();
      return last.uri().equals(request.displayUri())
              && last.method().equals(request.method().httpMethod())
          ? ""
          : " (redirected to " + last.method() + " " + last.uri() + ")";
    }

    private String retried() {
      return attempts > 1 ? " after " + attempts + " attempts" : "";
    }

    /** The exchange as recorded (credentials masked, echoed secrets redacted), bodies cut. */
    private void trace(Optional<Exchange> exchange) {
      if (!LOG.isTraceEnabled() || exchange.isEmpty()) {
        return;
      }
      Exchange.SentRequest sent = exchange.get().request();
      Exchange.ReceivedResponse received = exchange.get().response();
      LOG.trace(
          "{}: sent {} {} {} body: {}; received {}",
          name,
          sent.method(),
          sent.uri(),
          sent.headers(),
          excerpt(sent.body()),
          received == null
              ? "nothing"
              : received.status()
                  + " "
                  + received.headers()
                  + " body: "
                  + excerpt(received.body()));
    }
  }

  static String excerpt(String body) {
    return body.length() <= TRACE_BODY_CHARS
        ? body
        : body.substring(0, TRACE_BODY_CHARS) + "... (" + body.length() + " characters)";
  }

  /** Each listener in turn; one that throws is logged and does not stop the others. */
  private void tell(FetchEvent event) {
    for (FetchListener listener : listeners) {
      try {
        listener.onFetch(event);
      } catch (RuntimeException e) {
        if (warned.add(listener.getClass())) {
          // The event holds no secret; the listener's exception is its own code's.
          LOG.warn(
              "FetchListener {} threw on {}; its fetches go on (this is logged once per class)",
              listener.getClass().getName(),
              event,
              e);
        }
      }
    }
  }
}
