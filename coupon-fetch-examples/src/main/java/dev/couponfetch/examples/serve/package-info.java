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
 *   <li><b>Same-origin POSTs.</b> Every API POST, starting an authorization included, is refused
 *       (403) when the browser says it came from elsewhere: {@code Sec-Fetch-Site} other than
 *       {@code same-origin} or {@code none} ({@code same-site} too: a page on another port of this
 *       machine), or an {@code Origin} other than this server's own loopback origin. A request with
 *       neither header (a script, {@code curl}) is not a browser page's and passes.
 *   <li><b>No redirect to a merchant's URL.</b> {@code POST /api/oauth/start} takes the config as
 *       JSON and answers {@code {"authorizationUrl": …}}; the page opens it in a new tab. The
 *       server never answers a redirect, so it cannot be used to send a browser anywhere, and
 *       another site cannot start an authorization in the user's browser (login CSRF).
 *   <li><b>Body limits.</b> POST bodies over 1 MiB get 413, judged from {@code Content-Length}
 *       before reading and by counting while reading (chunked bodies); a body Jetty cannot parse (a
 *       broken chunked encoding) gets 400. Bodies are read asynchronously: a client that sends
 *       headers and then stalls or dribbles holds a connection but no thread, and gets 408 and a
 *       closed connection when its whole body has not arrived within 10 seconds; an idle connection
 *       is closed after 30 seconds.
 *   <li><b>Single-use pending authorizations.</b> {@code /api/oauth/start} keeps the {@link
 *       dev.couponfetch.PendingAuthorization} (with its PKCE verifier) and the config in memory,
 *       keyed by {@code state}; the callback removes it before using it, so a replayed or forged
 *       callback finds nothing. They expire after 10 minutes. At most 100 are kept: a 101st start
 *       gets 429 with {@code Retry-After} rather than dropping one in progress, so no number of
 *       starts can evict the authorization the merchant is completing.
 *   <li><b>No secret out.</b> Answers are built from {@link dev.couponfetch.TestReport} and {@link
 *       dev.couponfetch.CouponFetchException} messages, which mask secrets; the OAuth2 pages say
 *       whether tokens were stored, never what they are; an unexpected exception answers {@code 500
 *       {"error":"internal error"}} and logs only its class, while a valid config the library still
 *       cannot use (a port over 65535, something nested thousands deep) is the caller's fault: 400
 *       and a problem line. Every answer, Jetty's own error answers included (its parser's 400s,
 *       431 and the like, through {@code ErrorPageHandler}), gets a strict Content-Security-Policy
 *       (own script and style only, no framing), {@code no-store}, {@code nosniff} and {@code
 *       no-referrer} (the callback URL's code must not leak in a Referer).
 * </ul>
 */
package dev.couponfetch.examples.serve;
