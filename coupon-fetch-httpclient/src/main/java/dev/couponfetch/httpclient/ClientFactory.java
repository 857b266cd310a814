package dev.couponfetch.httpclient;

import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.internal.RequestClock;
import dev.couponfetch.httpclient.tls.TlsClients;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds a fetcher's pooled HttpClients: the one shared by all configs, and one per set of extra
 * trusted CAs ({@code TlsClients}).
 */
final class ClientFactory {
  /**
   * Header values are written as UTF-8 bytes (as curl does) instead of HttpClient's default, which
   * sends every character outside ISO-8859-1 as {@code ?}. Response heads are read as UTF-8 too; a
   * byte that is not UTF-8 (a Latin-1 {@code é}) becomes U+FFFD rather than failing the fetch.
   */
  private static final CharCodingConfig UTF_8_HEADERS =
      CharCodingConfig.custom()
          .setCharset(StandardCharsets.UTF_8)
          .setMalformedInputAction(CodingErrorAction.REPLACE)
          .setUnmappableInputAction(CodingErrorAction.REPLACE)
          .build();

  private static final RequestConfig DEFAULTS = defaults();

  /** Pooled connections of both clients. */
  private static final ConnectionConfig CONNECTIONS =
      ConnectionConfig.custom()
          // Per-request values override these; they only bound what nothing else sets.
          .setConnectTimeout(5, TimeUnit.SECONDS)
          .setSocketTimeout(10, TimeUnit.SECONDS)
          // A merchant endpoint may close idle keep-alive connections at any time.
          .setValidateAfterInactivity(TimeValue.ofSeconds(2))
          .setTimeToLive(TimeValue.ofMinutes(5))
          .build();

  private ClientFactory() {}

  /**
   * A client; every client of a fetcher is built here, so that those for extra trusted CAs differ
   * from the shared one only in {@code tls}.
   *
   * @param dns the network guard's resolver: it judges every address before a socket is opened
   * @param tls how connections are secured; host names are always verified
   */
  static CloseableHttpClient create(
      int maxTotal, int maxPerRoute, String userAgent, DnsResolver dns, TlsSocketStrategy tls) {
    PoolingHttpClientConnectionManager pool =
        new ConnectionTimers.TimedPoolBuilder()
            .setDnsResolver(dns)
            .setTlsSocketStrategy(ConnectionTimers.timed(tls))
            .setConnectionFactory(
                ManagedHttpClientConnectionFactory.builder()
                    .charCodingConfig(UTF_8_HEADERS)
                    // HttpCore's strict parser, as the async client has: HttpClient's lenient one
                    // skips lines that are not HTTP until the connection closes, and the answer
                    // then looks like no answer at all instead of a broken one.
                    .responseParserFactory(DefaultHttpResponseParserFactory.INSTANCE)
                    .build())
            .setMaxConnTotal(maxTotal)
            .setMaxConnPerRoute(maxPerRoute)
            .setDefaultConnectionConfig(CONNECTIONS)
            .build();
    return HttpClients.custom()
        .setConnectionManager(pool)
        .setUserAgent(userAgent)
        .setDefaultRequestConfig(DEFAULTS)
        // Cookies one merchant sets must never reach another merchant sharing this client.
        .disableCookieManagement()
        // Retries (idempotency-aware, bounded) are ours to decide; HttpClient's default retries
        // 429/503 even for POST, which can mint a second coupon.
        .disableAutomaticRetries()
        // Auth state lives only in per-request (or per-Digest-key) contexts, never client-wide.
        .disableAuthCaching()
        .setDefaultCredentialsProvider(new BasicCredentialsProvider())
        // Redirects are followed by Redirects, hop by hop: HttpClient's RedirectExec rebuilds a
        // POST turned GET without the original headers, credentials included.
        .disableRedirectHandling()
        // Last, so that it sees the request as written: auth and HttpClient's own headers added.
        .addRequestInterceptorLast(WireHeaders.RECORDER)
        // Where the time went: each round's start and its answer's head.
        .addRequestInterceptorLast(RequestClock.ROUND)
        .addResponseInterceptorFirst(RequestClock.HEAD)
        .evictExpiredConnections()
        .evictIdleConnections(TimeValue.ofMinutes(1))
        .build();
  }

  /**
   * The async client: built like the blocking ones (guard, pool sizes, UTF-8 heads, no cookies,
   * retries, redirects or auth caching of HttpClient's own, the wire-header recorder last), on
   * HTTP/1.1 with {@code ioThreads} I/O threads. Not started.
   */
  static CloseableHttpAsyncClient createAsync(
      int maxTotal, int maxPerRoute, String userAgent, DnsResolver dns, int ioThreads) {
    PoolingAsyncClientConnectionManager pool =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(dns)
            .setTlsStrategy(TlsClients.standardAsync())
            .setDefaultTlsConfig(
                TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
            .setMaxConnTotal(maxTotal)
            .setMaxConnPerRoute(maxPerRoute)
            .setDefaultConnectionConfig(CONNECTIONS)
            .build();
    return HttpAsyncClients.custom()
        .setConnectionManager(pool)
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(ioThreads).build())
        .setThreadFactory(
            r -> {
              Thread t = new Thread(r, "coupon-fetch-io");
              t.setDaemon(true);
              return t;
            })
        .setCharCodingConfig(UTF_8_HEADERS)
        .setUserAgent(userAgent)
        .setDefaultRequestConfig(DEFAULTS)
        .disableCookieManagement()
        .disableAutomaticRetries()
        .disableAuthCaching()
        .setDefaultCredentialsProvider(new BasicCredentialsProvider())
        .disableRedirectHandling()
        .addRequestInterceptorLast(WireHeaders.RECORDER)
        // Where the time went: each round's start and its answer's head.
        .addRequestInterceptorLast(RequestClock.ROUND)
        .addResponseInterceptorFirst(RequestClock.HEAD)
        .evictExpiredConnections()
        .evictIdleConnections(TimeValue.ofMinutes(1))
        .build();
  }

  private static RequestConfig defaults() {
    return RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.ofSeconds(5))
        .setResponseTimeout(Timeout.ofSeconds(10))
        .setRedirectsEnabled(false)
        .setAuthenticationEnabled(false)
        .build();
  }

  /**
   * The request config of one fetch.
   *
   * @param digest whether HttpClient answers a Digest challenge; otherwise its authentication is
   *     off, so that it never adds credentials of its own (Basic is preemptive, from core)
   */
  static RequestConfig forRequest(Timeouts timeouts, boolean digest) {
    // Few distinct timeouts exist (whole milliseconds, one per config): keep their request
    // configs rather than build one per request. Those a deadline cut (to the nanosecond) are
    // built each time and not kept; so are all once a thousand are kept.
    if (wholeMillis(timeouts.connect())
        && wholeMillis(timeouts.response())
        && REQUEST_CONFIGS.size() < 1_000) {
      return REQUEST_CONFIGS.computeIfAbsent(
          new CachedKey(timeouts, digest), k -> build(k.timeouts(), k.digest()));
    }
    return build(timeouts, digest);
  }

  private static boolean wholeMillis(Duration d) {
    return d.toNanos() % 1_000_000 == 0;
  }

  private record CachedKey(Timeouts timeouts, boolean digest) {}

  private static final ConcurrentHashMap<CachedKey, RequestConfig> REQUEST_CONFIGS =
      new ConcurrentHashMap<>();

  @SuppressWarnings("deprecation") // see below
  private static RequestConfig build(Timeouts timeouts, boolean digest) {
    Timeout connect = Timeout.of(timeouts.connect());
    return RequestConfig.copy(DEFAULTS)
        // Waiting for a pooled connection counts against the connect budget.
        .setConnectionRequestTimeout(connect)
        // Deprecated in favour of ConnectionConfig, which is resolved per route, not per request:
        // two configs on one host may have different connect timeouts. HttpClient 5.6 still
        // passes RequestConfig's connect timeout to the connection manager, where it overrides
        // the ConnectionConfig one (InternalExecRuntime#connectEndpoint); it also bounds the TLS
        // handshake.
        .setConnectTimeout(connect)
        .setResponseTimeout(Timeout.of(timeouts.response()))
        .setAuthenticationEnabled(digest)
        // Never answer a Basic challenge with a Digest user's password.
        .setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.DIGEST))
        .build();
  }
}
