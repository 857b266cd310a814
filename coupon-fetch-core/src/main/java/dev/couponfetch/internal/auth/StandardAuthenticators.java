package dev.couponfetch.internal.auth;

import dev.couponfetch.AuthType;
import dev.couponfetch.Authenticator;

/** The built-in authenticators. STUB: to be implemented. */
public final class StandardAuthenticators {
  private StandardAuthenticators() {}

  public static Authenticator forType(AuthType type) {
    return (request, config, variables) -> request;
  }
}
