package dev.couponfetch.httpclient.oauth;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.Timeouts;
import dev.couponfetch.TokenStore;
import dev.couponfetch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/** Configs, stores and managers shared by the OAuth2 tests. */
final class OAuthFixtures {
  static final String CLIENT_ID = "coupon-client";
  static final String CLIENT_SECRET = "client-secret-7Hq2";
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private OAuthFixtures() {}

  static AuthConfig.Builder clientCredentials(String tokenUrl) {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.CLIENT_CREDENTIALS)
        .tokenUrl(tokenUrl)
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET);
  }

  static AuthConfig.Builder authorizationCode(String authorizationUrl, String tokenUrl) {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(OAuth2Grant.AUTHORIZATION_CODE)
        .authorizationUrl(authorizationUrl)
        .tokenUrl(tokenUrl)
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET);
  }

  static CouponSourceConfig config(String name, AuthConfig auth) {
    return CouponSourceConfig.builder("http://127.0.0.1:9/coupons")
        .name(name)
        .auth(auth)
        .mapping(MappingConfig.code("code"))
        .timeouts(Timeouts.ofMillis(2000, 2000))
        .build();
  }

  static CloseableHttpClient client() {
    return HttpClients.custom().disableAutomaticRetries().build();
  }

  static TokenManager manager(CloseableHttpClient client, TokenStore store, MutableClock clock) {
    return new TokenManager(
        client, store, Duration.ofSeconds(60), clock, 1024 * 1024, Duration.ZERO);
  }

  static OAuthTokens tokens(String access, String refresh, Instant expiresAt) {
    return OAuthTokens.of(access, refresh, expiresAt, null);
  }

  /** A store that counts reads and lets a test act at the n-th read or write (another node). */
  static final class SpyStore implements TokenStore {
    final TokenStore delegate;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger sets = new AtomicInteger();
    volatile IntConsumer onGet = n -> {};
    volatile IntConsumer onSet = n -> {};

    SpyStore(TokenStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<OAuthTokens> get(String key) {
      onGet.accept(gets.incrementAndGet());
      return delegate.get(key);
    }

    @Override
    public boolean compareAndSet(String key, OAuthTokens expected, OAuthTokens replacement) {
      onSet.accept(sets.incrementAndGet());
      return delegate.compareAndSet(key, expected, replacement);
    }
  }
}
