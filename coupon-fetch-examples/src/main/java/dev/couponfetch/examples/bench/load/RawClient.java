package dev.couponfetch.examples.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.Coupon;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * The baseline: what a competent engineer writes by hand with HttpClient 5 classic for one known
 * endpoint. A pooled client of the same size as coupon-fetch's, the same request line and headers
 * (the same {@code User-Agent}; Basic sent preemptively; Digest answered by HttpClient's own
 * DigestScheme with one reused context per thread, so the challenge is cached; the key in the
 * query), and the response parsed with one shared Jackson mapper, walked to the code and the
 * expiry. It skips what a hand-written client for one endpoint would: templating, redaction, the
 * exchange record, a size cap. Thread-safe; each {@link Caller} is for one thread.
 */
final class RawClient implements AutoCloseable {
  private final CloseableHttpClient client;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Deque<HttpClientContext> digestContexts = new ConcurrentLinkedDeque<>();

  RawClient(int maxConnections, String userAgent) {
    client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(maxConnections)
                    .setMaxConnPerRoute(maxConnections)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(5, TimeUnit.SECONDS)
                            .setSocketTimeout(10, TimeUnit.SECONDS)
                            .build())
                    .build())
            .setUserAgent(userAgent)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.ofSeconds(5))
                    .setResponseTimeout(Timeout.ofSeconds(10))
                    .build())
            .disableCookieManagement()
            .disableAutomaticRetries()
            .build();
  }

  /** A caller for one thread: the Digest case holds that thread's context (and challenge). */
  Caller caller(AuthCase auth, BenchServer server) {
    URI uri = URI.create(auth.rawUrl(server));
    Header basic =
        auth == AuthCase.BASIC
            ? new BasicHeader(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (BenchServer.USER + ":" + BenchServer.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)),
                true)
            : null;
    if (auth != AuthCase.DIGEST) {
      return () -> {
        HttpGet get = new HttpGet(uri);
        if (basic != null) {
          get.addHeader(basic);
        }
        return client.execute(get, null, this::parse);
      };
    }
    // Digest: this thread's context holds the challenge; it outlives the thread (the benchmark
    // starts new threads each round) as coupon-fetch's contexts outlive a fetch.
    HttpClientContext polled = digestContexts.poll();
    HttpClientContext context = polled != null ? polled : digestContext(uri);
    return new Caller() {
      @Override
      public Coupon call() throws IOException {
        return client.execute(new HttpGet(uri), context, RawClient.this::parse);
      }

      @Override
      public void release() {
        digestContexts.push(context);
      }
    };
  }

  /**
   * A Digest caller that starts every call with a new context, so that every call is challenged
   * (401, then 200): what a client that does not keep the challenge pays.
   */
  Caller digestWithoutCache(String url) {
    URI uri = URI.create(url);
    return () -> client.execute(new HttpGet(uri), digestContext(uri), this::parse);
  }

  private static HttpClientContext digestContext(URI uri) {
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    credentials.setCredentials(
        new AuthScope(HttpHost.create(uri), null, StandardAuthScheme.DIGEST),
        new UsernamePasswordCredentials(BenchServer.USER, BenchServer.PASSWORD.toCharArray()));
    HttpClientContext context = HttpClientContext.create();
    context.setCredentialsProvider(credentials);
    return context;
  }

  private Coupon parse(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    if (response.getCode() != 200) {
      EntityUtils.consume(entity);
      throw new IOException("HTTP " + response.getCode());
    }
    JsonNode root;
    try (InputStream in = entity.getContent()) {
      root = mapper.readTree(in);
    }
    JsonNode data = root.path("result").path(0).path("data");
    JsonNode code = data.path("coupon");
    if (!code.isTextual() || code.asText().isBlank()) {
      throw new IOException("no coupon in " + root);
    }
    JsonNode expires = data.path("expires");
    return new Coupon(
        code.asText().trim(), expires.isTextual() ? Instant.parse(expires.asText()) : null);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
