package dev.couponfetch;

/** How the client authenticates at the token endpoint: the config's {@code auth.clientAuth}. */
public enum ClientAuthMethod {
  /** HTTP Basic with the client id and secret (RFC 6749 section 2.3.1, the default). */
  CLIENT_SECRET_BASIC,
  /** {@code client_id} and {@code client_secret} in the form body. */
  CLIENT_SECRET_POST,
  /** A JWT signed with the client secret (HS256 by default), RFC 7523 {@code client_secret_jwt}. */
  CLIENT_SECRET_JWT,
  /** A JWT signed with the client's private key ({@code auth.clientKey}), RFC 7523. */
  PRIVATE_KEY_JWT,
  /**
   * The client certificate ({@code tls.clientCertificate}) on the token request, and {@code
   * client_id} in the body (RFC 8705 {@code tls_client_auth}).
   */
  TLS_CLIENT_AUTH,
  /** A public client: {@code client_id} in the body and no secret. */
  NONE
}
