package dev.couponfetch.httpclient.micrometer;

import dev.couponfetch.FetchEvent;
import dev.couponfetch.FetchListener;
import dev.couponfetch.Timings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Records fetches in a Micrometer {@link MeterRegistry}:
 *
 * <ul>
 *   <li>a timer {@value #FETCH_TIMER} per fetch, tagged {@code config} (the config's name), {@code
 *       outcome} ({@code SUCCESS} or {@code FAILURE}), {@code reason} (a {@link
 *       dev.couponfetch.Reason} name, {@code none} on success) and {@code status} ({@code 2xx},
 *       {@code 4xx}, {@code 5xx}..., {@code none} when no response came) and {@code circuit} (the
 *       endpoint origin's circuit breaker as the fetch ended: {@code closed}, {@code open}, {@code
 *       half_open}; fetches refused while it is open have the reason {@code ENDPOINT_UNAVAILABLE});
 *   <li>a counter {@value #COUPONS_COUNTER} of the coupons fetched, tagged {@code config};
 *   <li>a timer {@value #PHASE_TIMER} per phase of each request of a fetch ({@link
 *       FetchEvent#timings()}), tagged {@code config}, {@code phase} ({@code dns}, {@code connect},
 *       {@code tls}, {@code first_byte}, {@code body}, or {@code mapping} once per fetch that
 *       mapped an answer) and {@code step} ({@code token_request}, {@code login}, {@code
 *       challenge}, {@code redirect}, {@code request}; {@code none} for the mapping). A phase that
 *       did not happen (a reused connection has no DNS, connect or TLS) or was not measured (the
 *       connection's phases on the async transport) records nothing.
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
public final class MicrometerFetchListener implements FetchListener {
  /** The timer's name. */
  public static final String FETCH_TIMER = "couponfetch.fetch";

  /** The coupon counter's name. */
  public static final String COUPONS_COUNTER = "couponfetch.coupons";

  /** The phase timer's name. */
  public static final String PHASE_TIMER = "couponfetch.phase";

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
        .tag("circuit", event.circuit().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .record(event.duration());
    Counter.builder(COUPONS_COUNTER)
        .description("Coupons fetched")
        .baseUnit("coupons")
        .tag("config", event.configName())
        .register(registry)
        .increment(event.coupons());
    Timings timings = event.timings();
    for (Timings.Request r : timings.requests()) {
      String step = r.step().name().toLowerCase(Locale.ROOT);
      phase(event, step, "dns", r.dns());
      phase(event, step, "connect", r.connect());
      phase(event, step, "tls", r.tls());
      phase(event, step, "first_byte", r.firstByte());
      phase(event, step, "body", r.body());
    }
    phase(event, "none", "mapping", timings.mapping());
  }

  private void phase(FetchEvent event, String step, String phase, Duration took) {
    if (took == null) {
      return;
    }
    Timer.builder(PHASE_TIMER)
        .description("Phases of each request of a fetch, and the mapping")
        .tag("config", event.configName())
        .tag("phase", phase)
        .tag("step", step)
        .register(registry)
        .record(took);
  }

  /** {@code 2xx} for 200 to 299 and so on; {@code none} for 0 (no response). */
  static String statusClass(int status) {
    return status == 0 ? "none" : (status / 100) + "xx";
  }
}
