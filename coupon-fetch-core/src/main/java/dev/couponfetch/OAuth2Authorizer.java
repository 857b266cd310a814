package dev.couponfetch;

import java.net.URI;

/**
 * The settings screen's "fetch tokens" button for {@code AUTHORIZATION_CODE} configs, as a pair of
 * calls any web platform can wire to a redirect:
 *
 * <ol>
 *   <li>{@link #start} gives the URL to send the merchant's browser to, and a {@link
 *       PendingAuthorization} (state, PKCE verifier) that the caller keeps, server-side, until the
 *       browser comes back;
 *   <li>{@link #complete} takes the URL the browser came back to, checks it against the pending
 *       authorization, exchanges the code for tokens and stores them in the {@link TokenStore}
 *       under the config's {@code name}.
 * </ol>
 *
 * Thread-safe.
 */
public interface OAuth2Authorizer {
  /**
   * Starts an authorization.
   *
   * @param redirectUri where the authorization server sends the browser back; must be the same in
   *     {@link #complete}
   * @throws CouponFetchException {@code INVALID_CONFIG} when the config is not an {@code
   *     AUTHORIZATION_CODE} OAuth2 config
   */
  PendingAuthorization start(CouponSourceConfig config, URI redirectUri);

  /**
   * Completes an authorization: checks {@code state} (and {@code iss} when the server sends it),
   * reports an {@code error} the server sent, exchanges the code and stores the tokens.
   *
   * @param callbackUri the whole URL the browser was redirected to, with its query
   * @return the stored tokens
   * @throws CouponFetchException {@code OAUTH_NOT_AUTHORIZED} when the merchant denied access, the
   *     state or issuer does not match, the pending authorization is older than 15 minutes, or the
   *     server refuses the code ({@code invalid_grant}): start again; {@code OAUTH_TOKEN_FAILED}
   *     when the token endpoint fails otherwise
   */
  OAuthTokens complete(CouponSourceConfig config, URI callbackUri, PendingAuthorization pending);
}
