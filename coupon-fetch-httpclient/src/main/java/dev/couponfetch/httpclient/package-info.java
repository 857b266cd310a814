/**
 * The coupon-fetch transport on Apache HttpClient 5: {@link
 * dev.couponfetch.httpclient.HttpClientCouponFetcher}.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>One engine.</b> {@code FetchRun} is the fetch, decided step by step: it asks the
 *       config's {@link dev.couponfetch.Authenticator} for credentials, follows redirects, keeps
 *       the deadline, decides retries ({@code Retries}), turns the answer into coupons or a failure
 *       (through the config's {@link dev.couponfetch.ResponseMapper}) and, when the authenticator
 *       says so, renews the credentials and replays the request once. It does no I/O and never
 *       waits: each step returns what to do next (wait for credentials, send this request, wait
 *       this long, done). Two thin drivers do that: {@code BlockingDriver} on the calling thread
 *       with the classic client, {@code AsyncDriver} on the async client, its timer and a small
 *       pool for credentials that block (token requests). A fix to the hop loop, the retries or the
 *       renewal is made once, and {@code FetchMode} runs the tests both ways.
 *   <li><b>Registered, not privileged.</b> Authenticators and response mappers are kept by name
 *       ({@code FetchEngine}); the built-in ones are registered like the builder's own: {@code
 *       none}, {@code query_string} and {@code headers} are core's plain authenticators, {@code
 *       basic} is HttpClient's {@code BasicScheme} (preemptive, UTF-8, made once for a config
 *       without variables), {@code digest} ({@code DigestAuthenticator}) answers challenges with
 *       HttpClient's {@code DigestScheme} in a context it lends to the engine ({@code
 *       ChallengeSession}), and {@code oauth2} is the token manager. The engine has no switch on
 *       the auth type; a name nobody registered is {@code INVALID_CONFIG} before anything is sent.
 *   <li><b>One pool.</b> A fetcher holds one classic {@code CloseableHttpClient} with a pooling
 *       connection manager, shared by every config; nothing is built per call (a config with extra
 *       trusted CAs has its own, see below). Timeouts are set per request from each config's {@code
 *       timeouts}; waiting for a pooled connection counts against the connect timeout.
 *   <li><b>Credentials.</b> Credentials added to the request are sensitive headers or query values;
 *       HttpClient's own authentication is switched off for those requests so it never adds
 *       anything. {@code DIGEST} is answered by HttpClient's {@code DigestScheme} with credentials
 *       scoped to the endpoint's exact origin.
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
 *   <li><b>OAuth2.</b> The token manager's session sends the access token as a sensitive {@code
 *       Authorization: Bearer} header and, when the endpoint says the token expired ({@code
 *       auth.tokenExpiredStatuses}, or {@code auth.tokenExpiredPath} set in a 2xx body), asks the
 *       engine to renew it once and replay once (POST too: the refused request minted nothing).
 *       Tokens come from {@link dev.couponfetch.httpclient.oauth.TokenManager}, which sends
 *       Nimbus-built token requests through this fetcher's pool; see that package.
 *   <li><b>Bounded responses.</b> Bodies are read through a cap counting decoded bytes; beyond it
 *       the connection is dropped, not drained.
 *   <li><b>Secrets.</b> Credentials are masked where they stand: credential headers (and a response
 *       header of the same name), the named query parameters (in a {@code Location} too), a URL's
 *       userinfo. Messages are built from the masked URL; text from elsewhere (error bodies,
 *       exception messages) is searched for the request's secret values of at least 8 characters
 *       and masked (a shorter one would turn up as {@code ****} in unrelated text and show itself:
 *       {@code application/json} for the secret {@code json}). HttpClient's own DEBUG logging
 *       ({@code org.apache.hc.client5.http.headers} and {@code .wire}) prints request headers,
 *       credentials included: leave it off in production.
 * </ul>
 *
 * <h2>Time limits, retries and broken servers</h2>
 *
 * <ul>
 *   <li><b>Per wait.</b> Waiting for a pooled connection and connecting: {@code timeouts.connectMs}
 *       each; each read of the response: {@code timeouts.responseMs}. The pool holds at most 200
 *       connections, 20 per host (builder options); a full pool is {@code TIMEOUT} after {@code
 *       connectMs}.
 *   <li><b>Per request.</b> One request, from leasing a connection to the last byte of its body,
 *       ends within {@code connectMs + responseMs}, however slowly the server trickles bytes in
 *       (each read would be inside the read timeout). HttpClient 5.6 has no such limit (its request
 *       timeout proposal, HTTPCLIENT-1074, was not merged), so {@code Deadline} cuts each
 *       HttpClient timeout to the time left and a timer thread per fetcher aborts the request
 *       ({@code HttpUriRequestBase.cancel()}, which closes its connection and so ends a blocked
 *       read) when its time is up; the body reader also checks between reads.
 *   <li><b>Per fetch.</b> Redirects, retries with their waits and the OAuth2 renewal's second
 *       request all fit in the fetch's deadline: {@code fetchDeadline}, by default twice {@code
 *       connectMs + responseMs}. Nothing is sent once it has passed. Either limit fails with {@code
 *       TIMEOUT}, its message naming the limit.
 *   <li><b>Retries</b> ({@code Retries}; HttpClient's own are off, as its default retries a POST
 *       answered 503 and waits for any {@code Retry-After}): a {@code GET} is sent again when it
 *       never reached the server (connection refused, connect timeout) or was answered 429 or 503,
 *       at most {@code maxRetries} times (default 2). A {@code POST} only when its config sets
 *       {@code retryPost}: even a refused connection is not retried otherwise, as the spec
 *       promises. The wait is the answer's {@code Retry-After} (seconds, or an HTTP-date read
 *       against the answer's {@code Date}), else a random time below 100 ms, 200 ms, 400 ms... (at
 *       most 2 s). A {@code Retry-After} beyond {@code maxRetryWait} (default 10 s) or beyond the
 *       deadline fails the fetch at once, retryable, saying when to try again. Waits are
 *       interruptible: an interrupted fetch fails at once, not retryable, and keeps the interrupt.
 *   <li><b>Broken servers.</b> A reset connection and a close before any answer are {@code
 *       CONNECT_FAILED}; a close in the middle of the body too, its message giving the byte counts.
 *       An answer that is not HTTP (bytes that are no status line, a bad header, more headers or a
 *       longer header line than HttpCore allows, broken chunked encoding) is {@code SERVER_ERROR},
 *       not retryable: the server's HTTP is wrong, trying again will not help. Both clients parse
 *       strictly (HttpClient's lenient parser would skip such lines until the close, and the answer
 *       would look like none). None of these is retried (the request reached the server), and each
 *       drops its connection, so the pool stays whole. For a {@code POST} without {@code
 *       retryPost}, a failure after the request reached the server (a close, a reset, a body cut
 *       short, no answer in time) says that the endpoint may have created a coupon that was not
 *       received, and is not retryable.
 *   <li><b>Statuses</b> are described by their class: a 3xx that was not followed says so, a 1xx (a
 *       {@code 101} protocol switch) and a status outside 100 to 599 are {@code SERVER_ERROR} (RFC
 *       9110, section 15), each with its own explanation and hint.
 * </ul>
 *
 * <h2>One slow merchant never hurts the others</h2>
 *
 * <p>Before each request a fetch sends (the first, each retry, the replay after a renewal) it
 * passes its endpoint origin's policies ({@code OriginPolicies}, one {@code Gate} per fetch), in
 * this order; a probe ({@code probe}, Test Configuration's call) passes none of them:
 *
 * <ul>
 *   <li><b>A pause the endpoint announced</b>: {@code Retry-After} on a 429 or 503, {@code
 *       RateLimit-Remaining: 0} / {@code X-RateLimit-Remaining: 0} with their {@code Reset}
 *       (delta-seconds, or epoch seconds above 10^9), the draft's {@code RateLimit: …, remaining=0,
 *       reset=N} ({@code AnnouncedLimits}; at most an hour). Kept per origin <em>and
 *       credentials</em> (a hash of the config's {@code auth} and client certificate): two
 *       merchants of one SaaS host do not share a limit. {@code limits.whenRateLimited} {@code
 *       WAIT} waits when that (plus up to half as long again, at random: held-back fetches go
 *       spread out) ends before the fetch's deadline, else (or with {@code FAIL}) the fetch fails
 *       at once, {@code RATE_LIMITED}, with {@code retryAt}. A fetch's own retry after the {@code
 *       Retry-After} it was answered is not held back again by the same pause.
 *   <li><b>The circuit breaker</b> ({@code OriginCircuit}, a Resilience4j breaker with a time
 *       window): connect failures, timeouts, TLS failures and 5xx answers count as failures, any
 *       other answer as a success, a 429 as neither. An origin gets its breaker at its first
 *       failure and loses it once it has none in the window (a breaker is about 4 KB: thousands of
 *       healthy origins keep none), so calls count from the first failure on. Open: {@code
 *       ENDPOINT_UNAVAILABLE} at once, retryable, {@code retryAt} the end of the pause (checked
 *       before credentials are made too); then one probe call (half-open) decides. The state is in
 *       {@code health(config)}, in each {@code FetchEvent.circuit()}, in Micrometer's {@code
 *       circuit} tag, and in Test Configuration's report.
 *   <li><b>The config's budget</b> ({@code limits.requestsPerSecond}, {@code RateBudget}): a
 *       Resilience4j {@code AtomicRateLimiter} per origin, credentials, rate and policy; {@code
 *       WAIT} reserves the next free turn (at most a minute ahead; a turn past the fetch's deadline
 *       fails the fetch and is lost, which errs on the side of the merchant's limit), {@code FAIL}
 *       takes one only now. With a {@code RateBudgetStore} the turn is taken from the shared store
 *       (fixed windows), on the fetch's blocking pool; if the store fails, this node's limiter
 *       stands in (logged at WARN).
 *   <li><b>The bulkhead</b> ({@code OriginBulkhead}): at most {@code maxConcurrent} requests in
 *       flight per origin (default: {@code maxConnectionsPerRoute}, so that requests wait here, in
 *       a bounded queue, rather than in the connection pool's unbounded one) and {@code maxQueued}
 *       waiting (default 1,000), first come first served, none past its deadline; beyond, {@code
 *       ENDPOINT_BUSY} at once. A waiting fetch holds no thread on the async path. Resilience4j's
 *       semaphore bulkhead counts the permits; its own waiting blocks a thread and has no bound,
 *       hence the queue.
 * </ul>
 *
 * <p>State is kept per origin on first use and swept once idle (a map holds more than 10,000
 * entries), so thousands of merchants cost only the origins in use. Retries stay the fetch engine's
 * own decision ({@code Retries}): which failures may be sent again is this library's rule (a
 * request that reached the server may have minted a coupon), and Resilience4j's retry executors
 * would run the request themselves, outside the one engine both drivers share.
 *
 * <h2>Logging and metrics</h2>
 *
 * <p>SLF4J, quiet by default: a library's fetch is its caller's business, so nothing is logged at
 * INFO, and a failure the caller receives as an exception ({@code OAUTH_TOKEN_FAILED} included) is
 * logged at DEBUG only, not once more at WARN. Levels, all under {@code dev.couponfetch.httpclient}
 * (the per-fetch lines under the {@code HttpClientCouponFetcher} logger):
 *
 * <ul>
 *   <li><b>WARN</b>: what the caller cannot see otherwise: a {@code FetchListener} that threw (once
 *       per listener class), a token store that kept changing under a renewal.
 *   <li><b>DEBUG</b>: one line per fetch: config name, method, URL with credential query values
 *       masked, status or {@code Reason} and message, duration, coupons, redirect and attempts; one
 *       line per token request (name, grant, token URL, status).
 *   <li><b>TRACE</b>: the exchange as recorded, credentials masked and echoed secrets redacted,
 *       each body cut to 1,000 characters. It shows coupon codes and the payload (visitor data):
 *       turn it on to troubleshoot one merchant, not in production.
 * </ul>
 *
 * <p>No level logs a credential; messages and bodies pass through the same masking as the {@code
 * Exchange}. HttpClient's own {@code org.apache.hc.client5.http.headers} and {@code
 * org.apache.hc.client5.http.wire} loggers print request headers and bodies, credentials included:
 * keep them off (at INFO or above) wherever logs are kept.
 *
 * <p><b>Listeners.</b> {@link
 * dev.couponfetch.httpclient.HttpClientCouponFetcher.Builder#listener(dev.couponfetch.FetchListener)}
 * adds a {@link dev.couponfetch.FetchListener}, called once per fetch that started (after the
 * argument and closed checks), on the fetching thread, after it ended either way, {@code
 * MISSING_VARIABLE} and {@code INVALID_CONFIG} included; its {@link dev.couponfetch.FetchEvent}
 * carries no secret. The duration runs from entering {@code fetch} to leaving it; attempts counts
 * the requests sent to the endpoint (the OAuth2 retry after an expired token is a second attempt;
 * redirects and token requests are not counted). A listener that throws is logged and skipped.
 * {@link dev.couponfetch.httpclient.micrometer.MicrometerFetchListener} records them in Micrometer
 * (an optional dependency; only that class needs it).
 *
 * <h2>Network guard</h2>
 *
 * <p>Merchants choose the URL and our servers call it, so by default a fetcher connects to public
 * addresses only ({@link dev.couponfetch.httpclient.guard.NetworkGuard}).
 *
 * <ul>
 *   <li><b>Where.</b> In the {@code DnsResolver} of every connection manager: HttpClient asks it
 *       for each new connection (the endpoint, every redirect to a new host, OAuth2 token URLs,
 *       which go through the same clients) and connects to exactly the addresses it returns, so the
 *       addresses judged are the addresses used: a DNS answer that changes in between (DNS
 *       rebinding) cannot slip through, and a pooled connection was judged when it was opened. IP
 *       literals pass through it too (IPv6 in brackets). A refusal is a {@code
 *       BlockedAddressException} (an {@code UnknownHostException}, which HttpClient passes on
 *       unchanged) thrown before any socket is opened, and becomes {@code BLOCKED_ADDRESS}, not
 *       retryable, naming the host and the address class ("127.0.0.1 is a loopback address").
 *   <li><b>What.</b> Everything but public addresses: {@code 0.0.0.0/8}, {@code 10/8}, {@code
 *       100.64/10}, {@code 127/8}, {@code 169.254/16} (cloud metadata), {@code 172.16/12}, {@code
 *       192.0.0.0/24}, {@code 192.0.2/24}, {@code 192.168/16}, {@code 198.18/15}, {@code
 *       198.51.100/24}, {@code 203.0.113/24}, {@code 224/4}, {@code 240/4}, {@code
 *       255.255.255.255}; {@code ::}, {@code ::1}, {@code 64:ff9b:1::/48}, {@code 100::/64}, Teredo
 *       {@code 2001::/32}, {@code 2001:2::/48}, {@code 2001:db8::/32}, {@code fc00::/7}, {@code
 *       fe80::/10}, {@code fec0::/10}, {@code ff00::/8}. IPv6 forms carrying an IPv4 address
 *       (mapped {@code ::ffff:0:0/96}, translated, compatible {@code ::/96}, NAT64 {@code
 *       64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that address. A host name is refused
 *       when any of its addresses is.
 *   <li><b>Numeric hosts.</b> A host browsers read as an IPv4 number ({@code 2130706433}, {@code
 *       0x7f000001}, {@code 0177.0.0.1}) never reaches DNS: it is read as the WHATWG URL standard
 *       (and curl) reads it and refused when the JDK would read it differently ({@code 0177.0.0.1}
 *       is 127.0.0.1 to curl, 177.0.0.1 to Java), since we would connect somewhere the merchant's
 *       own tools do not.
 *   <li><b>Opt-outs</b> on the builder: {@code allowPrivateNetworks(true)} turns the guard off
 *       (local development, tests); {@code allowHosts} names hosts (exact, case-insensitive) that
 *       may resolve anywhere; {@code allowCidrs} lets address blocks through (checked when set).
 * </ul>
 *
 * <h2>TLS</h2>
 *
 * <ul>
 *   <li>Host names are always verified, by the JDK during the handshake and by HttpClient's {@code
 *       DefaultHostnameVerifier} ({@code HostnameVerificationPolicy.BOTH}); there is no option to
 *       turn that off.
 *   <li>A config's {@code tls.trustedCertificates} (PEM) adds CAs for that config only: its
 *       requests, token requests included, use a client of their own that trusts the JDK's CAs and
 *       those ({@link dev.couponfetch.httpclient.tls.TlsClients}). A pool holds one TLS strategy,
 *       and a connection verified through one merchant's CA must never serve another config. These
 *       clients are built like the shared one (same guard, timeouts, pool sizes, each its own
 *       limits), cached by the PEM's SHA-256 (at most 100; the least recently used is closed once
 *       no fetch uses it) and closed with the fetcher.
 *   <li>A failed handshake is {@code TLS_FAILED}, not retryable, with the reason in a few words:
 *       "certificate not trusted: PKIX path building failed", "certificate does not match host
 *       localhost", "certificate expired", else the JDK's innermost message; for a token endpoint
 *       too.
 * </ul>
 *
 * <h2>Async</h2>
 *
 * <ul>
 *   <li><b>Same decisions, other I/O.</b> {@code fetchAsync} runs on a {@code
 *       CloseableHttpAsyncClient} built like the classic one ({@code ClientFactory.createAsync}:
 *       the same guard resolver, pool sizes, UTF-8 heads, interceptors, and none of HttpClient's
 *       own redirects, retries, cookies or auth caching), started on the first async fetch. {@code
 *       AsyncDriver} runs the same {@code FetchRun} as the blocking driver: it only sends,
 *       schedules the next try on the timer instead of sleeping, and waits for credentials on their
 *       future (a token renewal's leader runs on a small blocking pool). The test classes that run
 *       every fetch both ways ({@code FetchMode}) hold the two drivers to the same answers.
 *   <li><b>Threads.</b> I/O threads ({@code ioThreads}) only move bytes; responses are handed to as
 *       many continuation threads, which map them, send the next hop and complete the futures (so a
 *       caller's {@code thenApply} runs there: chain blocking work with an executor of its own).
 *       The body is collected by {@code AsyncBody} through the same decoded-byte cap (a redirect's
 *       long body is dropped after 64 KiB, as the blocking client does).
 *   <li><b>Differences.</b> A config with {@code tls.trustedCertificates} is fetched by {@code
 *       fetch} on the blocking pool (its client is a classic one). Waiting for a free pooled
 *       connection ends at the request's limit, not at {@code connectMs}: HttpCore's async pool
 *       checks expired lease requests only when a connection is released or requested.
 * </ul>
 *
 * <h2>Java modules</h2>
 *
 * <p>This module is the automatic module {@code dev.couponfetch.httpclient} (its jar's {@code
 * Automatic-Module-Name}); it has no {@code module-info}. A descriptor would have to {@code
 * requires} Nimbus oauth2-oidc-sdk, whose jar (11.38.2, and 11.39 too) has neither a {@code
 * module-info} nor an {@code Automatic-Module-Name}: the only name it has is {@code
 * oauth2.oidc.sdk}, derived from its file name, which a published descriptor must not depend on
 * (the day Nimbus names its module, every application on the module path would break). On the
 * module path an application therefore {@code requires dev.couponfetch} and {@code
 * dev.couponfetch.httpclient}, and also {@code jdk.net} and {@code com.nimbusds.jose.jwt} (or
 * launches with {@code --add-modules jdk.net,com.nimbusds.jose.jwt}): the automatic modules
 * HttpClient 5 and oauth2-oidc-sdk use them at run time and cannot say so. Core's internal packages
 * stay exported to this module only; the packages of this module are all readable (an automatic
 * module exports every package), and only {@code dev.couponfetch.httpclient}, {@code .guard} and
 * {@code .micrometer} are API. On the class path nothing of this matters.
 *
 * <h2>Not done yet</h2>
 *
 * <ul>
 *   <li>A token request is cut when it outlasts its config's connect plus response timeout (a
 *       slow-drip token endpoint cannot hold a fetch), and its time counts against the fetch's
 *       deadline, but the fetch's own deadline does not cut it shorter than that.
 * </ul>
 */
package dev.couponfetch.httpclient;
