/**
 * {@code coupon-fetch serve}: the settings page and its JSON API, for one merchant at one browser
 * on this machine.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Loopback only.</b> The server binds to {@code 127.0.0.1} and nothing else: it tests
 *       configurations holding passwords and stores OAuth2 tokens, with no login of its own, so
 *       only this machine may reach it. It is a development tool, not the platform's settings
 *       screen.
 *   <li><b>Host check against DNS rebinding.</b> A web page elsewhere can rebind its own host name
 *       to 127.0.0.1 and then call this server as "same origin". Its requests still carry its name
 *       in {@code Host}, so every request whose {@code Host} is not {@code 127.0.0.1:PORT}, {@code
 *       localhost:PORT} or {@code [::1]:PORT} gets 403 ({@code Router.hostAllowed}).
 *   <li><b>JSON content type against CSRF.</b> A cross-site form, or a {@code fetch} without a
 *       preflight, can only send form types or {@code text/plain}. The API's POSTs demand {@code
 *       application/json} (415 otherwise), which from another origin needs a CORS preflight that
 *       this server never answers, so another site can neither trigger a test nor read one.
 *   <li><b>Body limit.</b> POST bodies over 1 MiB get 413, judged from {@code Content-Length}
 *       before reading and by counting while reading (chunked bodies).
 *   <li><b>Single-use pending authorizations.</b> {@code /api/oauth/start} keeps the {@link
 *       dev.couponfetch.PendingAuthorization} (with its PKCE verifier) and the config in memory,
 *       keyed by {@code state}; the callback removes it before using it, so a replayed or forged
 *       callback finds nothing. They expire after 10 minutes, and at most 100 are kept (the oldest
 *       dropped), so repeated clicks cannot grow memory.
 *   <li><b>No secret out.</b> Answers are built from {@link dev.couponfetch.TestReport} and {@link
 *       dev.couponfetch.CouponFetchException} messages, which mask secrets; the OAuth2 pages say
 *       whether tokens were stored, never what they are; an unexpected exception answers {@code 500
 *       {"error":"internal error"}} and logs only its class. The page gets a strict
 *       Content-Security-Policy (own script and style only, no framing), {@code no-store}, {@code
 *       nosniff} and {@code no-referrer} (the callback URL's code must not leak in a Referer).
 * </ul>
 */
package dev.couponfetch.examples.serve;
