package dev.couponfetch.httpclient.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Exchange;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Reason;
import dev.couponfetch.Secret;
import dev.couponfetch.Timings;
import dev.couponfetch.httpclient.internal.CredentialRequests;
import dev.couponfetch.httpclient.tls.TlsClients;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint of a config: Nimbus builds the token request (grant, client authentication,
 * scope) and parses the answer; {@link TokenHttp} sends it through the fetcher's HttpClient. Every
 * outcome carries the exchange with secrets and tokens masked. Stateless and thread-safe.
 */
final class TokenEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

  /**
   * A lifetime beyond this is taken as this: far enough to mean "does not expire" in practice, near
   * enough that {@code Instant} arithmetic and every token store's date format stay exact.
   */
  static final Duration MAX_LIFETIME = Duration.ofDays(3650);

  private final TokenHttp http;
  private final Clock clock;

  TokenEndpoint(CloseableHttpClient client, long maxResponseBytes, Clock clock) {
    this(TlsClients.fixed(client), maxResponseBytes, clock);
  }

  TokenEndpoint(TlsClients clients, long maxResponseBytes, Clock clock) {
    this.http = new TokenHttp(clients, maxResponseBytes);
    this.clock = clock;
  }

  /**
   * What the token endpoint said: new tokens, or an OAuth error (a 4xx with {@code error}). Any
   * other failure is thrown as {@code OAUTH_TOKEN_FAILED}.
   *
   * @param tokens the tokens, or null on an error
   * @param error the OAuth error code ({@code invalid_grant}), or null on success
   * @param description the error's description with secrets masked, or null
   * @param exchange the request and response, secrets and tokens masked
   * @param timing where the token request's time went, or null
   */
  record Result(
      OAuthTokens tokens,
      String error,
      String description,
      Exchange exchange,
      Timings.Request timing) {
    boolean isInvalidGrant() {
      return "invalid_grant".equals(error);
    }

    /** "invalid_grant (Token has expired)": the code and the server's description. */
    String errorText() {
      return error + (description == null || description.isBlank() ? "" : " (" + description + ")");
    }

    int status() {
      return exchange.response() == null ? 0 : exchange.response().status();
    }
  }

  Result authorizationCode(
      CouponSourceConfig config, String code, URI redirectUri, CodeVerifier verifier) {
    AuthorizationGrant grant =
        new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier);
    return call(config, grant, null, code, verifier.getValue());
  }

  /** Refreshes; the result's refresh token is the old one when the server sent no new one. */
  Result refresh(CouponSourceConfig config, Secret refreshToken) {
    Result r =
        call(
            config,
            new RefreshTokenGrant(new RefreshToken(refreshToken.reveal())),
            null,
            refreshToken.reveal());
    if (r.tokens() != null && r.tokens().refreshToken().isEmpty()) {
      OAuthTokens t = r.tokens();
      OAuthTokens kept =
          OAuthTokens.of(
              t.accessToken().map(Secret::reveal).orElse(null),
              refreshToken.reveal(),
              t.expiresAt().orElse(null),
              t.scope().orElse(null));
      return new Result(kept, null, null, r.exchange(), r.timing());
    }
    return r;
  }

  Result clientCredentials(CouponSourceConfig config) {
    String scope = config.auth().scope();
    return call(
        config,
        new ClientCredentialsGrant(),
        scope == null || scope.isBlank() ? null : Scope.parse(scope));
  }

  private Result call(
      CouponSourceConfig config, AuthorizationGrant grant, Scope scope, String... sent) {
    AuthConfig auth = config.auth();
    URI tokenUrl = URI.create(auth.tokenUrl());
    List<String> secrets = new ArrayList<>(List.of(sent));
    if (auth.clientSecret() != null) {
      secrets.add(auth.clientSecret().reveal());
    }
    TokenRequests.Built built = TokenRequests.build(auth, tokenUrl, grant, scope, clock.instant());
    HTTPRequest request = built.request();
    secrets.addAll(built.secrets());
    String basic = request.getAuthorization();
    if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
      // The encoded client credentials are as secret as the client secret: an error body or a
      // proxy may echo them.
      secrets.add(basic.substring(6).strip());
    }
    Redactor redactor = Redactor.forTokenRequest(secrets);
    Exchange.SentRequest shown = TokenHttp.shown(request, redactor);
    String grantType = grant.getType().getValue();
    Instant sentAt = clock.instant();
    TokenHttp.Response response;
    try {
      response = http.post(request, config, shown.uri());
    } catch (IOException e) {
      LOG.debug(
          "{}: token request ({}) to {} failed: {}",
          config.name(),
          grantType,
          tokenUrl,
          redactor.redact(String.valueOf(e)));
      throw TokenFailures.io(e, tokenUrl, config.timeouts(), new Exchange(shown, null), redactor);
    }
    try {
      int status = response.status();
      LOG.debug("{}: token request ({}) to {} -> {}", config.name(), grantType, tokenUrl, status);
      // Tokens in the response join the secrets, wherever else the body may repeat them.
      redactor = redactor.plus(Redactor.tokenValues(response.body()));
      if (!TokenResponseReader.standardPaths(auth)) {
        redactor = redactor.plus(TokenResponseReader.tokenValues(response.body(), auth));
      }
      Exchange exchange = new Exchange(shown, response.shown(redactor));
      if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
        throw TokenFailures.status(status, tokenUrl, response, exchange, redactor);
      }
      TokenResponse tr;
      try {
        tr = TokenResponse.parse(response.toNimbus());
      } catch (ParseException e) {
        tr = null; // not standard: a 2xx is read with the config's paths below
      }
      if (tr != null && !tr.indicatesSuccess()) {
        ErrorObject error = ((TokenErrorResponse) tr).getErrorObject();
        if (error == null || error.getCode() == null) {
          throw TokenFailures.status(status, tokenUrl, response, exchange, redactor);
        }
        return new Result(
            null,
            error.getCode(),
            redactor.redact(error.getDescription()),
            exchange,
            response.timing());
      }
      if (status >= 300) {
        throw TokenFailures.unreadable(status, tokenUrl, response, exchange, redactor);
      }
      if (tr != null && TokenResponseReader.standardPaths(auth)) {
        return new Result(
            tokens(((AccessTokenResponse) tr).getTokens(), sentAt),
            null,
            null,
            exchange,
            response.timing());
      }
      // Not quite standard (no token_type, expires_in "3600", the token at data.token): the paths.
      try {
        return new Result(
            TokenResponseReader.read(response.body(), auth, sentAt),
            null,
            null,
            exchange,
            response.timing());
      } catch (TokenResponseReader.NotATokenResponse e) {
        if (!e.json) {
          throw TokenFailures.unreadable(status, tokenUrl, response, exchange, redactor);
        }
        throw TokenFailures.notStandard(status, tokenUrl, e.getMessage(), exchange);
      }
    } catch (CouponFetchException e) {
      // Answered, then refused: the failure shows where the token request's time went.
      throw CredentialRequests.timed(e, response.timing());
    }
  }

  /**
   * The tokens of a successful response. The expiry counts from when the request was sent, the safe
   * side. {@code expires_in} missing or zero means "unknown": Nimbus reads a missing value as 0,
   * and a server that says 0 more likely leaves the field unset than issues dead tokens; an unknown
   * expiry is used until the coupon endpoint says it expired (then renewed once). A huge value
   * (Nimbus reads {@code 1e400} as {@code Long.MAX_VALUE}) is capped at {@link #MAX_LIFETIME}; a
   * negative one Nimbus refuses, which is {@code OAUTH_TOKEN_FAILED}.
   */
  private static OAuthTokens tokens(Tokens tokens, Instant sentAt) {
    long lifetime = tokens.getAccessToken().getLifetime();
    Instant expiresAt =
        lifetime <= 0
            ? null
            : sentAt.plus(
                lifetime >= MAX_LIFETIME.getSeconds()
                    ? MAX_LIFETIME
                    : Duration.ofSeconds(lifetime));
    Scope scope = tokens.getAccessToken().getScope();
    return OAuthTokens.of(
        tokens.getAccessToken().getValue(),
        tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(),
        expiresAt,
        scope == null ? null : scope.toString());
  }

  /**
   * The failure for an OAuth error the caller does not handle itself: {@code OAUTH_TOKEN_FAILED}
   * naming the error code and description, retryable only for {@code temporarily_unavailable}.
   */
  static CouponFetchException failure(CouponSourceConfig config, Result r) {
    Objects.requireNonNull(r.error(), "error == null");
    return CouponFetchException.builder(
            Reason.OAUTH_TOKEN_FAILED,
            "The token endpoint "
                + config.auth().tokenUrl()
                + " refused the token request of '"
                + config.name()
                + "': "
                + r.errorText())
        .status(r.status())
        .retryable("temporarily_unavailable".equals(r.error()))
        .tokenExchange(r.exchange())
        .timings(r.timing() == null ? null : new Timings(List.of(r.timing()), null))
        .build();
  }
}
