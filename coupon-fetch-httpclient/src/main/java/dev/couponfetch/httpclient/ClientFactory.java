package dev.couponfetch.httpclient;

import dev.couponfetch.Timeouts;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/** Builds the one pooled HttpClient that a fetcher shares between all configs. */
final class ClientFactory {
  /** Redirects followed per fetch; HttpClient's default of 50 is far more than an API needs. */
  static final int MAX_REDIRECTS = 5;

  private static final RequestConfig DEFAULTS = defaults();

  private ClientFactory() {}

  static CloseableHttpClient create(int maxTotal, int maxPerRoute, String userAgent) {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxTotal)
            .setMaxConnPerRoute(maxPerRoute)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    // Per-request values override these; they only bound what nothing else sets.
                    .setConnectTimeout(5, TimeUnit.SECONDS)
                    .setSocketTimeout(10, TimeUnit.SECONDS)
                    // A merchant endpoint may close idle keep-alive connections at any time.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
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
        // Refuses cross-origin redirects of requests carrying Authorization or sensitive headers.
        .setRedirectStrategy(DefaultRedirectStrategy.INSTANCE)
        .evictExpiredConnections()
        .evictIdleConnections(TimeValue.ofMinutes(1))
        .build();
  }

  private static RequestConfig defaults() {
    return RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.ofSeconds(5))
        .setResponseTimeout(Timeout.ofSeconds(10))
        .setRedirectsEnabled(true)
        .setMaxRedirects(MAX_REDIRECTS)
        .setCircularRedirectsAllowed(false)
        .setAuthenticationEnabled(false)
        .build();
  }

  /**
   * The request config of one fetch.
   *
   * @param digest whether HttpClient answers a Digest challenge; otherwise its authentication is
   *     off, so that it never adds credentials of its own (Basic is preemptive, from core)
   */
  @SuppressWarnings("deprecation") // see below
  static RequestConfig forRequest(Timeouts timeouts, boolean digest) {
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
