package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
