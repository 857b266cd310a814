package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demo_everyConfigurationWorks_exit0() {
    CliRun run = CliRun.of("demo");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("== 1/6 ")
        .contains("== 6/6 ")
        .contains("6 of 6 configurations work");
    assertThat(run.out())
        .doesNotContain(DemoCouponServer.PASSWORD)
        .doesNotContain(DemoCouponServer.API_KEY);
    // The Basic/POST JSON endpoint derives its code from the {{email}} it received.
    assertThat(run.out()).containsPattern("(?m)^  ADA-\\d+-\\w{4}  expires 2027-03-01T12:00:00Z$");
  }
}
