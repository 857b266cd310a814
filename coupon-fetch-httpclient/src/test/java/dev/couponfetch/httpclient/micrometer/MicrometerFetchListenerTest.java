package dev.couponfetch.httpclient.micrometer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.FetchEvent;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timers and counters as documented, through the listener alone and through a fetcher. */
class MicrometerFetchListenerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerFetchListener listener = new MicrometerFetchListener(registry);

  private Timer timer(String config, String outcome, String reason, String status) {
    return registry
        .get("couponfetch.fetch")
        .tags("config", config, "outcome", outcome, "reason", reason, "status", status)
        .timer();
  }

  private double coupons(String config) {
    return registry.get("couponfetch.coupons").tag("config", config).counter().count();
  }

  @Test
  void onFetch_successesAndFailures_timedByConfigOutcomeReasonAndStatusClass() {
    listener.onFetch(FetchEvent.success("acme", 200, Duration.ofMillis(40), 3, 1));
    listener.onFetch(FetchEvent.success("acme", 201, Duration.ofMillis(60), 2, 1));
    listener.onFetch(FetchEvent.failure("acme", Reason.UNAUTHORIZED, 401, Duration.ofMillis(5), 1));
    listener.onFetch(FetchEvent.failure("acme", Reason.SERVER_ERROR, 503, Duration.ofMillis(7), 2));
    listener.onFetch(FetchEvent.failure("beta", Reason.TIMEOUT, 0, Duration.ofSeconds(2), 1));
    listener.onFetch(FetchEvent.failure("beta", null, 0, Duration.ofMillis(1), 1));

    Timer ok = timer("acme", "SUCCESS", "none", "2xx");
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
    assertThat(timer("acme", "FAILURE", "UNAUTHORIZED", "4xx").count()).isEqualTo(1);
    assertThat(timer("acme", "FAILURE", "SERVER_ERROR", "5xx").count()).isEqualTo(1);
    assertThat(timer("beta", "FAILURE", "TIMEOUT", "none").count()).isEqualTo(1);
    assertThat(timer("beta", "FAILURE", "none", "none").count()).isEqualTo(1);
    assertThat(registry.get("couponfetch.fetch").timers()).hasSize(5);
    assertThat(coupons("acme")).isEqualTo(5);
    assertThat(coupons("beta")).isZero();
  }

  @Test
  void fetch_throughTheFetcher_recordsEachFetch() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    try (HttpClientCouponFetcher fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).listener(listener).build()) {
      server.stubFor(get("/ok").willReturn(okJson("{\"codes\":[\"A\",\"B\"]}")));
      server.stubFor(get("/down").willReturn(aResponse().withStatus(503)));
      fetcher.fetch(config(server, "/ok"));
      assertThatThrownBy(() -> fetcher.fetch(config(server, "/down")))
          .isInstanceOf(CouponFetchException.class);
    } finally {
      server.stop();
    }

    assertThat(timer("shop", "SUCCESS", "none", "2xx").count()).isEqualTo(1);
    assertThat(timer("shop", "FAILURE", "SERVER_ERROR", "5xx").count()).isEqualTo(1);
    assertThat(coupons("shop")).isEqualTo(2);
    assertThat(registry.getMeters())
        .extracting(m -> m.getId().getType())
        .containsOnly(Meter.Type.TIMER, Meter.Type.COUNTER);
  }

  private Timer phase(String phase, String step) {
    return registry
        .get(MicrometerFetchListener.PHASE_TIMER)
        .tags("config", "shop", "phase", phase, "step", step)
        .timer();
  }

  @Test
  void onFetch_timings_aTimerPerPhaseMeasured() {
    Timings timings =
        new Timings(
            List.of(
                new Timings.Request(
                    Timings.Step.TOKEN_REQUEST,
                    "POST",
                    null,
                    false,
                    Duration.ofMillis(1),
                    Duration.ofMillis(2),
                    Duration.ofMillis(3),
                    Duration.ofMillis(4),
                    Duration.ofMillis(5)),
                new Timings.Request(
                    Timings.Step.REQUEST,
                    "GET",
                    null,
                    true,
                    null,
                    null,
                    null,
                    Duration.ofMillis(7),
                    Duration.ofMillis(8))),
            Duration.ofMillis(9));

    listener.onFetch(FetchEvent.success("shop", 200, Duration.ofMillis(50), 1, 1, timings));

    assertThat(phase("dns", "token_request").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1);
    assertThat(phase("tls", "token_request").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
    assertThat(phase("first_byte", "request").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
    assertThat(phase("body", "request").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8);
    assertThat(phase("mapping", "none").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(9);
    assertThat(
            registry
                .find(MicrometerFetchListener.PHASE_TIMER)
                .tag("step", "request")
                .tag("phase", "dns")
                .timer())
        .as("a reused connection has no DNS")
        .isNull();
  }

  @Test
  void fetch_throughTheFetcher_recordsPhases() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    try (HttpClientCouponFetcher fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).listener(listener).build()) {
      server.stubFor(get("/ok").willReturn(okJson("{\"codes\":[\"A\",\"B\"]}")));
      fetcher.fetch(config(server, "/ok"));
    } finally {
      server.stop();
    }

    assertThat(phase("connect", "request").count()).isEqualTo(1);
    assertThat(phase("first_byte", "request").count()).isEqualTo(1);
    assertThat(phase("body", "request").count()).isEqualTo(1);
    assertThat(phase("mapping", "none").count()).isEqualTo(1);
  }

  private static CouponSourceConfig config(WireMockServer server, String path) {
    return CouponSourceConfig.builder(server.baseUrl() + path)
        .name("shop")
        .couponType(CouponType.BULK)
        .mapping(MappingConfig.code("codes"))
        .build();
  }

  /** Micrometer is optional: a fetcher must work where it is absent. */
  @Test
  void fetcher_withoutMicrometerOnTheClasspath_stillWorks() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("micrometer")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> fetcherClass = loader.loadClass(HttpClientCouponFetcher.class.getName());
      Object fetcher = fetcherClass.getMethod("create").invoke(null);
      fetcherClass.getMethod("close").invoke(fetcher);

      // The loader really lacks Micrometer, or the lines above prove nothing.
      assertThatThrownBy(
              () ->
                  Class.forName(MicrometerFetchListener.class.getName(), true, loader)
                      .getConstructors())
          .isInstanceOf(NoClassDefFoundError.class);
    }
  }
}
