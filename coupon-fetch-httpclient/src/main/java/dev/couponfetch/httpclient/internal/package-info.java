/**
 * What the transport's packages share but is not API (the module does not export it): {@link
 * dev.couponfetch.httpclient.internal.CredentialRequests}, which sends an authentication's own
 * request (an OAuth2 token request, a {@code SESSION} login) with a whole-request deadline and a
 * size cap; {@link dev.couponfetch.httpclient.internal.TokenSession}, one fetch's use of a token
 * such a request obtains (attached, renewed once when refused); and the per-request clock of the
 * timings.
 */
package dev.couponfetch.httpclient.internal;
