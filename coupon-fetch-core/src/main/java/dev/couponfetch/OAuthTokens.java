package dev.couponfetch;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The OAuth2 tokens of one config, as kept in a {@link TokenStore}: the access token, the refresh
 * token if any, when the access token expires if known, its type and scope. Immutable and
 * thread-safe; {@link #toString()} shows no token.
 */
public final class OAuthTokens {
  private final Secret accessToken;
  private final Secret refreshToken;
  private final Instant expiresAt;
  private final String scope;

  private OAuthTokens(Secret accessToken, Secret refreshToken, Instant expiresAt, String scope) {
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.expiresAt = expiresAt;
    this.scope = scope;
  }

  /**
   * Tokens.
   *
   * @param accessToken the access token; null for a store entry seeded with a refresh token only
   * @param refreshToken the refresh token, or null
   * @param expiresAt when the access token expires, or null when unknown
   * @param scope the granted scope, or null
   */
  public static OAuthTokens of(
      String accessToken, String refreshToken, Instant expiresAt, String scope) {
    if (accessToken == null && refreshToken == null) {
      throw new IllegalArgumentException("accessToken and refreshToken are both null");
    }
    return new OAuthTokens(
        accessToken == null ? null : Secret.of(accessToken),
        refreshToken == null ? null : Secret.of(refreshToken),
        expiresAt,
        scope);
  }

  /** The access token, if there is one. */
  public Optional<Secret> accessToken() {
    return Optional.ofNullable(accessToken);
  }

  /** The refresh token, if there is one. */
  public Optional<Secret> refreshToken() {
    return Optional.ofNullable(refreshToken);
  }

  /** When the access token expires, if known. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The granted scope, if the server said. */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /**
   * Whether the access token can be used at {@code now} with {@code margin} to spare: there is one,
   * and its expiry is unknown or later than {@code now + margin}.
   */
  public boolean isUsable(Instant now, Duration margin) {
    return accessToken != null && (expiresAt == null || expiresAt.isAfter(now.plus(margin)));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OAuthTokens)) {
      return false;
    }
    OAuthTokens that = (OAuthTokens) o;
    return Objects.equals(accessToken, that.accessToken)
        && Objects.equals(refreshToken, that.refreshToken)
        && Objects.equals(expiresAt, that.expiresAt)
        && Objects.equals(scope, that.scope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken, refreshToken, expiresAt, scope);
  }

  /** Which tokens are present and when the access token expires; never a token. */
  @Override
  public String toString() {
    return "OAuthTokens{accessToken="
        + (accessToken == null ? "none" : Secret.MASK)
        + ", refreshToken="
        + (refreshToken == null ? "none" : Secret.MASK)
        + ", expiresAt="
        + expiresAt
        + ", scope="
        + scope
        + '}';
  }
}
