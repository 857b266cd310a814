/**
 * Request signing ({@code HMAC}): the canonical string of a request, its MAC and the headers that
 * carry it ({@link dev.couponfetch.internal.signing.RequestSigner}), and the authenticator that
 * signs every request a fetch sends ({@link
 * dev.couponfetch.internal.signing.SigningAuthenticator}). No HTTP client is needed: the signature
 * is of the {@link dev.couponfetch.PreparedRequest} as it is sent. Not API.
 */
package dev.couponfetch.internal.signing;
