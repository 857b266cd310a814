/**
 * A config's request as templates compiled once ({@code RequestTemplate}) and filled in per call.
 *
 * <h2>Variables in the endpoint</h2>
 *
 * Each {@code {{variable}}} in the endpoint is percent-encoded as a URI component (UTF-8, all but
 * {@code A-Z a-z 0-9 - . _ ~}), so a value can never add a path segment, a query parameter or a
 * fragment ({@code /} is {@code %2F}). In the path, a value that is exactly {@code .} or {@code ..}
 * is sent as {@code %2E} or {@code %2E%2E}, so it cannot form a dot-segment: {@code /x/{{id}}/y}
 * with {@code id=..} is {@code /x/%2E%2E/y}, never {@code /x/../y} (which servers and proxies read
 * as {@code /y}). Values in the query keep their dots.
 */
package dev.couponfetch.internal.request;
