/**
 * Session login for the transport ({@code "auth": {"type": "SESSION", "login": {…}}}): {@link
 * dev.couponfetch.httpclient.session.SessionLogins} logs in, keeps the session token in the
 * fetcher's {@link dev.couponfetch.TokenStore} under the config's token identity, attaches it to
 * coupon requests and logs in again once when the endpoint refuses it. Not API: applications use it
 * through {@code HttpClientCouponFetcher}.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>One login per identity.</b> The key is a hash of the login URL, method, payload and
 *       headers and the endpoint's origin; two configs with different credentials never share a
 *       session, two with the same ones do, whatever their names. Concurrent fetches share one
 *       login (single flight); nodes sharing a store log in under its renewal lease.
 *   <li><b>Redirects are not followed.</b> The login's credentials go to {@code auth.login.url}
 *       only. A {@code 3xx} answer is read as it is (a web login answering {@code 302} with {@code
 *       Set-Cookie} works); without a token it fails, saying that logins are not followed.
 *   <li><b>Reuse until refused.</b> A session token has no known expiry: it is used until the
 *       coupon endpoint answers a status in {@code auth.tokenExpiredStatuses} (default 401) or sets
 *       {@code auth.tokenExpiredPath} in a 2xx body; then one new login, and the engine replays
 *       once. A second refusal is {@code UNAUTHORIZED}, noted as "the session token of a fresh
 *       login was refused too".
 *   <li><b>Secrets.</b> The login request is shown with the header values and the payload's string
 *       fields masked; the response with Set-Cookie, the token's header or field, and every known
 *       credential value masked.
 * </ul>
 */
package dev.couponfetch.httpclient.session;
