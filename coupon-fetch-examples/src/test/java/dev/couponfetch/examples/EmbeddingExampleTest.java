package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.ConfigurationTester;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.httpclient.HttpClientCouponFetcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {
  @Test
  void run_againstDemoServer_testsAndFetches() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DemoCouponServer merchant = DemoCouponServer.start()) {
      EmbeddingExample.run(
          merchant.url("/basic/coupons"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).isEqualTo("Configuration Works!"))
        .satisfies(
            l -> assertThat(l.get(1)).matches("ADA-\\d+-\\w{4} expires 2027-03-01T12:00:00Z"));
  }

  @Test
  void runCustomScheme_registeredAuthenticator_signsAndFetches() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DemoCouponServer merchant = DemoCouponServer.start()) {
      EmbeddingExample.runCustomScheme(
          merchant.url("/signed/coupon"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(2)
        .satisfies(l -> assertThat(l.get(0)).isEqualTo("Configuration Works!"))
        .satisfies(l -> assertThat(l.get(1)).matches("SIGNED-\\d+-\\w{4}"));
  }

  @Test
  void signedEndpoint_refusesAWrongSignature() {
    try (DemoCouponServer merchant = DemoCouponServer.start();
        HttpClientCouponFetcher fetcher =
            HttpClientCouponFetcher.builder().allowPrivateNetworks(true).build()) {
      String timestamp = Long.toString(System.currentTimeMillis() / 1000);
      CouponSourceConfig config =
          CouponSourceConfig.builder(merchant.url("/signed/coupon"))
              .headers(
                  Map.of(
                      "X-Demo-Timestamp",
                      timestamp,
                      "X-Demo-Signature",
                      DemoCouponServer.signature(
                          "not-the-key", "GET", "/signed/coupon", timestamp)))
              .build();

      assertThat(new ConfigurationTester(fetcher).test(config, Map.of()).status()).contains(401);
    }
  }
}
