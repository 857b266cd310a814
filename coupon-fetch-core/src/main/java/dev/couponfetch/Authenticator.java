package dev.couponfetch;

import dev.couponfetch.internal.auth.StandardAuthenticators;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Authenticates the requests of a fetch: the extension point for every auth type, built in or not.
 * A fetcher keeps authenticators by scheme name ({@link AuthConfig#scheme()}): the built-in types
 * under their own names, custom ones ({@code "auth": {"type": "CUSTOM", "scheme": "acme-hmac",
 * "settings": {…}}}) as registered on the fetcher's builder.
 *
 * <p>For each fetch the fetcher calls {@link #begin} once and then talks to the {@link Session} it
 * returns: {@link Session#authenticate} before each request is sent (the first, every retry),
 * {@link Session#renew} with the final response (not a redirect that is followed), and, when {@code
 * renew} says so, {@code authenticate} once more and the request is replayed once. A redirect the
 * fetcher follows is not authenticated again: same-origin redirects carry the credentials made for
 * the request they answer, and credentials never follow a redirect to another origin. Credentials
 * that are plain request data need only {@link Plain}:
 *
 * <pre>{@code
 * Authenticator.Plain apiKey =
 *     (request, config, variables) ->
 *         request.withHeader("X-Api-Key", config.auth().settings().get("key").reveal(), true);
 * }</pre>
 *
 * <p>Implementations must be thread-safe; a session is used by one fetch at a time.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * Starts authenticating one fetch. Must not block: work that waits (a token or login request)
   * belongs in {@link Session#authenticate}, run on {@link Call#executor()}.
   *
   * @throws CouponFetchException when the config cannot be authenticated (for example {@code
   *     INVALID_CONFIG}); the fetch fails with it
   */
  Session begin(Call call);

  /**
   * The built-in authenticator for credentials that are plain request data: {@code BASIC}
   * (preemptive, UTF-8), {@code QUERY_STRING} and {@code HEADERS} (values with {@code
   * {{variables}}} filled in, marked sensitive); for the other types one that adds nothing. A
   * transport registers its own for {@code BASIC}, {@code DIGEST} and {@code OAUTH2}.
   */
  static Plain standard(AuthType type) {
    return StandardAuthenticators.forType(type);
  }

  /**
   * One fetch's authentication, as the fetcher sees it.
   *
   * @param config the config being fetched
   * @param variables the call's variables, for {@code {{variables}}} in credential values
   * @param executor where to run work that blocks (a token request): the calling thread for a
   *     blocking fetch, a small pool for an async one
   */
  record Call(CouponSourceConfig config, Map<String, String> variables, Executor executor) {
    /** Checks the parts. */
    public Call {
      Objects.requireNonNull(config, "config == null");
      Objects.requireNonNull(variables, "variables == null");
      Objects.requireNonNull(executor, "executor == null");
    }
  }

  /** A final response, as {@link Session#renew} sees it. Valid during that call only. */
  interface Response {
    /** The HTTP status. */
    int status();

    /** The first value of the header {@code name} (case-insensitive), if present. */
    Optional<String> header(String name);

    /** The decoded body; not to be changed. */
    byte[] body();

    /** The body's charset, from its {@code Content-Type}, or UTF-8. */
    Charset charset();
  }

  /**
   * The authentication of one fetch. Holds what it needs between the calls (the token it sent, to
   * renew it); the fetcher calls it from one thread at a time.
   */
  @FunctionalInterface
  interface Session {
    /**
     * The request with credentials added; called before the first send, before each retry (a retry
     * is a new request: credentials made for one request, such as a signature with a nonce, are
     * made again), and before the replay that {@link #renew} asked for. Credential headers and
     * query values must be marked sensitive (they then never cross origins and are masked in
     * reports). Return a completed stage when no waiting is needed.
     *
     * @param request the config's request, variables filled in, without credentials
     * @return the request to send; a stage failing with a {@link CouponFetchException} fails the
     *     fetch with it
     */
    CompletionStage<PreparedRequest> authenticate(PreparedRequest request);

    /**
     * Whether {@code response} says the credentials were refused in a way that new ones may fix (an
     * expired token): the fetcher then calls {@link #authenticate} once more and replays the
     * request once, for {@code POST} too, since a refused request minted nothing. A second refusal
     * fails the fetch with {@code UNAUTHORIZED}. Default: never.
     */
    default boolean renew(Response response) {
      return false;
    }

    /**
     * The request this fetch's authentication made of its own (a token request) and its response,
     * secrets masked, for reports; empty by default.
     */
    default Optional<Exchange> exchange() {
      return Optional.empty();
    }

    /** Where the credentials came from when no request was made for them, for reports. */
    default Optional<String> note() {
      return Optional.empty();
    }

    /**
     * Where the time of the requests this fetch's authentication made of its own went (a token
     * request, a login; step {@link Timings.Step#TOKEN_REQUEST} or {@link Timings.Step#LOGIN}), all
     * of them so far, in the order they were sent, URLs masked as in {@link #exchange()}. The
     * fetcher reads it after each {@link #authenticate} and puts the new ones in the fetch's {@link
     * Timings} before the request they were made for. Credentials that needed no request (a token
     * from the store) add nothing. Default: empty.
     */
    default List<Timings.Request> timings() {
      return List.of();
    }
  }

  /**
   * An authenticator whose credentials are plain request data, added without waiting: a header, a
   * query parameter, a signature of the request. Implementations must be thread-safe.
   */
  @FunctionalInterface
  interface Plain extends Authenticator {
    /**
     * Returns {@code request} with credentials added. Credential headers and query values must be
     * marked sensitive.
     *
     * @param variables the call's variables, for {@code {{variables}}} in credential values
     * @throws CouponFetchException with {@code MISSING_VARIABLE} when a variable is missing
     */
    PreparedRequest authenticate(
        PreparedRequest request, CouponSourceConfig config, Map<String, String> variables);

    /**
     * Whether the credentials depend on nothing but the request and the config: not on the
     * variables, the time or chance (a signature with a timestamp or nonce does). A fetcher then
     * makes them once for a config without {@code {{variables}}}. Default false.
     */
    default boolean reusable() {
      return false;
    }

    /**
     * {@code credentials} marked {@link #reusable()}: for credentials that depend on nothing but
     * the request and the config.
     */
    static Plain reusable(Plain credentials) {
      Objects.requireNonNull(credentials, "credentials == null");
      return new Plain() {
        @Override
        public PreparedRequest authenticate(
            PreparedRequest request, CouponSourceConfig config, Map<String, String> variables) {
          return credentials.authenticate(request, config, variables);
        }

        @Override
        public boolean reusable() {
          return true;
        }
      };
    }

    /** A session that adds the credentials to each request. */
    @Override
    default Session begin(Call call) {
      return request ->
          CompletableFuture.completedFuture(
              PlainMemo.authenticate(this, request, call.config(), call.variables()));
    }
  }
}
