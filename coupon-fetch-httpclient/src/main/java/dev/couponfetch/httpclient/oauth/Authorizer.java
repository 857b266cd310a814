package dev.couponfetch.httpclient.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.OAuth2Authorizer;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.TokenStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Fetch tokens": the authorization code flow with PKCE (S256) and a one-time {@code state} of 32
 * random bytes, as RFC 9700 asks.
 *
 * <p>The mix-up defence (RFC 9207): when the callback carries {@code iss}, its origin (scheme,
 * host, port) must be the origin of the config's {@code authorizationUrl}. A config names no
 * issuer, and issuers' paths do not always prefix their endpoints' paths (Microsoft's do not), so
 * the origin is what can be checked; two issuers on one origin (Keycloak realms) are not told
 * apart. A pending authorization older than {@link #MAX_AGE} is refused. Thread-safe.
 */
final class Authorizer implements OAuth2Authorizer {
  private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);

  /** How long a started authorization may wait for its callback. */
  static final Duration MAX_AGE = Duration.ofMinutes(15);

  private static final int STATE_BYTES = 32;
  private static final int STORE_ATTEMPTS = 10;

  private final TokenEndpoint endpoint;
  private final TokenStore store;
  private final Clock clock;

  Authorizer(TokenEndpoint endpoint, TokenStore store, Clock clock) {
    this.endpoint = endpoint;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public PendingAuthorization start(CouponSourceConfig config, URI redirectUri) {
    AuthConfig auth = check(config);
    URI redirect = redirectUri != null ? redirectUri : configured(auth);
    if (!redirect.isAbsolute() || redirect.isOpaque()) {
      throw invalid("redirectUri: must be an absolute URL, got '" + redirect + "'");
    }
    State state = new State(STATE_BYTES);
    CodeVerifier verifier = new CodeVerifier();
    AuthorizationRequest.Builder b =
        new AuthorizationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE), new ClientID(auth.clientId()))
            .endpointURI(URI.create(auth.authorizationUrl()))
            .redirectionURI(redirect)
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256);
    if (auth.scope() != null && !auth.scope().isBlank()) {
      b.scope(Scope.parse(auth.scope()));
    }
    // The audience (Auth0) and resource (RFC 8707 section 2.1) a token is asked for are named on
    // the authorization request too; other token parameters are for the token endpoint only.
    for (String name : List.of("audience", "resource")) {
      String value = auth.tokenParams().get(name);
      if (value != null) {
        b.customParameter(name, value);
      }
    }
    return new PendingAuthorization(
        config.name(),
        config.tokenKey(),
        b.build().toURI(),
        redirect,
        Secret.of(state.getValue()),
        Secret.of(verifier.getValue()),
        clock.instant());
  }

  @Override
  public OAuthTokens complete(
      CouponSourceConfig config, URI callbackUri, PendingAuthorization pending) {
    AuthConfig auth = check(config);
    Objects.requireNonNull(callbackUri, "callbackUri == null");
    Objects.requireNonNull(pending, "pending == null");
    if (!pending.tokenKey().equals(config.tokenKey())) {
      // Another client, token URL, scope, secret or endpoint origin: the tokens would be stored
      // for an identity other than the one the merchant consented for.
      throw refused(
          "the pending authorization was started for '"
              + pending.configName()
              + "' with another OAuth2 client, token URL, scope or endpoint origin than '"
              + config.name()
              + "' has now: start it again");
    }
    if (!base(callbackUri).equals(base(pending.redirectUri()))) {
      throw refused(
          "the callback "
              + base(callbackUri)
              + " is not the redirect URI "
              + base(pending.redirectUri())
              + " the authorization was started with");
    }
    if (clock.instant().isAfter(pending.createdAt().plus(MAX_AGE))) {
      throw refused("it was started more than " + MAX_AGE.toMinutes() + " minutes ago");
    }
    AuthorizationResponse response;
    try {
      response = AuthorizationResponse.parse(callbackUri);
    } catch (ParseException e) {
      throw refused("the callback carries neither a code nor an error");
    }
    checkState(response.getState(), pending.state(), response.indicatesSuccess());
    checkIssuer(response.getIssuer(), auth);
    if (!response.indicatesSuccess()) {
      ErrorObject error = ((AuthorizationErrorResponse) response).getErrorObject();
      String d = error.getDescription();
      throw refused(
          "the authorization server answered "
              + error.getCode()
              + (d == null || d.isBlank() ? "" : " (" + cut(d) + ")"));
    }
    String code = response.toSuccessResponse().getAuthorizationCode().getValue();
    TokenEndpoint.Result r =
        endpoint.authorizationCode(
            config, code, pending.redirectUri(), new CodeVerifier(pending.codeVerifier().reveal()));
    if (r.isInvalidGrant()) {
      throw CouponFetchException.builder(
              Reason.OAUTH_NOT_AUTHORIZED,
              "The token endpoint refused the authorization code of '"
                  + config.name()
                  + "' ("
                  + r.errorText()
                  + "): run the authorization (fetch tokens) again")
          .status(r.status())
          .tokenExchange(r.exchange())
          .build();
    }
    if (r.error() != null) {
      throw TokenEndpoint.failure(config, r);
    }
    store(config, r.tokens());
    LOG.debug("{}: authorization completed, tokens stored ({})", config.name(), r.tokens());
    return r.tokens();
  }

  /** Overwrites whatever the store holds: a completed authorization supersedes it. */
  private void store(CouponSourceConfig config, OAuthTokens tokens) {
    String name = config.name();
    String key = config.tokenKey();
    for (int i = 0; i < STORE_ATTEMPTS; i++) {
      OAuthTokens current = Renewal.read(store, key, name);
      boolean stored;
      try {
        stored = store.compareAndSet(key, current, tokens);
      } catch (RuntimeException e) {
        throw Renewal.storeFailure(store, name, e);
      }
      if (stored) {
        return;
      }
    }
    throw CouponFetchException.builder(
            Reason.OAUTH_TOKEN_FAILED,
            "The token store kept changing while storing the tokens of '" + name + "'")
        .build();
  }

  private static void checkState(State got, Secret expected, boolean success) {
    if (got == null && !success) {
      return; // some servers omit state on errors; the error is reported either way
    }
    byte[] a = got == null ? new byte[0] : got.getValue().getBytes(StandardCharsets.UTF_8);
    byte[] b = expected.reveal().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(a, b)) {
      throw refused(
          "the callback's state "
              + (got == null ? "is missing" : "does not match")
              + " (a forged or stale callback, or another browser tab's)");
    }
  }

  private static void checkIssuer(Issuer iss, AuthConfig auth) {
    if (iss == null) {
      return;
    }
    URI expected = URI.create(auth.authorizationUrl());
    URI got;
    try {
      got = URI.create(iss.getValue());
    } catch (IllegalArgumentException e) {
      throw refused("the callback's iss is not a URL");
    }
    if (!origin(got).equals(origin(expected))) {
      throw refused(
          "the callback's iss "
              + cut(iss.getValue())
              + " is not the authorization server "
              + origin(expected)
              + " (mix-up defence, RFC 9207)");
    }
  }

  private static String origin(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + ":" + port;
  }

  private static String base(URI u) {
    return origin(u) + (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath());
  }

  private static URI configured(AuthConfig auth) {
    if (auth.redirectUri() == null) {
      throw invalid("auth.redirectUri: is required when start() is given no redirect URI");
    }
    return URI.create(auth.redirectUri());
  }

  private static AuthConfig check(CouponSourceConfig config) {
    Objects.requireNonNull(config, "config == null");
    AuthConfig auth = config.auth();
    if (auth.type() != AuthType.OAUTH2) {
      throw invalid("auth.type: is " + auth.type() + ", not OAUTH2");
    }
    if (auth.grant() != OAuth2Grant.AUTHORIZATION_CODE) {
      throw invalid("auth.grant: is " + auth.grant() + ", which needs no authorization");
    }
    if (auth.authorizationUrl() == null || auth.tokenUrl() == null || auth.clientId() == null) {
      throw invalid("auth.authorizationUrl, auth.tokenUrl and auth.clientId are required");
    }
    return auth;
  }

  private static CouponFetchException invalid(String problem) {
    return CouponFetchException.invalidConfig(java.util.List.of(problem));
  }

  private static CouponFetchException refused(String why) {
    return CouponFetchException.of(Reason.OAUTH_NOT_AUTHORIZED, "Authorization refused: " + why);
  }

  private static String cut(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
