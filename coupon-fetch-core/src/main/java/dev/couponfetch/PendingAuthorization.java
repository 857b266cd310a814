package dev.couponfetch;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * An authorization that was started and not yet completed: what the caller keeps between {@link
 * OAuth2Authorizer#start} and {@link OAuth2Authorizer#complete}. Keep it server-side (it holds the
 * PKCE verifier), use it once, and drop it after a few minutes. Immutable; {@link #toString()}
 * shows neither the state nor the verifier.
 *
 * @param configName the config's name, for messages
 * @param tokenKey the config's {@link CouponSourceConfig#tokenKey() token key}: the tokens are
 *     stored for that identity, and only a config of the same identity may complete it
 * @param authorizationUri where to send the merchant's browser
 * @param redirectUri where the browser comes back
 * @param state the one-time {@code state} value
 * @param codeVerifier the PKCE code verifier
 * @param createdAt when the authorization started
 */
public record PendingAuthorization(
    String configName,
    String tokenKey,
    URI authorizationUri,
    URI redirectUri,
    Secret state,
    Secret codeVerifier,
    Instant createdAt) {
  /** Checks every part is present. */
  public PendingAuthorization {
    Objects.requireNonNull(configName, "configName == null");
    Objects.requireNonNull(tokenKey, "tokenKey == null");
    Objects.requireNonNull(authorizationUri, "authorizationUri == null");
    Objects.requireNonNull(redirectUri, "redirectUri == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(codeVerifier, "codeVerifier == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }

  @Override
  public String toString() {
    return "PendingAuthorization{configName="
        + configName
        + ", redirectUri="
        + redirectUri
        + ", createdAt="
        + createdAt
        + '}';
  }
}
