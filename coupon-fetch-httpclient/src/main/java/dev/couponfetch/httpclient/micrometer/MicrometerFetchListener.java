package dev.couponfetch.httpclient.micrometer;

import dev.couponfetch.FetchEvent;
import dev.couponfetch.FetchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * Records fetches in a Micrometer {@link MeterRegistry}:
 *
 * <ul>
 *   <li>a timer {@value #FETCH_TIMER} per fetch, tagged {@code config} (the config's name), {@code
 *       outcome} ({@code SUCCESS} or {@code FAILURE}), {@code reason} (a {@link
 *       dev.couponfetch.Reason} name, {@code none} on success) and {@code status} ({@code 2xx},
 *       {@code 4xx}, {@code 5xx}..., {@code none} when no response came);
 *   <li>a counter {@value #COUPONS_COUNTER} of the coupons fetched, tagged {@code config}.
 * </ul>
 *
 * <pre>{@code
 * HttpClientCouponFetcher fetcher = HttpClientCouponFetcher.builder()
 *     .listener(new MicrometerFetchListener(registry))
 *     .build();
 * }</pre>
 *
 * <p><b>Cardinality:</b> every config name makes its own series (times every outcome, reason and
 * status class seen). Keep config names bounded: one per merchant source, never per visitor or with
 * a variable in it. The other tags have a few values each.
 *
 * <p>Micrometer is an optional dependency of this module: add {@code io.micrometer:micrometer-core}
 * to use this class; nothing else in coupon-fetch loads it. Thread-safe.
 */
// "exports": takes Micrometer types, which module-info does not require transitively (see there).
@SuppressWarnings("exports")
public final class MicrometerFetchListener implements FetchListener {
  /** The timer's name. */
  public static final String FETCH_TIMER = "couponfetch.fetch";

  /** The coupon counter's name. */
  public static final String COUPONS_COUNTER = "couponfetch.coupons";

  private final MeterRegistry registry;

  /** A listener recording into {@code registry}. */
  public MicrometerFetchListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  @Override
  public void onFetch(FetchEvent event) {
    // The registry keeps one meter per name and tags: registering again finds it.
    Timer.builder(FETCH_TIMER)
        .description("Coupon fetches, from the call to its return or throw")
        .tag("config", event.configName())
        .tag("outcome", event.outcome().name())
        .tag("reason", event.reason() == null ? "none" : event.reason().name())
        .tag("status", statusClass(event.status()))
        .register(registry)
        .record(event.duration());
    Counter.builder(COUPONS_COUNTER)
        .description("Coupons fetched")
        .baseUnit("coupons")
        .tag("config", event.configName())
        .register(registry)
        .increment(event.coupons());
  }

  /** {@code 2xx} for 200 to 299 and so on; {@code none} for 0 (no response). */
  static String statusClass(int status) {
    return status == 0 ? "none" : (status / 100) + "xx";
  }
}
