package dev.couponfetch;

/** How the client authenticates at the token endpoint: the config's {@code auth.clientAuth}. */
public enum ClientAuthMethod {
  /** HTTP Basic with the client id and secret (RFC 6749 section 2.3.1, the default). */
  CLIENT_SECRET_BASIC,
  /** {@code client_id} and {@code client_secret} in the form body. */
  CLIENT_SECRET_POST
}
