package dev.couponfetch;

import java.util.Locale;

/**
 * The authentication a merchant's endpoint expects: the config's {@code auth.type}. Each type is a
 * scheme ({@link AuthConfig#scheme()}) that the fetcher runs through the authenticator registered
 * under it; the built-in types are the schemes {@code none}, {@code basic}, {@code digest}, {@code
 * query_string}, {@code headers}, {@code oauth2}, {@code hmac} and {@code session}.
 */
public enum AuthType {
  /** No credentials. */
  NONE,
  /** HTTP Basic, sent preemptively in UTF-8. */
  BASIC,
  /** HTTP Digest (RFC 7616: MD5, SHA-256, qop=auth), answered by the transport's Digest scheme. */
  DIGEST,
  /** Key/values appended to the endpoint's query string. */
  QUERY_STRING,
  /** Key/values sent as request headers. */
  HEADERS,
  /** OAuth 2.0 bearer tokens (authorization code or client credentials grant). */
  OAUTH2,
  /**
   * Signed requests: an HMAC (SHA-1, SHA-256 or SHA-512) over a canonical string of the request,
   * configured in {@code auth.signing}.
   */
  HMAC,
  /**
   * Log in first, then call: a session token from a login request ({@code auth.login}), reused
   * until the endpoint refuses it.
   */
  SESSION,
  /**
   * A scheme registered on the fetcher under {@code auth.scheme} (such as {@code acme-hmac}), with
   * its own {@code auth.settings}.
   */
  CUSTOM;

  private final String scheme = name().toLowerCase(Locale.ROOT);

  /**
   * The scheme a built-in type is registered under on a fetcher: its name in lower case ({@code
   * basic}, {@code query_string}); null for {@code CUSTOM}, whose scheme is the config's {@code
   * auth.scheme}.
   */
  public String scheme() {
    return this == CUSTOM ? null : scheme;
  }
}
