/**
 * OAuth2 token storage: the in-memory and file {@link dev.couponfetch.TokenStore}s, the stored JSON
 * form of tokens, and {@code TokenIdentity}, which derives the key a token is kept under from whom
 * it was issued to and where it may be sent. Reached through {@link dev.couponfetch.TokenStores}.
 * Not API.
 */
package dev.couponfetch.internal.tokens;
