/**
 * The built-in authenticators that need no HTTP client ({@code none}, {@code basic}, {@code
 * query_string}, {@code headers}): stateless singletons a transport registers like its own. Not
 * API.
 */
package dev.couponfetch.internal.auth;
