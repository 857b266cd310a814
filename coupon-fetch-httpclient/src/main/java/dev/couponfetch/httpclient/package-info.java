/**
 * The coupon-fetch transport on Apache HttpClient 5: {@link
 * dev.couponfetch.httpclient.HttpClientCouponFetcher}.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>One pool.</b> A fetcher holds one classic {@code CloseableHttpClient} with a pooling
 *       connection manager, shared by every config; nothing is built per call. Timeouts are set per
 *       request from each config's {@code timeouts}; waiting for a pooled connection counts against
 *       the connect timeout.
 *   <li><b>Credentials.</b> Core's authenticators add {@code BASIC} (a preemptive, sensitive {@code
 *       Authorization} header), {@code QUERY_STRING} and {@code HEADERS}; HttpClient's own
 *       authentication is switched off for those requests so it never adds anything. {@code DIGEST}
 *       is answered by HttpClient's {@code DigestScheme} with credentials scoped to the endpoint's
 *       exact origin.
 *   <li><b>Digest contexts.</b> The Digest challenge lives in an {@code HttpClientContext}, so
 *       contexts are kept per (origin, user, password) and lent to one fetch at a time: N
 *       sequential fetches cost N + 1 requests, concurrent fetches each use their own context. At
 *       most 1,000 keys are kept (least recently used dropped first).
 *   <li><b>No shared state between merchants.</b> Cookies are not kept and auth caching is off.
 *   <li><b>Redirects</b> are followed by {@code Redirects}, not HttpClient (whose POST-to-GET
 *       rebuild dropped every header): at most 5, no circles, never https to http; on the same
 *       origin with every header and credential; to another origin only when the request carries no
 *       credentials. Each hop's target passes through one method, the place for per-hop checks.
 *   <li><b>Wire truth.</b> Header values are sent as UTF-8 bytes (response heads are read as UTF-8,
 *       bad bytes replaced). The exchange shows the headers of the last request as written,
 *       HttpClient's own ({@code Host}, the Digest {@code Authorization}) included, credentials
 *       masked.
 *   <li><b>OAuth2.</b> {@code BearerFetch} sends the access token as a sensitive {@code
 *       Authorization: Bearer} header and, when the endpoint says the token expired ({@code
 *       auth.tokenExpiredStatuses}, or {@code auth.tokenExpiredPath} set in a 2xx body), renews it
 *       once and retries once (POST too: the refused request minted nothing). Tokens come from
 *       {@link dev.couponfetch.httpclient.oauth.TokenManager}, which sends Nimbus-built token
 *       requests through this fetcher's pool; see that package.
 *   <li><b>Bounded responses.</b> Bodies are read through a cap counting decoded bytes; beyond it
 *       the connection is dropped, not drained.
 *   <li><b>Secrets.</b> Messages are built from the masked URL; text from elsewhere (error bodies,
 *       exception messages) is searched for the request's secret values and masked. HttpClient's
 *       own DEBUG logging ({@code org.apache.hc.client5.http.headers} and {@code .wire}) prints
 *       request headers, credentials included: leave it off in production.
 * </ul>
 *
 * <h2>Not done yet</h2>
 *
 * <ul>
 *   <li>The network guard: {@code allowPrivateNetworks} is stored but not enforced, so private and
 *       loopback addresses are reachable.
 *   <li>Retries: no request is repeated (HttpClient's automatic retries are disabled).
 *   <li>An overall deadline per fetch (the response timeout bounds each read, also of token
 *       requests) and an asynchronous fetcher.
 * </ul>
 */
package dev.couponfetch.httpclient;
