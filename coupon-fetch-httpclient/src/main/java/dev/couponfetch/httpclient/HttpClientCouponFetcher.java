package dev.couponfetch.httpclient;

import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.EndpointHealth;
import dev.couponfetch.ExtensionNames;
import dev.couponfetch.FetchListener;
import dev.couponfetch.Limits;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.RateBudgetStore;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.guard.NetworkGuard;
import dev.couponfetch.httpclient.oauth.TokenManager;
import dev.couponfetch.httpclient.session.SessionLogins;
import dev.couponfetch.httpclient.tls.ClientCertificateDiagnosis;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.signing.SigningAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The {@link CouponFetcher} on Apache HttpClient 5: {@link #fetch} on the classic (blocking)
 * client, {@link #fetchAsync} on the async one.
 *
 * <p>Build one per application and share it: it is thread-safe and holds one pool of connections
 * for every configuration, released by {@link #close()}.
 *
 * <pre>{@code
 * try (HttpClientCouponFetcher fetcher = HttpClientCouponFetcher.create()) {
 *   CouponSourceConfig config = CouponSourceConfig.fromJson(json);
 *   CouponBatch batch = fetcher.fetch(config, Map.of("email", "visitor@example.com"));
 *   String code = batch.first().code();
 * } catch (CouponFetchException e) {
 *   // e.reason() says what failed, e.retryable() whether trying later may help
 * }
 * }</pre>
 *
 * <p>Each fetch prepares the config's request ({@code {{variables}}} filled in), adds its
 * credentials, sends it and reads the response through a size cap ({@link
 * Builder#maxResponseBytes(long)}). A 2xx response goes to the config's mapper; any other outcome
 * is a {@link CouponFetchException} whose {@link Reason} names it ({@code UNAUTHORIZED} for 401 and
 * 403, {@code RATE_LIMITED} for 429, {@code HTTP_ERROR} for other 4xx and for a redirect that was
 * not followed, {@code SERVER_ERROR} for 5xx, {@code CONNECT_FAILED}, {@code TIMEOUT}, {@code
 * TLS_FAILED}, {@code RESPONSE_TOO_LARGE}). Every exception carries the {@link
 * dev.couponfetch.Exchange} so far, with secrets masked. Each fetch, whichever way it ends, is
 * logged in one DEBUG line (secrets masked) and reported to the {@link
 * Builder#listener(FetchListener) listeners}.
 *
 * <p>{@code BASIC} credentials are sent preemptively (HttpClient's {@code BasicScheme}); {@code
 * DIGEST} is answered by HttpClient's own Digest scheme, and the server's challenge is kept between
 * fetches of the same endpoint and user, so that N fetches cost N + 1 requests. Redirects are
 * followed up to 5 times (a POST answered 301, 302 or 303 becomes a GET, keeping its headers),
 * never to another origin while the request carries credentials, never from https to http; the
 * exchange then describes the last request. Cookies are not kept.
 *
 * <p>{@code OAUTH2}: the access token comes from the {@link Builder#tokenStore(TokenStore) token
 * store}, renewed {@link Builder#tokenRenewalMargin(Duration) shortly before it expires} (one token
 * request per token identity at a time, however many threads need it), and sent as a sensitive
 * {@code Authorization: Bearer} header, only to the config's endpoint origin: tokens are stored
 * under {@link CouponSourceConfig#tokenKey()}, which binds them to the client, token URL, scope and
 * endpoint origin they were issued for, whatever the configs' names. When the endpoint says the
 * token expired ({@code auth.tokenExpiredStatuses}, default 401, or {@code auth.tokenExpiredPath}
 * in a 2xx body) the token is renewed once and the request retried once. Token requests go through
 * this fetcher's connection pool with the config's timeouts. "Fetch tokens" for {@code
 * AUTHORIZATION_CODE} configs is {@link #authorizer()}.
 *
 * <p>{@code HMAC}: each request sent (the first and every retry) is signed as the config's {@code
 * auth.signing} says, with the time of the {@link Builder#clock(Clock) clock} and a new nonce; the
 * signature header is sensitive. A same-origin redirect is followed with the signature headers of
 * the request it answers (it is not signed again); one to another origin is not followed. {@code
 * SESSION}: a login first (one at a time per identity), its token kept in the token store and
 * attached as {@code auth.tokenPlacement()} says until the endpoint refuses it.
 *
 * <p>Time: each request ends within the config's {@code connectMs + responseMs}, however slowly its
 * body arrives, and the whole fetch (redirects, retries, token renewal) within {@link
 * Builder#fetchDeadline(Duration)}; past either it fails with {@code TIMEOUT}. A {@code GET} that
 * could not connect or was answered 429 or 503 is sent again ({@link Builder#maxRetries(int)},
 * honouring {@code Retry-After} up to {@link Builder#maxRetryWait(Duration)}); a {@code POST} only
 * when its config sets {@code retryPost}, since a retry can mint a second coupon.
 *
 * <p>Only public addresses are called unless the builder allows more ({@link
 * Builder#allowPrivateNetworks(boolean)}, {@link Builder#allowHosts(String...)}, {@link
 * Builder#allowCidrs(String...)}): a loopback, private, link-local or other special address, also
 * reached by a redirect or as an OAuth2 token URL, fails with {@link Reason#BLOCKED_ADDRESS} before
 * anything is sent. TLS host names are always verified; a config's {@code tls.trustedCertificates}
 * adds CAs for that config only, and its {@code tls.clientCertificate} (mutual TLS) is presented to
 * its endpoint (and to its token endpoint with {@code auth.clientAuth} {@code TLS_CLIENT_AUTH}) on
 * connections of its own. A handshake refused for the client certificate (none given, not trusted,
 * expired) fails with {@code TLS_FAILED} and a hint saying which.
 *
 * <p>One slow merchant never holds the others back: each endpoint origin has a bulkhead ({@link
 * Builder#maxConcurrentPerOrigin(int)} requests in flight, {@link Builder#maxQueuedPerOrigin(int)}
 * waiting; beyond, {@link Reason#ENDPOINT_BUSY}), a circuit breaker ({@link
 * Builder#circuitBreaker(int, Duration, Duration)}; open, {@link Reason#ENDPOINT_UNAVAILABLE} at
 * once) and rate limits (what the endpoint announces, {@code Retry-After} and {@code RateLimit-*},
 * and the config's {@code limits.requestsPerSecond}, shared across nodes through {@link
 * Builder#rateBudgetStore(RateBudgetStore)}; held back, or {@link Reason#RATE_LIMITED} at once).
 * {@link #health(CouponSourceConfig)} says where an origin stands; {@link #probe} (Test
 * Configuration's call) passes them all.
 *
 * <p>{@link #fetchAsync} is the same fetch on HttpClient's async client: no thread waits for the
 * network.
 *
 * <p>Every auth type is an {@link Authenticator} kept under its scheme name, and every response
 * mapper a {@link ResponseMapper.Factory} kept under its name: the built-in ones are registered
 * already, and {@link Builder#authenticator(String, Authenticator)} and {@link
 * Builder#responseMapper(String, ResponseMapper.Factory)} add a merchant's own, for configs with
 * {@code "auth": {"type": "CUSTOM", "scheme": …}} and {@code "mapping": {"mapper": …}}.
 */
public final class HttpClientCouponFetcher implements CouponFetcher {

  private final TlsClients clients;
  private final DigestAuthenticator digest;
  private final TokenManager tokens;
  private final FetchObserver observer;
  private final FetchEngine engine;
  private final TrackedWaits waits;
  private final ScheduledExecutorService timer = Deadline.newTimer();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AsyncParts async;
  private final ClientCertificateDiagnosis tlsDiagnosis;

  private HttpClientCouponFetcher(Builder b) {
    // Every client, also those for a config's extra trusted CAs, is built alike and guarded.
    int total = b.maxConnectionsTotal;
    int perRoute = b.maxConnectionsPerRoute;
    String userAgent = b.userAgent;
    DnsResolver dns = b.guard.resolver(b.dnsResolver);
    this.clients =
        TlsClients.create(
            tls -> ClientFactory.create(total, perRoute, userAgent, dns, tls),
            TlsClients.DEFAULT_MAX);
    this.tlsDiagnosis = new ClientCertificateDiagnosis(dns, b.clock);
    this.digest =
        new DigestAuthenticator(
            new DigestContexts(DigestContexts.MAX_KEYS, b.maxConnectionsPerRoute));
    this.tokens =
        TokenManager.create(
            clients, b.tokenStore, b.tokenRenewalMargin, b.clock, b.maxResponseBytes);
    this.observer = new FetchObserver(b.listeners);
    this.waits = new TrackedWaits(b.waits);
    // The built-in schemes and mapper, registered as the builder's are.
    Map<String, Authenticator> authenticators = new HashMap<>(b.authenticators);
    authenticators.put(AuthType.NONE.scheme(), Authenticator.standard(AuthType.NONE));
    authenticators.put(AuthType.BASIC.scheme(), BasicAuthenticator.INSTANCE);
    authenticators.put(AuthType.DIGEST.scheme(), digest);
    authenticators.put(
        AuthType.QUERY_STRING.scheme(), Authenticator.standard(AuthType.QUERY_STRING));
    authenticators.put(AuthType.HEADERS.scheme(), Authenticator.standard(AuthType.HEADERS));
    authenticators.put(AuthType.OAUTH2.scheme(), tokens);
    authenticators.put(
        AuthType.SESSION.scheme(), SessionLogins.create(clients, b.tokenStore, b.maxResponseBytes));
    authenticators.put(AuthType.HMAC.scheme(), new SigningAuthenticator(b.clock));
    Map<String, ResponseMapper.Factory> mappers = new HashMap<>(b.mappers);
    mappers.put(FetchEngine.STANDARD_MAPPER, CouponSourceConfig::mapper);
    this.engine =
        new FetchEngine(
            authenticators,
            mappers,
            Retries.standard(b.maxRetries, b.maxRetryWait, b.clock),
            b.maxResponseBytes,
            b.fetchDeadline,
            new Aborts(timer),
            new OriginPolicies(
                b.maxConcurrentPerOrigin == null
                    ? b.maxConnectionsPerRoute
                    : b.maxConcurrentPerOrigin,
                b.maxQueuedPerOrigin,
                b.circuitMinimumCalls,
                b.circuitWindow,
                b.circuitPause,
                b.clock,
                b.rateBudgetStore));
    this.async =
        new AsyncParts(
            () -> ClientFactory.createAsync(total, perRoute, userAgent, dns, b.ioThreads),
            b.ioThreads);
  }

  /** A fetcher with the defaults (1 MiB responses, 200 connections, 20 per host). */
  public static HttpClientCouponFetcher create() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the fetcher is closed
   */
  @Override
  public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
    return fetch(config, variables, false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The call is made on the calling thread as {@link #fetch} makes it, past the origin's circuit
   * breaker, bulkhead and rate limits; what its answer says of rate limits ({@code Retry-After},
   * {@code RateLimit-*}) is kept for the next fetches.
   *
   * @throws IllegalStateException when the fetcher is closed
   */
  @Override
  public CouponBatch probe(CouponSourceConfig config, Map<String, String> variables) {
    return fetch(config, variables, true);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<EndpointHealth> health(CouponSourceConfig config) {
    Objects.requireNonNull(config, "config == null");
    return engine.policies().health(config);
  }

  private CouponBatch fetch(
      CouponSourceConfig config, Map<String, String> variables, boolean probe) {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(variables, "variables == null");
    if (closed.get()) {
      throw new IllegalStateException("fetcher is closed");
    }
    // Listeners hear of every fetch that started, whichever way it ends.
    FetchObserver.Fetch observed = observer.start(config);
    try {
      return observed.succeeded(fetchBlocking(config, variables, observed, probe));
    } catch (CouponFetchException e) {
      // A failed handshake explained by the client certificate (mutual TLS), or e itself.
      CouponFetchException explained = tlsDiagnosis.explain(e, config);
      observed.failed(explained);
      throw explained;
    } catch (RuntimeException | Error e) {
      observed.failed(e);
      throw e;
    }
  }

  private CouponBatch fetchBlocking(
      CouponSourceConfig config,
      Map<String, String> variables,
      FetchObserver.Fetch observed,
      boolean probe) {
    // The config's client (its own pool when it trusts extra CAs), held for the whole fetch.
    try (TlsClients.Lease tls = clients.lease(config)) {
      FetchRun run = new FetchRun(engine, config, variables, observed, TokenManager.DIRECT, probe);
      return BlockingDriver.drive(run, tls, waits);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sent on HttpClient's async client (started on the first call): no thread waits for a
   * response, so thousands of fetches can be in flight on a few threads ({@link
   * Builder#ioThreads(int)} I/O threads, as many that map responses and complete the futures, and
   * the timer). The future completes on one of those threads: chain blocking work with an executor
   * of your own ({@code thenApplyAsync(f, executor)}). Behaviour and failures are those of {@link
   * #fetch}: the same engine decides the same requests, redirects, retries (waited for on the
   * timer), deadline, limits, network guard and renewal (a token request runs on a small pool of
   * its own). A config with {@code tls.trustedCertificates} is fetched by {@link #fetch} on that
   * pool; so is one with a {@code tls.clientCertificate}.
   *
   * @throws IllegalStateException when the fetcher is closed
   */
  @Override
  public CompletableFuture<CouponBatch> fetchAsync(
      CouponSourceConfig config, Map<String, String> variables) {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(variables, "variables == null");
    if (closed.get()) {
      throw new IllegalStateException("fetcher is closed");
    }
    FetchObserver.Fetch observed = observer.start(config);
    CompletableFuture<CouponBatch> started;
    try {
      started = startAsync(config, variables, observed);
    } catch (RuntimeException | Error e) {
      started = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<CouponBatch> result = new CompletableFuture<>();
    started = started.exceptionallyCompose(e -> explainTls(e, config));
    started.whenComplete(
        (batch, e) -> {
          Throwable failure = FetchRun.unwrap(e);
          if (failure == null) {
            result.complete(observed.succeeded(batch));
          } else {
            observed.failed(failure);
            result.completeExceptionally(failure);
          }
        });
    return result;
  }

  /** As {@link #fetch} does: a TLS failure explained, on the blocking pool (it may probe). */
  private CompletableFuture<CouponBatch> explainTls(Throwable e, CouponSourceConfig config) {
    Throwable failure = FetchRun.unwrap(e);
    if (failure instanceof CouponFetchException
        && tlsDiagnosis.applies((CouponFetchException) failure, config)) {
      CouponFetchException f = (CouponFetchException) failure;
      return async.onBlockingPool(
          () -> {
            throw tlsDiagnosis.explain(f, config);
          });
    }
    return CompletableFuture.failedFuture(failure);
  }

  private CompletableFuture<CouponBatch> startAsync(
      CouponSourceConfig config, Map<String, String> variables, FetchObserver.Fetch observed) {
    if (config.trustedCertificatesPem() != null || config.clientCertificate() != null) {
      // Its own blocking client (TlsClients): fetched on a pool thread instead.
      return async.onBlockingPool(() -> fetchBlocking(config, variables, observed, false));
    }
    AsyncParts.Started parts = async.get();
    FetchRun run = new FetchRun(engine, config, variables, observed, parts.blocking(), false);
    return AsyncDriver.drive(run, parts.client(), parts.executor(), timer, waits);
  }

  /**
   * The "fetch tokens" calls for {@code AUTHORIZATION_CODE} configs: they store the tokens in this
   * fetcher's {@link Builder#tokenStore(TokenStore) token store} and send the code exchange through
   * its connection pool. Thread-safe.
   */
  public OAuth2Authorizer authorizer() {
    return tokens.authorizer();
  }

  /** How many clients for extra trusted CAs are cached, for tests. */
  int tlsClientsCached() {
    return clients.cached();
  }

  /** How many Digest contexts were created, for tests of the challenge reuse. */
  long digestContextsCreated() {
    return digest.created();
  }

  /** Closes the pooled connections; idempotent. Fetching afterwards is an error. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      timer.shutdownNow();
      clients.close();
      async.close();
      // An async fetch waiting on the timer (a retry's wait, a rate limit) goes on now and fails
      // (the fetcher is closed), so that its future completes instead of never.
      waits.endAll();
    }
  }

  /** Builds an {@link HttpClientCouponFetcher}. Not thread-safe. */
  public static final class Builder {
    /** The built-in types' schemes and the built-in mapper: registered by the fetcher itself. */
    private static final Set<String> BUILT_IN =
        Stream.concat(
                Arrays.stream(AuthType.values()).map(AuthType::scheme).filter(Objects::nonNull),
                Stream.of(FetchEngine.STANDARD_MAPPER))
            .collect(Collectors.toUnmodifiableSet());

    private static final long MAX_CAP = Integer.MAX_VALUE - 8;

    private long maxResponseBytes = 1024 * 1024;
    private int maxConnectionsTotal = 200;
    private int maxConnectionsPerRoute = 20;
    private final NetworkGuard.Builder guardBuilder = NetworkGuard.builder();
    private NetworkGuard guard;
    private DnsResolver dnsResolver = SystemDefaultDnsResolver.INSTANCE;
    private String userAgent = "coupon-fetch/" + Version.get();
    private TokenStore tokenStore;
    private Duration tokenRenewalMargin = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private int maxRetries = Retries.DEFAULT_MAX_RETRIES;
    private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
    private Duration maxRetryWait = Retries.DEFAULT_MAX_WAIT;
    private Duration fetchDeadline;
    private Waits waits = Waits.REAL;
    private Integer maxConcurrentPerOrigin;
    private int maxQueuedPerOrigin = OriginPolicies.DEFAULT_MAX_QUEUED;
    private int circuitMinimumCalls = OriginPolicies.DEFAULT_MINIMUM_CALLS;
    private Duration circuitWindow = OriginPolicies.DEFAULT_WINDOW;
    private Duration circuitPause = OriginPolicies.DEFAULT_PAUSE;
    private RateBudgetStore rateBudgetStore;
    private final List<FetchListener> listeners = new ArrayList<>();
    private final Map<String, Authenticator> authenticators = new HashMap<>();
    private final Map<String, ResponseMapper.Factory> mappers = new HashMap<>();

    private Builder() {}

    /**
     * Adds a listener told of every fetch once it ends (see {@link FetchListener}: called on the
     * fetching thread, so it must be quick); repeatable, listeners are called in the order added.
     */
    public Builder listener(FetchListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Where {@code OAUTH2} tokens are kept, keyed by {@link CouponSourceConfig#tokenKey()}
     * (default: a new in-memory store). Fetchers on several nodes sharing one store renew together:
     * each rotated refresh token is used once.
     */
    public Builder tokenStore(TokenStore tokenStore) {
      this.tokenStore = Objects.requireNonNull(tokenStore, "tokenStore == null");
      return this;
    }

    /**
     * How long before its expiry an access token is renewed (default 60 s), so that a token does
     * not expire between leaving and reaching the endpoint. A token living shorter than the margin
     * is renewed on every fetch.
     */
    public Builder tokenRenewalMargin(Duration margin) {
      Objects.requireNonNull(margin, "margin == null");
      if (margin.isNegative()) {
        throw new IllegalArgumentException("tokenRenewalMargin is negative: " + margin);
      }
      this.tokenRenewalMargin = margin;
      return this;
    }

    /**
     * The clock that token expiry is judged by and {@code HMAC} timestamps are taken from (default
     * the system's UTC clock); for tests.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * The largest response body read, counted after decompression (default 1 MiB); a larger one
     * fails with {@link Reason#RESPONSE_TOO_LARGE}.
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1 || maxResponseBytes > MAX_CAP) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be between 1 and " + MAX_CAP + ": " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /** The most connections open at once, over all hosts (default 200). */
    public Builder maxConnectionsTotal(int maxConnectionsTotal) {
      if (maxConnectionsTotal < 1) {
        throw new IllegalArgumentException("maxConnectionsTotal < 1: " + maxConnectionsTotal);
      }
      this.maxConnectionsTotal = maxConnectionsTotal;
      return this;
    }

    /** The most connections open at once to one host (default 20). */
    public Builder maxConnectionsPerRoute(int maxConnectionsPerRoute) {
      if (maxConnectionsPerRoute < 1) {
        throw new IllegalArgumentException("maxConnectionsPerRoute < 1: " + maxConnectionsPerRoute);
      }
      this.maxConnectionsPerRoute = maxConnectionsPerRoute;
      return this;
    }

    /**
     * For {@link HttpClientCouponFetcher#fetchAsync}: the async client's I/O threads, and as many
     * threads that map responses and complete futures (default the processors, at most 4).
     */
    public Builder ioThreads(int ioThreads) {
      if (ioThreads < 1 || ioThreads > 64) {
        throw new IllegalArgumentException("ioThreads must be between 1 and 64: " + ioThreads);
      }
      this.ioThreads = ioThreads;
      return this;
    }

    /**
     * How many times a request is sent again (default 2, at most 10): a {@code GET}, or a {@code
     * POST} whose config sets {@code retryPost}, that could not connect or was answered 429 or 503.
     * 0 turns retries off.
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The longest {@code Retry-After} a fetch waits for before sending again (default 10 s); a
     * longer one fails the fetch at once ({@link Reason#RATE_LIMITED} or {@link
     * Reason#SERVER_ERROR}, retryable), its message saying when to come back.
     */
    public Builder maxRetryWait(Duration maxRetryWait) {
      Objects.requireNonNull(maxRetryWait, "maxRetryWait == null");
      if (maxRetryWait.isNegative()) {
        throw new IllegalArgumentException("maxRetryWait is negative: " + maxRetryWait);
      }
      this.maxRetryWait = maxRetryWait;
      return this;
    }

    /**
     * The most time one fetch may take, with its redirects, retries, waits and token renewal
     * (default: twice the config's {@code connectMs + responseMs}); past it the fetch fails with
     * {@link Reason#TIMEOUT}. Each request also ends within {@code connectMs + responseMs}, however
     * slowly its body trickles in.
     */
    public Builder fetchDeadline(Duration fetchDeadline) {
      Objects.requireNonNull(fetchDeadline, "fetchDeadline == null");
      if (fetchDeadline.isNegative() || fetchDeadline.isZero()) {
        throw new IllegalArgumentException("fetchDeadline is not positive: " + fetchDeadline);
      }
      this.fetchDeadline = fetchDeadline;
      return this;
    }

    /**
     * The most requests in flight at once to one endpoint origin (scheme, host and port) for
     * configs that do not set {@code limits.maxConcurrent} (default: {@link
     * #maxConnectionsPerRoute(int)}, 20): the origin's bulkhead, so that one slow merchant cannot
     * hold the connections and threads every other merchant needs. Fetches beyond it wait (see
     * {@link #maxQueuedPerOrigin(int)}).
     */
    public Builder maxConcurrentPerOrigin(int maxConcurrentPerOrigin) {
      if (maxConcurrentPerOrigin < 1 || maxConcurrentPerOrigin > Limits.MAX_CONCURRENT) {
        throw new IllegalArgumentException(
            "maxConcurrentPerOrigin must be between 1 and "
                + Limits.MAX_CONCURRENT
                + ": "
                + maxConcurrentPerOrigin);
      }
      this.maxConcurrentPerOrigin = maxConcurrentPerOrigin;
      return this;
    }

    /**
     * How many fetches may wait for a request to one endpoint origin to end, for configs that do
     * not set {@code limits.maxQueued} (default 1,000); one more fails at once with {@link
     * Reason#ENDPOINT_BUSY}. A waiting fetch never waits past its deadline.
     */
    public Builder maxQueuedPerOrigin(int maxQueuedPerOrigin) {
      if (maxQueuedPerOrigin < 0 || maxQueuedPerOrigin > Limits.MAX_QUEUED) {
        throw new IllegalArgumentException(
            "maxQueuedPerOrigin must be between 0 and "
                + Limits.MAX_QUEUED
                + ": "
                + maxQueuedPerOrigin);
      }
      this.maxQueuedPerOrigin = maxQueuedPerOrigin;
      return this;
    }

    /**
     * The circuit breaker of each endpoint origin (defaults 5 calls, 60 s, 30 s): when, over the
     * last {@code window}, at least {@code minimumCalls} calls were made and at least half of them
     * failed (no connection, a timeout, a 5xx answer), calls to the origin fail at once with {@link
     * Reason#ENDPOINT_UNAVAILABLE} for {@code pause}; then one probe call goes through, and its
     * outcome closes the circuit or opens it again. {@code minimumCalls} 0 turns circuit breaking
     * off.
     *
     * @param minimumCalls 0 (off) to 1,000
     * @param window 1 s to 1 hour, in whole seconds
     * @param pause 1 ms to 1 hour
     */
    public Builder circuitBreaker(int minimumCalls, Duration window, Duration pause) {
      Objects.requireNonNull(window, "window == null");
      Objects.requireNonNull(pause, "pause == null");
      if (minimumCalls < 0 || minimumCalls > 1_000) {
        throw new IllegalArgumentException(
            "minimumCalls must be between 0 and 1000: " + minimumCalls);
      }
      if (window.toSeconds() < 1 || window.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("window must be between 1 s and 1 hour: " + window);
      }
      if (pause.toMillis() < 1 || pause.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("pause must be between 1 ms and 1 hour: " + pause);
      }
      this.circuitMinimumCalls = minimumCalls;
      this.circuitWindow = Duration.ofSeconds(window.toSeconds());
      this.circuitPause = pause;
      return this;
    }

    /**
     * Where configs' request budgets ({@code limits.requestsPerSecond}) are counted, shared by
     * every node using the same store (default: none; each fetcher counts its own), so that a
     * cluster does not exceed a merchant's limit. Counting costs the store one round trip per
     * request of a config with a budget.
     */
    public Builder rateBudgetStore(RateBudgetStore rateBudgetStore) {
      this.rateBudgetStore = Objects.requireNonNull(rateBudgetStore, "rateBudgetStore == null");
      return this;
    }

    /** How retries wait (default: really, interruptibly, or on the timer); for tests. */
    Builder waits(Waits waits) {
      this.waits = Objects.requireNonNull(waits, "waits == null");
      return this;
    }

    /**
     * Registers {@code authenticator} for configs whose {@code auth} is {@code {"type": "CUSTOM",
     * "scheme": scheme, …}}; it is then called exactly as the built-in ones are (see {@link
     * Authenticator}). The built-in types ({@code none}, {@code basic}, {@code digest}, {@code
     * query_string}, {@code headers}, {@code oauth2}) are registered already, under those names. A
     * config naming a scheme that no fetcher registered fails with {@link Reason#INVALID_CONFIG}.
     *
     * @param scheme 1 to 64 characters: lower-case letters, digits, {@code .}, {@code _}, {@code -}
     * @throws IllegalArgumentException for another name, a built-in one or one registered already
     */
    public Builder authenticator(String scheme, Authenticator authenticator) {
      register(scheme, "auth.scheme", authenticators);
      authenticators.put(scheme, Objects.requireNonNull(authenticator, "authenticator == null"));
      return this;
    }

    /**
     * Registers a response mapper for configs whose {@code mapping.mapper} is {@code name}: the
     * factory makes the mapper of each such config (see {@link ResponseMapper.Factory}). The
     * built-in one, which follows the config's {@code mapping}, is {@code standard}.
     *
     * @param name 1 to 64 characters: lower-case letters, digits, {@code .}, {@code _}, {@code -}
     * @throws IllegalArgumentException for another name, the built-in one or one registered already
     */
    public Builder responseMapper(String name, ResponseMapper.Factory factory) {
      register(name, "mapping.mapper", mappers);
      mappers.put(name, Objects.requireNonNull(factory, "factory == null"));
      return this;
    }

    private static void register(String name, String field, Map<String, ?> registered) {
      Objects.requireNonNull(name, "name == null");
      String problem = ExtensionNames.check(name);
      if (problem != null) {
        throw new IllegalArgumentException(field + " name: " + problem);
      }
      if (BUILT_IN.contains(name) || registered.containsKey(name)) {
        throw new IllegalArgumentException("'" + name + "' is registered already");
      }
    }

    /**
     * Whether endpoints on loopback, private, link-local and other non-public networks may be
     * called (default false): {@code true} turns the network guard off, for local development and
     * tests. Otherwise a connection to such an address, also after a redirect or for an OAuth2
     * token URL, fails with {@link Reason#BLOCKED_ADDRESS} before anything is sent; see {@link
     * NetworkGuard} for what is refused.
     */
    public Builder allowPrivateNetworks(boolean allowPrivateNetworks) {
      guardBuilder.allowPrivateNetworks(allowPrivateNetworks);
      return this;
    }

    /**
     * Hosts that may be called whatever they resolve to: exact names, case-insensitive ({@code
     * coupons.internal.example}; an IPv6 literal without brackets); subdomains are not included.
     * Adds to the hosts given before.
     *
     * @throws IllegalArgumentException for a blank host
     */
    public Builder allowHosts(String... hosts) {
      guardBuilder.allowHosts(hosts);
      return this;
    }

    /**
     * Address blocks that may be called, in CIDR notation ({@code 10.20.0.0/16}, {@code
     * fd00:1234::/32}; a bare address is a block of one). Adds to the blocks given before.
     *
     * @throws IllegalArgumentException naming a block that is not valid CIDR notation
     */
    public Builder allowCidrs(String... cidrs) {
      guardBuilder.allowCidrs(cidrs);
      return this;
    }

    /** Where host names are looked up before the guard judges them (default: the JDK's); tests. */
    Builder dnsResolver(DnsResolver dnsResolver) {
      this.dnsResolver = Objects.requireNonNull(dnsResolver, "dnsResolver == null");
      return this;
    }

    /**
     * The {@code User-Agent} header (default {@code coupon-fetch/<version>}); a config's own {@code
     * User-Agent} header takes precedence.
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent == null");
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent is blank");
      }
      this.userAgent = userAgent;
      return this;
    }

    /** The fetcher, holding a new connection pool. */
    public HttpClientCouponFetcher build() {
      if (tokenStore == null) {
        tokenStore = TokenStores.inMemory();
      }
      guard = guardBuilder.build();
      return new HttpClientCouponFetcher(this);
    }
  }
}
