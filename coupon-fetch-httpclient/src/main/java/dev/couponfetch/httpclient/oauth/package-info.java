/**
 * OAuth2 for the transport: {@link dev.couponfetch.httpclient.oauth.TokenManager} (tokens from the
 * {@link dev.couponfetch.TokenStore}, renewed, shared) and the "fetch tokens" {@link
 * dev.couponfetch.OAuth2Authorizer}. Applications use them through {@code
 * HttpClientCouponFetcher}'s builder and {@code authorizer()}.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Nimbus builds, we send.</b> oauth2-oidc-sdk builds the authorization URL and the token
 *       requests ({@code AuthorizationCodeGrant} with the PKCE verifier, {@code RefreshTokenGrant},
 *       {@code ClientCredentialsGrant}; {@code client_secret_basic} or {@code client_secret_post};
 *       {@code Accept: application/json}) and parses the answers; they travel through the fetcher's
 *       pooled HttpClient with the config's timeouts, never through Nimbus' own {@code
 *       HTTPRequest.send()}. Token requests do not follow redirects. A config without a client
 *       secret is a public client ({@code client_id} in the form, PKCE as proof).
 *   <li><b>A small state machine.</b> A stored token is used while it is more than the margin
 *       (default 60 s) from expiry; then, or when the endpoint refused it, it is renewed: with the
 *       refresh token (stored, or the config's {@code refreshToken} seed when the store has none),
 *       else with client credentials for {@code CLIENT_CREDENTIALS}; an {@code AUTHORIZATION_CODE}
 *       config without one is {@code OAUTH_NOT_AUTHORIZED}.
 *   <li><b>Single flight.</b> Per config name one renewal runs at a time; the others wait on its
 *       future (holding no lock) and share its result or failure. The leader reads the store again
 *       first, so a caller that looked before the last renewal finished makes no request.
 *   <li><b>Shared stores.</b> New tokens are written with compare-and-set against what was read; a
 *       rotated refresh token replaces the old one in the same write, and a response without {@code
 *       refresh_token} keeps the old one. A manager that loses the write uses the winner's tokens.
 *       On {@code invalid_grant} the store is read again (and watched up to 1 s while it still
 *       holds the refused token, since the node that rotated it writes just after its own answer):
 *       a usable token there is used, a different refresh token is tried once, else {@code
 *       OAUTH_NOT_AUTHORIZED} with the hint to fetch tokens again.
 *   <li><b>Odd answers.</b> {@code expires_in} missing or 0: expiry unknown, used until the
 *       endpoint refuses it; huge: capped at 10 years; negative: refused by Nimbus ({@code
 *       OAUTH_TOKEN_FAILED}). JSON sent as {@code text/plain} is read. Timeouts, 5xx, redirects and
 *       non-JSON answers are {@code OAUTH_TOKEN_FAILED} (retryable except redirects, TLS and size);
 *       other OAuth errors are {@code OAUTH_TOKEN_FAILED} naming the error code and description,
 *       retryable only for {@code temporarily_unavailable}.
 *   <li><b>Authorization.</b> {@code state} is 32 random bytes (base64url), compared in constant
 *       time; PKCE is S256; the code is exchanged with the same {@code redirect_uri}. The callback
 *       must come back to the pending authorization's redirect URI (scheme, host, port, path) for
 *       the same config name within 15 minutes. An {@code iss} in the callback (RFC 9207) must have
 *       the origin of {@code authorizationUrl}: configs name no issuer, and issuers' paths do not
 *       always prefix their endpoints' (Microsoft's), so two issuers on one origin are not told
 *       apart. Errors ({@code access_denied}) and a refused code ({@code invalid_grant}, e.g. a
 *       wrong verifier) are {@code OAUTH_NOT_AUTHORIZED}. The tokens overwrite the store's entry.
 *   <li><b>Secrets.</b> Exchanges, messages and logs show the token request with {@code
 *       Authorization}, {@code client_secret}, {@code code}, {@code code_verifier} and {@code
 *       refresh_token} masked, and the response with its token fields masked; every known secret
 *       value is masked wherever else it appears.
 * </ul>
 */
package dev.couponfetch.httpclient.oauth;
