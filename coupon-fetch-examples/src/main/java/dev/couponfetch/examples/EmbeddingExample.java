package dev.couponfetch.examples;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.Authenticator;
import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.TestReport;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.PrintStream;
import java.util.Map;

/**
 * How an application embeds coupon-fetch: build one fetcher, test a merchant's configuration, fetch
 * a coupon per visitor. Runs against the {@link DemoCouponServer}, standing in for the merchant's
 * endpoint.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** Starts the demo server and runs the example against it. */
  public static void main(String[] args) {
    try (DemoCouponServer merchant = DemoCouponServer.start()) {
      run(merchant.url("/basic/coupons"), System.out);
      runCustomScheme(merchant.url("/signed/coupon"), System.out);
    }
  }

  static void run(String endpoint, PrintStream out) {
    // One fetcher for the whole application: thread-safe, pooled connections. Merchants choose
    // the URLs, so keep private networks refused in production; the demo endpoint is on 127.0.0.1.
    try (CouponFetcher fetcher =
        HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build()) {
      // The merchant's settings (or CouponSourceConfig.fromJson(json) from the settings screen).
      CouponSourceConfig config =
          CouponSourceConfig.builder(endpoint)
              .name("acme-spring-sale")
              .method(RequestMethod.POST_JSON)
              .payloadJson("{\"campaign\": \"spring\", \"email\": \"{{email}}\"}")
              .auth(AuthConfig.basic(DemoCouponServer.USER, DemoCouponServer.PASSWORD))
              .mapping(
                  MappingConfig.builder()
                      .code("result.coupon.code")
                      .expiry("result.coupon.expires")
                      .build())
              .build();

      // The "Test Configuration" button: never throws for a failing endpoint.
      TestReport report =
          new ConfigurationTester(fetcher).test(config, Map.of("email", "test@acme.example"));
      out.println(report.headline()); // "Configuration Works!" or "Configuration Failed: ..."

      // A visitor's coupon; failures throw CouponFetchException with a Reason.
      Coupon coupon = fetcher.fetch(config, Map.of("email", "ada@example.com")).first();
      out.println(
          coupon.code() + " " + coupon.expiry().map(x -> "expires " + x).orElse("does not expire"));
    }
  }

  /**
   * A merchant whose endpoint speaks a scheme of its own (an HMAC over the method, path and a
   * timestamp): a custom authenticator, registered on the fetcher's builder and named by the
   * config's {@code "auth": {"type": "CUSTOM", "scheme": "demo-hmac", "settings": {...}}}.
   */
  static void runCustomScheme(String endpoint, PrintStream out) {
    Authenticator.Plain demoHmac =
        (request, config, variables) -> {
          String timestamp = Long.toString(System.currentTimeMillis() / 1000);
          String key = config.auth().settings().get("key").reveal();
          String path = request.uri().getRawPath();
          String method = request.method().httpMethod();
          return request
              .withHeader("X-Demo-Timestamp", timestamp, false)
              .withHeader(
                  "X-Demo-Signature",
                  DemoCouponServer.signature(key, method, path, timestamp),
                  true);
        };
    try (CouponFetcher fetcher =
        HttpClientCouponFetcher.builder()
            .allowPrivateNetworks(true)
            .authenticator("demo-hmac", demoHmac)
            .build()) {
      CouponSourceConfig config =
          CouponSourceConfig.builder(endpoint)
              .auth(AuthConfig.custom("demo-hmac", Map.of("key", DemoCouponServer.API_KEY)))
              .mapping(MappingConfig.builder().code("coupon").build())
              .build();
      TestReport report = new ConfigurationTester(fetcher).test(config, Map.of());
      out.println(report.headline());
      out.println(fetcher.fetch(config).first().code());
    }
  }
}
