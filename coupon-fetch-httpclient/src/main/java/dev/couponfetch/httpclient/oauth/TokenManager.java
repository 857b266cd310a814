package dev.couponfetch.httpclient.oauth;

import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.Timings;
import dev.couponfetch.TokenStore;
import dev.couponfetch.httpclient.internal.TokenSession;
import dev.couponfetch.httpclient.tls.TlsClients;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The OAuth2 access tokens of a fetcher: read from the {@link TokenStore}, renewed a margin before
 * they expire and once when the coupon endpoint refuses them, one renewal per token identity at a
 * time. Tokens are kept under {@link CouponSourceConfig#tokenKey()}, a hash of the identity they
 * were issued to and the origin they are sent to, never under the config's free-text name.
 *
 * <p>This is the transport's machinery behind {@code HttpClientCouponFetcher}; applications
 * configure it through the fetcher's builder ({@code tokenStore}, {@code tokenRenewalMargin},
 * {@code clock}) and reach the authorization through {@code fetcher.authorizer()}.
 *
 * <p>A token's life: <b>fresh</b> (used from the store), <b>stale</b> (within the margin of its
 * expiry, or refused by the endpoint: renewed) and <b>dead</b> (no refresh token, or the server
 * says {@code invalid_grant}: {@link Reason#OAUTH_NOT_AUTHORIZED} until "fetch tokens" is run
 * again; {@code CLIENT_CREDENTIALS} just asks for a new token). Concurrent callers needing a
 * renewal of the same config share one token request (single flight); they wait on a future,
 * holding no lock, and the waiting is bounded by the config's timeouts. Several managers (several
 * nodes) may share one store: a renewal runs under the store's renewal lease ({@link
 * TokenStore#whileRenewing}; the JDBC store has one), so one node asks the token endpoint and the
 * others then find its tokens in the store; new tokens are written with compare-and-set, and a
 * manager that loses reads and uses the winner's; after {@code invalid_grant} the store is read
 * once more, since another node (sharing a store without a lease) may have rotated the refresh
 * token.
 *
 * <p>Thread-safe.
 */
public final class TokenManager implements Authenticator, TokenSession.Source<TokenManager.Token> {

  /**
   * After {@code invalid_grant}, how long the store is watched for the tokens of another node that
   * rotated the refresh token: its write follows its token response by moments, and may come just
   * after this node's refusal.
   */
  static final Duration INVALID_GRANT_GRACE = Duration.ofSeconds(1);

  private final TokenStore store;
  private final Duration margin;
  private final Clock clock;
  private final TokenEndpoint endpoint;
  private final ExpiredBody expiredBody = new ExpiredBody();
  private final ConcurrentHashMap<String, CompletableFuture<Token>> flights =
      new ConcurrentHashMap<>();
  private final Authorizer authorizer;
  private final Duration invalidGrantGrace;

  TokenManager(
      CloseableHttpClient client,
      TokenStore store,
      Duration margin,
      Clock clock,
      long maxResponseBytes,
      Duration invalidGrantGrace) {
    this(TlsClients.fixed(client), store, margin, clock, maxResponseBytes, invalidGrantGrace);
  }

  TokenManager(
      TlsClients clients,
      TokenStore store,
      Duration margin,
      Clock clock,
      long maxResponseBytes,
      Duration invalidGrantGrace) {
    this.store = store;
    this.margin = margin;
    this.clock = clock;
    this.invalidGrantGrace = invalidGrantGrace;
    this.endpoint = new TokenEndpoint(clients, maxResponseBytes, clock);
    this.authorizer = new Authorizer(endpoint, store, clock);
  }

  /**
   * A manager sending token requests through {@code clients}: the config's client, with its extra
   * trusted CAs.
   *
   * @param margin how long before its expiry an access token is renewed (default 60 s)
   * @param maxResponseBytes the largest token response read
   */
  public static TokenManager create(
      TlsClients clients, TokenStore store, Duration margin, Clock clock, long maxResponseBytes) {
    Objects.requireNonNull(clients, "clients == null");
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(margin, "margin == null");
    Objects.requireNonNull(clock, "clock == null");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin is negative: " + margin);
    }
    return new TokenManager(clients, store, margin, clock, maxResponseBytes, INVALID_GRANT_GRACE);
  }

  /**
   * The {@code OAUTH2} authentication of one fetch: the access token as a Bearer header, renewed
   * and the request replayed once when the endpoint says it expired.
   */
  @Override
  public Authenticator.Session begin(Authenticator.Call call) {
    checkOAuth2(call.config());
    return new TokenSession<>(this, call, "access token", null);
  }

  /** The "fetch tokens" calls, storing into this manager's store. */
  public OAuth2Authorizer authorizer() {
    return authorizer;
  }

  /**
   * A usable access token for {@code config}: the stored one unless it expires within the margin,
   * else a renewed one.
   *
   * @throws CouponFetchException {@code OAUTH_NOT_AUTHORIZED} or {@code OAUTH_TOKEN_FAILED}
   */
  public Token token(CouponSourceConfig config) {
    return await(tokenAsync(config, DIRECT));
  }

  /** The stored token if it is usable with the margin to spare, else null. */
  private Token usableStored(CouponSourceConfig config) {
    OAuthTokens stored = Renewal.read(store, config.tokenKey(), config.name());
    return stored != null && stored.isUsable(clock.instant(), margin) ? Token.stored(stored) : null;
  }

  /**
   * A new access token after the coupon endpoint refused {@code rejected}: another caller's renewal
   * if one happened meanwhile, else a renewal of its own.
   */
  public Token renewAfterRejection(CouponSourceConfig config, Token rejected) {
    return await(renewAfterRejectionAsync(config, rejected, DIRECT));
  }

  /**
   * A usable access token for {@code config}, as {@link #token}: a stored usable token at once (the
   * store is read on the calling thread), else the running renewal of the config or a new one run
   * on {@code blocking} (the calling thread itself for {@link #DIRECT}). Fails with the same
   * exceptions, unwrapped.
   */
  @Override
  public CompletableFuture<Token> tokenAsync(CouponSourceConfig config, Executor blocking) {
    checkOAuth2(config);
    Objects.requireNonNull(blocking, "blocking == null");
    Token stored;
    try {
      stored = usableStored(config);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return stored != null
        ? CompletableFuture.completedFuture(stored)
        : renewAsync(config, null, blocking);
  }

  /**
   * {@link #renewAfterRejection} on {@code blocking}. A flight started by a caller that did not
   * know of the refusal may have taken the refused token from the store; a token request that gave
   * the same token again is the server's word.
   */
  @Override
  public CompletableFuture<Token> renewAfterRejectionAsync(
      CouponSourceConfig config, Token rejected, Executor blocking) {
    checkOAuth2(config);
    Objects.requireNonNull(rejected, "rejected == null");
    return renewAsync(config, rejected.accessToken, blocking)
        .thenCompose(
            t ->
                t.exchange == null && t.accessToken.equals(rejected.accessToken)
                    ? renewAsync(config, rejected.accessToken, blocking)
                    : CompletableFuture.completedFuture(t));
  }

  /**
   * Whether a 2xx coupon response says the token expired: the config's {@code tokenExpiredPath}
   * gives a value that is not null, empty, {@code false} or {@code 0}.
   */
  @Override
  public boolean bodySaysExpired(CouponSourceConfig config, byte[] body, Charset charset) {
    String path = config.auth().tokenExpiredPath();
    return path != null && !path.isBlank() && expiredBody.says(path, body, charset);
  }

  private CompletableFuture<Token> renewAsync(
      CouponSourceConfig config, Secret rejected, Executor blocking) {
    CompletableFuture<Token> mine = new CompletableFuture<>();
    CompletableFuture<Token> running = flights.putIfAbsent(config.tokenKey(), mine);
    if (running != null) {
      return running;
    }
    try {
      blocking.execute(() -> lead(config, rejected, mine));
    } catch (RuntimeException e) {
      flights.remove(config.tokenKey(), mine);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  /** The flight's leader: renews, under the store's lease, and completes {@code mine}. */
  private void lead(CouponSourceConfig config, Secret rejected, CompletableFuture<Token> mine) {
    try {
      Renewal renewal =
          new Renewal(endpoint, store, clock, margin, invalidGrantGrace, config, rejected);
      mine.complete(store.whileRenewing(config.tokenKey(), leaseTime(config), renewal::run));
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
    } finally {
      // After completing: a caller arriving now starts a flight that finds the new tokens stored.
      flights.remove(config.tokenKey(), mine);
    }
  }

  /**
   * How long a renewal may hold the store's lease: two token requests (a refused refresh token and
   * the retry with the one another node rotated), each cut at connect + response timeout, and the
   * wait after {@code invalid_grant}.
   */
  private Duration leaseTime(CouponSourceConfig config) {
    Duration request = config.timeouts().connect().plus(config.timeouts().response());
    return request.multipliedBy(2).plus(invalidGrantGrace).plusSeconds(1);
  }

  /** Runs a renewal on the thread that asks for it: the blocking fetch's. */
  public static final Executor DIRECT = Runnable::run;

  private static Token await(CompletableFuture<Token> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CouponFetchException.builder(
              Reason.OAUTH_TOKEN_FAILED, "Interrupted while waiting for a token renewal")
          .retryable(false)
          .build();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CouponFetchException) {
        // A copy, so that this thread's stack trace shows where it waited.
        throw ((CouponFetchException) e.getCause()).toBuilder().build();
      }
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw new IllegalStateException("token renewal failed", e.getCause());
    }
  }

  private static void checkOAuth2(CouponSourceConfig config) {
    Objects.requireNonNull(config, "config == null");
    if (config.auth().type() != AuthType.OAUTH2) {
      throw new IllegalArgumentException("not an OAUTH2 config: " + config.name());
    }
  }

  /**
   * An access token to send, with how it was obtained: by a token request of this call (its
   * exchange, masked), or from the store (a note). Immutable; {@link #toString()} shows no token.
   */
  public static final class Token implements TokenSession.Token {
    private final Secret accessToken;
    private final Instant expiresAt;
    private final Exchange exchange;
    private final String note;
    private final List<Timings.Request> timings;

    private Token(
        Secret accessToken,
        Instant expiresAt,
        Exchange exchange,
        String note,
        List<Timings.Request> timings) {
      this.accessToken = accessToken;
      this.expiresAt = expiresAt;
      this.exchange = exchange;
      this.note = note;
      this.timings = List.copyOf(timings);
    }

    static Token stored(OAuthTokens t) {
      // The note is made when asked for: a lookup is on every fetch's path, the note rarely.
      return new Token(
          t.accessToken().orElseThrow(), t.expiresAt().orElse(null), null, null, List.of());
    }

    static Token issued(OAuthTokens t, Exchange exchange, List<Timings.Request> timings) {
      return new Token(
          t.accessToken().orElseThrow(), t.expiresAt().orElse(null), exchange, null, timings);
    }

    static Token issuedElsewhere(OAuthTokens t, Exchange exchange, List<Timings.Request> timings) {
      return new Token(
          t.accessToken().orElseThrow(),
          t.expiresAt().orElse(null),
          exchange,
          "access token renewed by another fetcher sharing the token store",
          timings);
    }

    /** The access token, to be sent as {@code Bearer}. */
    public Secret accessToken() {
      return accessToken;
    }

    @Override
    public Secret value() {
      return accessToken;
    }

    /** When it expires, if known. */
    public Optional<Instant> expiresAt() {
      return Optional.ofNullable(expiresAt);
    }

    /** The token request made for it and its response (secrets masked), if one was made. */
    public Optional<Exchange> exchange() {
      return Optional.ofNullable(exchange);
    }

    /**
     * The token requests made for it, timed, in the order they were sent; empty when it came from
     * the store.
     */
    public List<Timings.Request> timings() {
      return timings;
    }

    /** Where it came from when no token request was made for it. */
    public Optional<String> note() {
      if (note == null && exchange == null) {
        return Optional.of(
            "access token from the token store, "
                + (expiresAt == null ? "expiry unknown" : "expires at " + expiresAt));
      }
      return Optional.ofNullable(note);
    }

    @Override
    public String toString() {
      return "Token{accessToken=" + Secret.MASK + ", expiresAt=" + expiresAt + '}';
    }
  }
}
