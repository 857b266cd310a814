package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.Timeouts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the async form has: many fetches in flight on few threads, and its future. */
class AsyncFetchTest {
  private static final int IN_FLIGHT = 1_000;

  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  /**
   * Holds every request until {@code n} have arrived, then answers them all: a client that cannot
   * have {@code n} requests in flight at once never gets an answer.
   */
  private int holdingServer(int n, CountDownLatch allArrived) throws Exception {
    List<Runnable> held = new ArrayList<>();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setAcceptQueueSize(IN_FLIGHT);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            List<Runnable> release = null;
            synchronized (held) {
              held.add(
                  () -> {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.write(
                        true,
                        ByteBuffer.wrap("{\"code\":\"HELD-1\"}".getBytes(StandardCharsets.UTF_8)),
                        callback);
                  });
              if (held.size() == n) {
                release = new ArrayList<>(held);
              }
            }
            if (release != null) {
              allArrived.countDown();
              release.forEach(Runnable::run);
            }
            return true;
          }
        });
    server.start();
    return connector.getLocalPort();
  }

  @Test
  void fetchAsync_thousandInFlight_onAFewThreads() throws Exception {
    CountDownLatch allArrived = new CountDownLatch(1);
    int port = holdingServer(IN_FLIGHT, allArrived);
    CouponSourceConfig config =
        CouponSourceConfig.builder("http://127.0.0.1:" + port + "/slow")
            .mapping(MappingConfig.code("code"))
            .timeouts(Timeouts.ofMillis(30_000, 30_000))
            .build();
    try (HttpClientCouponFetcher fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .maxConnectionsTotal(IN_FLIGHT)
            .maxConnectionsPerRoute(IN_FLIGHT)
            .ioThreads(2)
            .build()) {
      List<CompletableFuture<CouponBatch>> futures = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT; i++) {
        futures.add(fetcher.fetchAsync(config, Map.of()));
      }
      assertThat(allArrived.await(60, TimeUnit.SECONDS))
          .as("all %s requests reached the server at once", IN_FLIGHT)
          .isTrue();
      long fetcherThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("coupon-fetch"))
              .count();

      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .get(60, TimeUnit.SECONDS);
      for (CompletableFuture<CouponBatch> f : futures) {
        assertThat(f.join().first().code()).isEqualTo("HELD-1");
      }
      assertThat(fetcherThreads).isBetween(1L, 20L);
    }
  }

  @Test
  void fetchAsync_failure_completesWithTheFetchExceptionItself() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    int port = holdingServer(Integer.MAX_VALUE, never);
    CouponSourceConfig config =
        CouponSourceConfig.builder("http://127.0.0.1:" + port + "/slow")
            .timeouts(Timeouts.ofMillis(500, 300))
            .build();
    try (HttpClientCouponFetcher fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build()) {
      AtomicReference<Throwable> seen = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      fetcher
          .fetchAsync(config, Map.of())
          .whenComplete(
              (batch, e) -> {
                seen.set(e);
                done.countDown();
              });

      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(seen.get())
          .isInstanceOfSatisfying(
              CouponFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    }
  }

  @Test
  void fetchAsync_closedFetcher_throwsAtOnce() {
    HttpClientCouponFetcher fetcher = HttpClientCouponFetcher.create();
    fetcher.close();
    CouponSourceConfig config = CouponSourceConfig.builder("http://127.0.0.1:9/c").build();

    assertThatThrownBy(() -> fetcher.fetchAsync(config, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
