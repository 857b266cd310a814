package dev.couponfetch.httpclient.session;

import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.Timings;
import dev.couponfetch.TokenStore;
import dev.couponfetch.httpclient.internal.TokenSession;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.mapping.BodyFlag;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code SESSION} authenticator: log in first, then call. The session token of a config is kept
 * in the fetcher's {@link TokenStore} (as an access token of unknown expiry) under {@link
 * CouponSourceConfig#tokenKey()}, a hash of who logs in (login URL, method, payload and headers)
 * and the endpoint origin it is sent to, never under the config's name; it is reused until the
 * coupon endpoint refuses it (a status in {@code auth.tokenExpiredStatuses}, or {@code
 * auth.tokenExpiredPath} set in a 2xx body), then one new login and the fetch engine replays once.
 *
 * <p>Single flight per identity: concurrent fetches that need a login share one login request; they
 * wait on a future, holding no lock. The leader reads the store first (a login that just finished
 * is used, not repeated), logs in under the store's renewal lease ({@link
 * TokenStore#whileRenewing}) so that nodes sharing a store log in once, and writes with
 * compare-and-set. The login runs on the fetch's {@link Authenticator.Call#executor()}: the calling
 * thread of a blocking fetch, a pool thread of an async one.
 *
 * <p>This is the transport's machinery behind {@code HttpClientCouponFetcher}, not API.
 * Thread-safe.
 */
public final class SessionLogins
    implements Authenticator, TokenSession.Source<SessionLogins.Login> {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLogins.class);
  private static final int CAS_ATTEMPTS = 3;
  private static final int MAX_CACHED = 1000;

  private final TokenStore store;
  private final LoginEndpoint endpoint;
  private final ConcurrentHashMap<String, CompletableFuture<Login>> flights =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Optional<BodyFlag>> expiredPaths =
      new ConcurrentHashMap<>();

  private SessionLogins(TlsClients clients, TokenStore store, long maxResponseBytes) {
    this.store = store;
    this.endpoint = new LoginEndpoint(clients, maxResponseBytes);
  }

  /**
   * Logins sent through {@code clients} (the config's client, guarded), session tokens kept in
   * {@code store}.
   *
   * @param maxResponseBytes the largest login response read
   */
  public static SessionLogins create(TlsClients clients, TokenStore store, long maxResponseBytes) {
    Objects.requireNonNull(clients, "clients == null");
    Objects.requireNonNull(store, "store == null");
    return new SessionLogins(clients, store, maxResponseBytes);
  }

  @Override
  public Authenticator.Session begin(Authenticator.Call call) {
    if (call.config().auth().type() != AuthType.SESSION) {
      throw new IllegalArgumentException("not a SESSION config: " + call.config().name());
    }
    return new TokenSession<>(
        this,
        call,
        "session token",
        "the session token of a fresh login was refused too: check where the token goes"
            + " (auth.tokenHeader, tokenPrefix, tokenQueryParam or tokenCookie) and"
            + " auth.login.tokenName");
  }

  /** A session token to send: the stored one, or the running login's, or a new login's. */
  @Override
  public CompletableFuture<Login> tokenAsync(CouponSourceConfig config, Executor executor) {
    Login stored;
    try {
      stored = stored(config, null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return stored != null
        ? CompletableFuture.completedFuture(stored)
        : flight(config, null, executor);
  }

  /**
   * A session token after the endpoint refused {@code rejected}: another fetch's newer one if it
   * logged in meanwhile, else a new login. A flight started by a fetch that did not know of the
   * refusal may bring back the refused token from the store: then a flight of its own.
   */
  @Override
  public CompletableFuture<Login> renewAfterRejectionAsync(
      CouponSourceConfig config, Login rejected, Executor executor) {
    return flight(config, rejected.token, executor)
        .thenCompose(
            t ->
                t.exchange == null && t.token.equals(rejected.token)
                    ? flight(config, rejected.token, executor)
                    : CompletableFuture.completedFuture(t));
  }

  /** Whether a 2xx coupon response says the session expired ({@code auth.tokenExpiredPath}). */
  @Override
  public boolean bodySaysExpired(CouponSourceConfig config, byte[] body, Charset charset) {
    String path = config.auth().tokenExpiredPath();
    if (path == null || path.isBlank()) {
      return false;
    }
    Optional<BodyFlag> flag = expiredPaths.get(path);
    if (flag == null) {
      if (expiredPaths.size() >= MAX_CACHED) {
        expiredPaths.clear();
      }
      flag =
          expiredPaths.computeIfAbsent(
              path,
              p ->
                  Optional.ofNullable(
                      BodyFlag.compile("auth.tokenExpiredPath", p, new ArrayList<>())));
    }
    return flag.isPresent() && flag.get().raised(body, charset) != null;
  }

  private CompletableFuture<Login> flight(
      CouponSourceConfig config, Secret rejected, Executor executor) {
    String key = config.tokenKey();
    CompletableFuture<Login> mine = new CompletableFuture<>();
    CompletableFuture<Login> running = flights.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    try {
      executor.execute(() -> lead(config, rejected, mine));
    } catch (RuntimeException e) {
      flights.remove(key, mine);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  private void lead(CouponSourceConfig config, Secret rejected, CompletableFuture<Login> mine) {
    String key = config.tokenKey();
    try {
      mine.complete(store.whileRenewing(key, leaseTime(config), () -> login(config, rejected)));
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
    } finally {
      // After completing: a fetch arriving now finds the new token in the store.
      flights.remove(key, mine);
    }
  }

  /** The flight's work: the store once more, else a login, stored with compare-and-set. */
  private Login login(CouponSourceConfig config, Secret rejected) {
    Login other = stored(config, rejected);
    if (other != null) {
      return other; // another fetch (or node) logged in since this one looked
    }
    OAuthTokens expected = read(config);
    LoginEndpoint.Issued issued = endpoint.login(config);
    OAuthTokens fresh = OAuthTokens.of(issued.token(), null, null, null);
    for (int i = 0; i < CAS_ATTEMPTS; i++) {
      if (cas(config, expected, fresh)) {
        return new Login(
            fresh.accessToken().orElseThrow(), issued.exchange(), null, issued.timing());
      }
      expected = read(config);
    }
    LOG.warn(
        "{}: the token store kept changing; using the new session token unstored", config.name());
    return new Login(fresh.accessToken().orElseThrow(), issued.exchange(), null, issued.timing());
  }

  /** The stored session token unless it is {@code rejected}; null when there is none. */
  private Login stored(CouponSourceConfig config, Secret rejected) {
    OAuthTokens t = read(config);
    Secret token = t == null ? null : t.accessToken().orElse(null);
    if (token == null || token.isEmpty() || token.equals(rejected)) {
      return null;
    }
    return new Login(
        token, null, rejected == null ? null : "logged in again by another fetch", null);
  }

  private OAuthTokens read(CouponSourceConfig config) {
    try {
      return store.get(config.tokenKey()).orElse(null);
    } catch (RuntimeException e) {
      throw storeFailure(config, e);
    }
  }

  private boolean cas(CouponSourceConfig config, OAuthTokens expected, OAuthTokens fresh) {
    try {
      return store.compareAndSet(config.tokenKey(), expected, fresh);
    } catch (RuntimeException e) {
      throw storeFailure(config, e);
    }
  }

  private CouponFetchException storeFailure(CouponSourceConfig config, RuntimeException e) {
    String why = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
    return CouponFetchException.builder(
            Reason.UNAUTHORIZED,
            "The token store " + store + " failed for the session of '" + config.name() + "'" + why)
        .explanation("The session token could not be read from or written to the token store.")
        .hint(
            "Check the token store: a file store's folder must exist and be writable; a database"
                + " store must be reachable and allow writes to coupon_fetch_token.")
        .retryable(true)
        .cause(e)
        .build();
  }

  /** One login request, cut at connect + response timeout, and a second to spare. */
  private static Duration leaseTime(CouponSourceConfig config) {
    return config.timeouts().connect().plus(config.timeouts().response()).plusSeconds(1);
  }

  /**
   * A session token with how it was obtained: a login of this call (its exchange, masked), or the
   * store (a note). {@link #toString()} shows no token.
   */
  static final class Login implements TokenSession.Token {
    final Secret token;
    final Exchange exchange;
    private final String note;
    private final Timings.Request timing;

    Login(Secret token, Exchange exchange, String note, Timings.Request timing) {
      this.token = token;
      this.exchange = exchange;
      this.note = note;
      this.timing = timing;
    }

    @Override
    public Secret value() {
      return token;
    }

    @Override
    public Optional<Exchange> exchange() {
      return Optional.ofNullable(exchange);
    }

    /** The login made for it, timed; empty when it came from the store. */
    @Override
    public List<Timings.Request> timings() {
      return timing == null ? List.of() : List.of(timing);
    }

    /** Where the token came from when no login was made for it. */
    @Override
    public Optional<String> note() {
      if (exchange != null) {
        return Optional.empty();
      }
      return Optional.of(
          note != null ? "session token " + note : "session token from the token store");
    }

    @Override
    public String toString() {
      return "Login{token=" + Secret.MASK + ", loggedIn=" + (exchange != null) + '}';
    }
  }
}
