package dev.couponfetch;

/** How an {@code OAUTH2} config gets its tokens: the config's {@code auth.grant}. */
public enum OAuth2Grant {
  /**
   * The merchant authorizes once in a browser ("fetch tokens"); the tokens are then renewed with
   * the refresh token. See {@link OAuth2Authorizer}.
   */
  AUTHORIZATION_CODE,
  /** The client's own credentials; no user step. */
  CLIENT_CREDENTIALS
}
