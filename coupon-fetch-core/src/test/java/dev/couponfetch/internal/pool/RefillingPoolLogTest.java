package dev.couponfetch.internal.pool;

import static dev.couponfetch.internal.pool.RefillingPoolCloseTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.Reason;
import dev.couponfetch.testing.CapturedLogs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the pool tells the operator about coupons it could not store: counts, never codes. */
class RefillingPoolLogTest {
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @AfterEach
  void noCode() {
    assertThat(logs()).as("no coupon code in the logs").doesNotContain("1-0", "2-0");
  }

  private String logs() {
    return logs.text();
  }

  private static RefillingPool pool(Settings settings) {
    settings.executor = null;
    return new RefillingPool(settings.build(), d -> {});
  }

  @Test
  void close_timeRunsOut_logsTheCountsItAbandoned() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(3));
    RefillingPool pool = pool(new Settings(fetcher));
    fetcher.awaitCall();

    pool.close(Duration.ZERO);

    assertThat(logs())
        .contains(
            "coupon pool 'promo': close stopped waiting after PT0S and abandoned 1 refill call(s)"
                + " in flight: about 1 coupon(s) the endpoint may have minted are not stored (0"
                + " fetched and not yet stored, 1 call(s) still waiting on the endpoint)");
    fetcher.open(1);
    await(() -> logs().contains("a refill call that close had abandoned stored its 3 coupon(s)"));
  }

  @Test
  void close_abandonedCallFails_logsItsReason() throws Exception {
    GatedFetcher fetcher =
        GatedFetcher.gated(
            n -> {
              throw CouponFetchException.of(Reason.SERVER_ERROR, "HTTP 503");
            });
    RefillingPool pool = pool(new Settings(fetcher));
    fetcher.awaitCall();
    pool.close(Duration.ZERO);

    fetcher.open(1);

    await(
        () ->
            logs()
                .contains(
                    "coupon pool 'promo': a refill call that close had abandoned failed"
                        + " (SERVER_ERROR): coupons the endpoint may have minted for it are lost"));
  }

  @Test
  void close_abandonedCallThrowsOtherwise_logsTheKindOfFailure() throws Exception {
    GatedFetcher fetcher =
        GatedFetcher.gated(
            n -> {
              throw new IllegalStateException("fetcher is closed");
            });
    RefillingPool pool = pool(new Settings(fetcher));
    fetcher.awaitCall();
    pool.close(Duration.ZERO);

    fetcher.open(1);

    await(() -> logs().contains("abandoned failed (IllegalStateException)"));
  }

  @Test
  void close_inTime_logsNothing() throws Exception {
    GatedFetcher fetcher = GatedFetcher.gated(GatedFetcher.codes(3));
    RefillingPool pool = pool(new Settings(fetcher));
    fetcher.awaitCall();
    fetcher.open(1);

    assertThat(pool.close(Duration.ofMinutes(1)).clean()).isTrue();
    assertThat(logs()).isEmpty();
  }

  @Test
  void refill_failsWhileClosingInTime_notReportedAsAbandoned() throws Exception {
    GatedFetcher fetcher =
        GatedFetcher.gated(
            n -> {
              throw CouponFetchException.of(Reason.SERVER_ERROR, "HTTP 503");
            });
    RefillingPool pool = pool(new Settings(fetcher));
    fetcher.awaitCall();
    RefillingPoolCloseTest.Running<RefillingPool.Shutdown> closing =
        RefillingPoolCloseTest.start(() -> pool.close(Duration.ofMinutes(1)));
    closing.awaitWaiting();

    fetcher.open(1);

    assertThat(closing.get().clean()).isTrue();
    assertThat(logs()).isEmpty();
  }

  @Test
  void add_failsEveryAttempt_logsHowManyCouponsAreLost() {
    TestStore store = new TestStore().failNextAdds(3);
    Settings settings = new Settings(GatedFetcher.answering(GatedFetcher.codes(4)));
    settings.store = store;

    new RefillingPool(settings.build(), d -> {});

    assertThat(logs())
        .contains("coupon pool 'promo': 4 fetched coupons could not be stored and are lost")
        .contains("database restarting");
  }
}
