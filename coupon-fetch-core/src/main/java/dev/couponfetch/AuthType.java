package dev.couponfetch;

/** The authentication a merchant's endpoint expects: the config's {@code auth.type}. */
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
  /** OAuth 2.0 bearer tokens (not supported by this version; see the changelog). */
  OAUTH2
}
