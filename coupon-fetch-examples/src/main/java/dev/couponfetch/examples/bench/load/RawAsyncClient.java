package dev.couponfetch.examples.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.Coupon;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The async baseline: a hand-written HttpClient 5 async client (HTTP/1.1, {@code ioThreads} I/O
 * threads, a pool of {@code maxConnections} per route and in total), parsing the body on the I/O
 * thread with Jackson. Thread-safe.
 */
final class RawAsyncClient implements AutoCloseable {
  private final CloseableHttpAsyncClient client;
  private final ObjectMapper mapper = new ObjectMapper();

  RawAsyncClient(int maxConnections, String userAgent) {
    this(maxConnections, userAgent, LoadBench.IO_THREADS);
  }

  RawAsyncClient(int maxConnections, String userAgent, int ioThreads) {
    client =
        HttpAsyncClients.custom()
            .setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(maxConnections)
                    .setMaxConnPerRoute(maxConnections)
                    .setDefaultTlsConfig(
                        TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                    .build())
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(ioThreads).build())
            .setUserAgent(userAgent)
            .disableCookieManagement()
            .disableAutomaticRetries()
            .build();
    client.start();
  }

  CompletableFuture<Coupon> fetch(String url) {
    CompletableFuture<Coupon> result = new CompletableFuture<>();
    client.execute(
        SimpleRequestBuilder.get(url).build(),
        new FutureCallback<SimpleHttpResponse>() {
          @Override
          public void completed(SimpleHttpResponse response) {
            try {
              result.complete(parse(response));
            } catch (IOException | RuntimeException e) {
              result.completeExceptionally(e);
            }
          }

          @Override
          public void failed(Exception e) {
            result.completeExceptionally(e);
          }

          @Override
          public void cancelled() {
            result.cancel(false);
          }
        });
    return result;
  }

  private Coupon parse(SimpleHttpResponse response) throws IOException {
    if (response.getCode() != 200) {
      throw new IOException("HTTP " + response.getCode());
    }
    JsonNode data = mapper.readTree(response.getBodyBytes()).path("result").path(0).path("data");
    return new Coupon(data.path("coupon").asText(), Instant.parse(data.path("expires").asText()));
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }
}
