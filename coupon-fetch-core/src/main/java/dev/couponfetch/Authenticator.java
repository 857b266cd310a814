package dev.couponfetch;

import dev.couponfetch.internal.auth.StandardAuthenticators;
import java.util.Map;

/**
 * Adds a config's credentials to a request. Implementations must be thread-safe.
 *
 * <p>{@link #standard(AuthType)} gives the built-in authenticators for credentials that are plain
 * request data ({@code NONE}, {@code BASIC}, {@code QUERY_STRING}, {@code HEADERS}); challenge
 * based schemes ({@code DIGEST}) and tokens ({@code OAUTH2}) are answered by the transport.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * Returns {@code request} with credentials added. Credential headers and query values must be
   * marked sensitive.
   *
   * @param variables the call's variables, for {@code {{variables}}} in credential values
   * @throws CouponFetchException with {@code MISSING_VARIABLE} when a variable is missing
   */
  PreparedRequest authenticate(
      PreparedRequest request, CouponSourceConfig config, Map<String, String> variables);

  /**
   * The built-in authenticator for {@code type}; for {@code DIGEST} and {@code OAUTH2} one that
   * adds nothing, since the transport answers those.
   */
  static Authenticator standard(AuthType type) {
    return StandardAuthenticators.forType(type);
  }
}
