package dev.couponfetch.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PendingAuthorization;
import dev.couponfetch.Secret;
import dev.couponfetch.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingAuthorizationsTest {
  private static final CouponSourceConfig CONFIG =
      CouponSourceConfig.builder("https://coupons.acme.example/code").name("acme").build();

  private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T00:00:00Z"));
  private final PendingAuthorizations pending = new PendingAuthorizations(clock);

  @Test
  void take_once_thenGone() {
    pending.offer(pending("s-1"), CONFIG);

    assertThat(pending.take("s-1"))
        .hasValueSatisfying(e -> assertThat(e.config()).isSameAs(CONFIG));
    assertThat(pending.take("s-1")).isEmpty();
    assertThat(pending.take("s-2")).isEmpty();
  }

  @Test
  void take_justBeforeTenMinutes_found() {
    pending.offer(pending("s-1"), CONFIG);

    clock.advance(PendingAuthorizations.TTL.minusSeconds(1));

    assertThat(pending.take("s-1")).isPresent();
  }

  @Test
  void take_afterTenMinutes_expired() {
    pending.offer(pending("s-1"), CONFIG);

    clock.advance(PendingAuthorizations.TTL);

    assertThat(pending.take("s-1")).isEmpty();
  }

  @Test
  void offer_dropsTheExpired() {
    pending.offer(pending("old"), CONFIG);
    clock.advance(Duration.ofMinutes(11));

    pending.offer(pending("new"), CONFIG);

    assertThat(pending.size()).isEqualTo(1);
    assertThat(pending.take("new")).isPresent();
  }

  @Test
  void offer_whenFull_refusedAndEveryPendingOneKept() {
    for (int i = 0; i < PendingAuthorizations.MAX; i++) {
      assertThat(pending.offer(pending("s-" + i), CONFIG)).isTrue();
      clock.advance(Duration.ofMillis(1));
    }

    // A flood of later starts (another site's, once) must not evict the one being completed.
    for (int i = 0; i < 3 * PendingAuthorizations.MAX; i++) {
      assertThat(pending.offer(pending("flood-" + i), CONFIG)).isFalse();
    }

    assertThat(pending.size()).isEqualTo(PendingAuthorizations.MAX);
    assertThat(pending.take("flood-0")).isEmpty();
    assertThat(pending.take("s-0")).isPresent();
    assertThat(pending.take("s-" + (PendingAuthorizations.MAX - 1))).isPresent();
  }

  @Test
  void untilRoom_full_untilTheOldestExpires() {
    assertThat(pending.untilRoom()).isZero();
    for (int i = 0; i < PendingAuthorizations.MAX; i++) {
      pending.offer(pending("s-" + i), CONFIG);
    }
    clock.advance(Duration.ofMinutes(4));

    assertThat(pending.untilRoom()).isEqualTo(Duration.ofMinutes(6));
    clock.advance(Duration.ofMinutes(6));
    assertThat(pending.untilRoom()).isZero();
    assertThat(pending.offer(pending("after"), CONFIG)).isTrue();
  }

  private PendingAuthorization pending(String state) {
    return new PendingAuthorization(
        "acme",
        "oauth2-test-key",
        URI.create("https://auth.acme.example/authorize?state=" + state),
        URI.create("http://127.0.0.1:8787/api/oauth/callback"),
        Secret.of(state),
        Secret.of("verifier-" + state),
        clock.instant());
  }
}
