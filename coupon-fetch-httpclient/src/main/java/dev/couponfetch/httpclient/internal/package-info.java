/**
 * What the transport's packages share but is not API (the module does not export it): {@link
 * dev.couponfetch.httpclient.internal.CredentialRequests}, which sends an authentication's own
 * request (an OAuth2 token request, a {@code SESSION} login) with a whole-request deadline and a
 * size cap.
 */
package dev.couponfetch.httpclient.internal;
