package dev.couponfetch.examples;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The demo authorization server's token endpoint: the {@code authorization_code} grant (the code
 * single-use and bound to its client, redirect URI and PKCE S256 challenge), {@code refresh_token}
 * (rotated: each refresh token works once and the answer carries a new one) and {@code
 * client_credentials}. The client authenticates with {@code client_secret_basic} or {@code
 * client_secret_post}, and only the demo client with its secret gets in.
 *
 * <p>Answers are Nimbus' {@link AccessTokenResponse} and {@link TokenErrorResponse}; an error never
 * quotes a secret, code or token.
 *
 * <p>Thread-safe: it keeps no state of its own ({@link DemoGrants} holds codes and tokens).
 */
final class DemoTokenEndpoint {
  private static final byte[] SECRET =
      DemoOAuthServer.CLIENT_SECRET.getBytes(StandardCharsets.UTF_8);

  private final DemoGrants grants;
  private final Supplier<String> issuer;

  DemoTokenEndpoint(DemoGrants grants, Supplier<String> issuer) {
    this.grants = grants;
    this.issuer = issuer;
  }

  /** Answers {@code POST /token}. */
  boolean handle(Request request, Response response, Callback callback) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
      callback.succeeded();
      return true;
    }
    HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, request.getHttpURI().toURI());
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization != null) {
      http.setHeader("Authorization", authorization);
    }
    http.setHeader("Content-Type", request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    http.setBody(Content.Source.asString(request, StandardCharsets.UTF_8));
    HTTPResponse answer;
    try {
      answer = answer(TokenRequest.parse(http));
    } catch (ParseException e) {
      ErrorObject error =
          e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      answer = new TokenErrorResponse(error).toHTTPResponse();
    }
    response.setStatus(answer.getStatusCode());
    for (Map.Entry<String, List<String>> h : answer.getHeaderMap().entrySet()) {
      response.getHeaders().put(h.getKey(), h.getValue());
    }
    Content.Sink.write(response, true, answer.getBody(), callback);
    return true;
  }

  private HTTPResponse answer(TokenRequest request) {
    ClientAuthentication client = request.getClientAuthentication();
    if (!(client instanceof PlainClientSecret secret) || !isDemoClient(secret)) {
      HTTPResponse refused = new TokenErrorResponse(OAuth2Error.INVALID_CLIENT).toHTTPResponse();
      if (client instanceof ClientSecretBasic || client == null) {
        refused.setHeader("WWW-Authenticate", "Basic realm=\"demo\"");
      }
      return refused;
    }
    String clientId = client.getClientID().getValue();
    AuthorizationGrant grant = request.getAuthorizationGrant();
    if (grant instanceof ClientCredentialsGrant) {
      return tokens(clientId, request.getScope(), false);
    }
    if (grant instanceof AuthorizationCodeGrant code) {
      Optional<DemoGrants.CodeGrant> issued =
          grants.redeemCode(code.getAuthorizationCode().getValue());
      if (issued.isEmpty()
          || !issued.get().clientId().equals(clientId)
          || !issued.get().redirectUri().equals(code.getRedirectionURI())) {
        return invalidGrant("the code is unknown, used, expired or not for this client");
      }
      if (code.getCodeVerifier() == null
          || !CodeChallenge.compute(CodeChallengeMethod.S256, code.getCodeVerifier())
              .equals(issued.get().challenge())) {
        return invalidGrant("the code_verifier does not match the code_challenge");
      }
      return tokens(clientId, issued.get().scope(), true);
    }
    if (grant instanceof RefreshTokenGrant refresh) {
      Optional<DemoGrants.RefreshGrant> issued =
          grants.redeemRefreshToken(refresh.getRefreshToken().getValue());
      if (issued.isEmpty() || !issued.get().clientId().equals(clientId)) {
        return invalidGrant("the refresh token is unknown, used or not for this client");
      }
      return tokens(clientId, issued.get().scope(), true);
    }
    return new TokenErrorResponse(OAuth2Error.UNSUPPORTED_GRANT_TYPE).toHTTPResponse();
  }

  private static boolean isDemoClient(PlainClientSecret client) {
    // Both compared whole, in constant time for the secret.
    return DemoOAuthServer.CLIENT_ID.equals(client.getClientID().getValue())
        & MessageDigest.isEqual(SECRET, client.getClientSecret().getValueBytes());
  }

  private HTTPResponse tokens(String clientId, Scope scope, boolean withRefreshToken) {
    String jwt =
        grants.accessToken(issuer.get(), clientId, scope, DemoGrants.ACCESS_TOKEN_LIFETIME);
    RefreshToken refresh =
        withRefreshToken ? new RefreshToken(grants.newRefreshToken(clientId, scope)) : null;
    BearerAccessToken access =
        new BearerAccessToken(jwt, DemoGrants.ACCESS_TOKEN_LIFETIME.toSeconds(), scope);
    return new AccessTokenResponse(new Tokens(access, refresh)).toHTTPResponse();
  }

  private static HTTPResponse invalidGrant(String description) {
    return new TokenErrorResponse(OAuth2Error.INVALID_GRANT.setDescription(description))
        .toHTTPResponse();
  }
}
