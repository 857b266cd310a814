package dev.couponfetch.examples.bench.load;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import java.util.Map;

/**
 * The auth types the load benchmark compares, each with its endpoint on the {@link BenchServer}.
 */
enum AuthCase {
  NONE("/open/coupon"),
  BASIC("/basic/coupon"),
  DIGEST("/digest/coupon"),
  QUERY_STRING("/query/coupon");

  private final String path;

  AuthCase(String path) {
    this.path = path;
  }

  String path() {
    return path;
  }

  /** The URL the baseline requests: the path, and for {@code QUERY_STRING} the key in the query. */
  String rawUrl(BenchServer server) {
    return this == QUERY_STRING
        ? server.url(path) + "?apiKey=" + BenchServer.API_KEY
        : server.url(path);
  }

  /** The coupon-fetch configuration of this case, as a merchant would set it up. */
  CouponSourceConfig config(BenchServer server) {
    return config(server.url(path), auth());
  }

  static CouponSourceConfig config(String endpoint, AuthConfig auth) {
    return CouponSourceConfig.builder(endpoint)
        .name("bench")
        .auth(auth)
        .mapping(
            MappingConfig.builder()
                .code("result.0.data.coupon")
                .expiry("result.0.data.expires")
                .build())
        .build();
  }

  AuthConfig auth() {
    switch (this) {
      case BASIC:
        return AuthConfig.basic(BenchServer.USER, BenchServer.PASSWORD);
      case DIGEST:
        return AuthConfig.digest(BenchServer.USER, BenchServer.PASSWORD);
      case QUERY_STRING:
        return AuthConfig.queryString(Map.of("apiKey", BenchServer.API_KEY));
      default:
        return AuthConfig.none();
    }
  }
}
