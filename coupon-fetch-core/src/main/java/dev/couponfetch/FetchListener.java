package dev.couponfetch;

import java.util.List;
import java.util.Objects;

/**
 * Told about every fetch once it ends, successful or not: the hook for metrics, tracing and audit.
 * Plug one or several into a fetcher's builder (the transport's {@code
 * HttpClientCouponFetcher.Builder.listener(FetchListener)}).
 *
 * <p>A fetcher calls {@link #onFetch} exactly once per fetch, after it ended and before it returns
 * or throws, <b>on the fetching thread</b>: so it must be quick (count, record, hand off; never
 * block on I/O) and thread-safe, as fetches of many threads call it at once. It should not throw;
 * if it does, the fetcher logs that at WARN (once per listener class) and the fetch's result is
 * unchanged. A call refused before it starts (null argument, closed fetcher) is not a fetch.
 *
 * <p>{@link FetchEvent} holds no secret and no text from the endpoint, so a listener may log or
 * export it as it is.
 */
@FunctionalInterface
public interface FetchListener {
  /** The listener that does nothing. */
  FetchListener NONE = event -> {};

  /** Takes one ended fetch; called on the fetching thread, must be quick and thread-safe. */
  void onFetch(FetchEvent event);

  /**
   * One listener calling each of {@code listeners} in order. Each is called even when an earlier
   * one throws; the first exception is then thrown after the last call, later ones suppressed in
   * it.
   */
  static FetchListener all(FetchListener... listeners) {
    Objects.requireNonNull(listeners, "listeners == null");
    return all(List.of(listeners));
  }

  /** {@link #all(FetchListener...)} over a list, copied. */
  static FetchListener all(List<FetchListener> listeners) {
    Objects.requireNonNull(listeners, "listeners == null");
    List<FetchListener> copy = List.copyOf(listeners); // rejects null elements
    if (copy.isEmpty()) {
      return NONE;
    }
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return event -> {
      RuntimeException first = null;
      for (FetchListener l : copy) {
        try {
          l.onFetch(event);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    };
  }
}
