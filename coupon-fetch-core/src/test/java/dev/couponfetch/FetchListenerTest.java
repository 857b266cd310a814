package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FetchListener#all} and the checks of {@link FetchEvent}. */
class FetchListenerTest {
  private static final FetchEvent OK = FetchEvent.success("acme", 200, Duration.ofMillis(5), 1, 1);

  @Test
  void all_callsEachInOrder_evenAfterOneThrows_thenThrowsTheFirst() {
    List<String> calls = new ArrayList<>();
    FetchListener all =
        FetchListener.all(
            e -> calls.add("a"),
            e -> {
              calls.add("b");
              throw new IllegalStateException("first");
            },
            e -> {
              calls.add("c");
              throw new IllegalArgumentException("second");
            },
            e -> calls.add("d"));

    assertThatThrownBy(() -> all.onFetch(OK))
        .hasMessage("first")
        .satisfies(
            t ->
                assertThat(t.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("second"));
    assertThat(calls).containsExactly("a", "b", "c", "d");
  }

  @Test
  void all_noneOrOne_isNoneOrThatOne() {
    FetchListener one = e -> {};

    assertThat(FetchListener.all()).isSameAs(FetchListener.NONE);
    assertThat(FetchListener.all(one)).isSameAs(one);
    assertThatThrownBy(() -> FetchListener.all(one, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void event_successWithReasonOrFailureWithCoupons_rejected() {
    Duration d = Duration.ofMillis(1);

    assertThatThrownBy(
            () -> new FetchEvent("a", FetchEvent.Outcome.SUCCESS, Reason.TIMEOUT, 0, d, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FetchEvent("a", FetchEvent.Outcome.FAILURE, null, 0, d, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FetchEvent.failure("a", null, 42, d, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FetchEvent.success("a", 200, d.negated(), 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FetchEvent.failure("a", Reason.TIMEOUT, 0, d, 1).coupons()).isZero();
  }
}
