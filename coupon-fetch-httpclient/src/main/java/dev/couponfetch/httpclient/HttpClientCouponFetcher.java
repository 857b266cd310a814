package dev.couponfetch.httpclient;

import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import dev.couponfetch.TokenStore;
import dev.couponfetch.TokenStores;
import dev.couponfetch.httpclient.oauth.TokenManager;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CouponFetcher} on Apache HttpClient 5 (classic, blocking I/O).
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
 * TLS_FAILED}, {@code RESPONSE_TOO_LARGE}). Every exception carries the {@link Exchange} so far,
 * with secrets masked.
 *
 * <p>{@code BASIC} credentials are sent preemptively by the core authenticator; {@code DIGEST} is
 * answered by HttpClient's own Digest scheme, and the server's challenge is kept between fetches of
 * the same endpoint and user, so that N fetches cost N + 1 requests. Redirects are followed up to 5
 * times (a POST answered 301, 302 or 303 becomes a GET, keeping its headers), never to another
 * origin while the request carries credentials, never from https to http; the exchange then
 * describes the last request. Cookies are not kept.
 *
 * <p>{@code OAUTH2}: the access token comes from the {@link Builder#tokenStore(TokenStore) token
 * store}, renewed {@link Builder#tokenRenewalMargin(Duration) shortly before it expires} (one token
 * request per config name at a time, however many threads need it), and sent as a sensitive {@code
 * Authorization: Bearer} header. When the endpoint says the token expired ({@code
 * auth.tokenExpiredStatuses}, default 401, or {@code auth.tokenExpiredPath} in a 2xx body) the
 * token is renewed once and the request retried once. Token requests go through this fetcher's
 * connection pool with the config's timeouts. "Fetch tokens" for {@code AUTHORIZATION_CODE} configs
 * is {@link #authorizer()}.
 *
 * <p>Not done yet: the network guard (see {@link Builder#allowPrivateNetworks(boolean)}), retries
 * (a failed request is not repeated), an overall deadline per fetch (the response timeout bounds
 * each read, not the whole body) and an asynchronous form.
 */
public final class HttpClientCouponFetcher implements CouponFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClientCouponFetcher.class);

  private final long maxResponseBytes;
  private final boolean allowPrivateNetworks;
  private final CloseableHttpClient client;
  private final DigestContexts digestContexts;
  private final TokenManager tokens;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpClientCouponFetcher(Builder b) {
    this.maxResponseBytes = b.maxResponseBytes;
    this.allowPrivateNetworks = b.allowPrivateNetworks;
    this.client =
        ClientFactory.create(b.maxConnectionsTotal, b.maxConnectionsPerRoute, b.userAgent);
    this.digestContexts = new DigestContexts(DigestContexts.MAX_KEYS, b.maxConnectionsPerRoute);
    this.tokens =
        TokenManager.create(
            client, b.tokenStore, b.tokenRenewalMargin, b.clock, b.maxResponseBytes);
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
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(variables, "variables == null");
    if (closed.get()) {
      throw new IllegalStateException("fetcher is closed");
    }
    AuthType authType = config.auth().type();
    PreparedRequest prepared = config.prepare(variables);
    PreparedRequest req =
        Authenticator.standard(authType).authenticate(prepared, config, variables);
    try {
      CouponBatch batch =
          authType == AuthType.OAUTH2
              ? BearerFetch.fetch(tokens, config, req, r -> send(config, r))
              : send(config, req);
      Exchange.SentRequest last = batch.exchange().request();
      LOG.debug(
          "{} {} -> {} in {} ms{}",
          req.method().httpMethod(),
          req.displayUri(),
          batch.status(),
          batch.elapsed().toMillis(),
          via(req, last));
      return batch;
    } catch (CouponFetchException e) {
      String lastHop = e.exchange().map(x -> via(req, x.request())).orElse("");
      LOG.debug(
          "{} {} failed{}: {} {}",
          req.method().httpMethod(),
          req.displayUri(),
          lastHop,
          e.reason(),
          e.getMessage());
      throw e;
    }
  }

  /** Where the fetch ended when redirects were followed, for the log. */
  private static String via(PreparedRequest first, Exchange.SentRequest last) {
    return last.uri().equals(first.displayUri())
            && last.method().equals(first.method().httpMethod())
        ? ""
        : " (redirected to " + last.method() + " " + last.uri() + ")";
  }

  /** Sends {@code first} and whatever redirects it leads to; maps the final response. */
  private CouponBatch send(CouponSourceConfig config, PreparedRequest first) {
    boolean digest = config.auth().type() == AuthType.DIGEST;
    Redactor redactor = Redactor.of(first, config.auth());
    Redirects redirects = new Redirects(first, digest);
    DigestContexts.Key key = digest ? DigestContexts.Key.of(first.uri(), config.auth()) : null;
    // Digest: one borrowed context for every hop, which are all on the challenge's origin.
    HttpClientContext context = digest ? digestContexts.borrow(key) : HttpClientContext.create();
    boolean keepContext = false;
    PreparedRequest req = first;
    Exchange.SentRequest sent = null;
    Exchange.ReceivedResponse partial = null;
    long start = System.nanoTime();
    try {
      while (true) {
        HttpUriRequestBase request = HttpRequests.convert(req, config.timeouts(), digest);
        WireHeaders.clear(context);
        sent = null;
        partial = null;
        try (ClassicHttpResponse response = client.executeOpen(null, request, context)) {
          sent = WireHeaders.sentRequest(req, context, redactor);
          int status = response.getCode();
          // A context whose challenge failed may hold a FAILURE auth state that would keep later
          // fetches from authenticating: only keep contexts that got past authentication.
          keepContext = status != 401;
          partial = ResponseReader.headersOnly(response, redactor);
          Redirects.Decision decision = redirects.decide(req, response);
          if (decision.next() != null) {
            ResponseReader.discard(response, request);
            req = decision.next();
            continue;
          }
          ResponseReader.Body body =
              ResponseReader.read(response, maxResponseBytes, request, redactor, sent);
          Exchange exchange = new Exchange(sent, body.received());
          if (decision.refusal() != null) {
            throw Failures.redirectRefused(
                first.displayUri(), decision.refusal(), status, exchange);
          }
          if (status < 200 || status >= 300) {
            throw Failures.forStatus(status, sent.uri(), body, exchange, redactor);
          }
          if (config.auth().type() == AuthType.OAUTH2
              && tokens.bodySaysExpired(config, body.bytes(), body.charset())) {
            throw Failures.tokenExpiredInBody(config, status, sent.uri(), exchange);
          }
          MappedResponse mapped = map(config, body, status, exchange, redactor);
          Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
          return new CouponBatch(mapped.coupons(), status, elapsed, mapped.warnings(), exchange);
        }
      }
    } catch (IOException e) {
      if (sent == null) {
        sent = WireHeaders.sentRequest(req, context, redactor);
      }
      throw Failures.forIo(e, req, config.timeouts(), sent, partial, redactor);
    } finally {
      if (digest) {
        digestContexts.giveBack(key, context, keepContext);
      }
    }
  }

  private static MappedResponse map(
      CouponSourceConfig config,
      ResponseReader.Body body,
      int status,
      Exchange exchange,
      Redactor redactor) {
    try {
      return config.mapper().map(body.bytes(), body.charset());
    } catch (CouponFetchException e) {
      // The mapper quotes the body, which may echo what was sent; it cannot know the secrets.
      CouponFetchException.Builder b =
          CouponFetchException.builder(e.reason(), redactor.redact(e.getMessage()))
              .status(status)
              .retryable(e.retryable())
              .problems(e.problems().stream().map(redactor::redact).toList())
              .exchange(exchange);
      if (e.getCause() != null && !redactor.reveals(e.getCause())) {
        b.cause(e.getCause());
      }
      throw b.build();
    }
  }

  /**
   * The "fetch tokens" calls for {@code AUTHORIZATION_CODE} configs: they store the tokens in this
   * fetcher's {@link Builder#tokenStore(TokenStore) token store} and send the code exchange through
   * its connection pool. Thread-safe.
   */
  public OAuth2Authorizer authorizer() {
    return tokens.authorizer();
  }

  /** Whether private networks were allowed; not enforced yet. */
  boolean allowsPrivateNetworks() {
    return allowPrivateNetworks;
  }

  /** How many Digest contexts were created, for tests of the challenge reuse. */
  long digestContextsCreated() {
    return digestContexts.created();
  }

  /** Closes the pooled connections; idempotent. Fetching afterwards is an error. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close(CloseMode.GRACEFUL);
    }
  }

  /** Builds an {@link HttpClientCouponFetcher}. Not thread-safe. */
  public static final class Builder {
    private static final long MAX_CAP = Integer.MAX_VALUE - 8;

    private long maxResponseBytes = 1024 * 1024;
    private int maxConnectionsTotal = 200;
    private int maxConnectionsPerRoute = 20;
    private boolean allowPrivateNetworks;
    private String userAgent = "coupon-fetch/" + Version.get();
    private TokenStore tokenStore;
    private Duration tokenRenewalMargin = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Where {@code OAUTH2} tokens are kept, keyed by config name (default: a new in-memory store).
     * Fetchers on several nodes sharing one store renew together: each rotated refresh token is
     * used once.
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

    /** The clock that token expiry is judged by (default the system's UTC clock); for tests. */
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
     * Whether endpoints on loopback, private and link-local networks may be called (default false).
     *
     * <p><b>Not enforced yet:</b> this version stores the setting but connects to any address; the
     * network guard that refuses private addresses with {@link Reason#BLOCKED_ADDRESS} comes in a
     * later version. Set it to {@code true} now where private addresses are intended (local
     * development, tests) so that those callers keep working when the guard arrives.
     */
    public Builder allowPrivateNetworks(boolean allowPrivateNetworks) {
      this.allowPrivateNetworks = allowPrivateNetworks;
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
      return new HttpClientCouponFetcher(this);
    }
  }
}
