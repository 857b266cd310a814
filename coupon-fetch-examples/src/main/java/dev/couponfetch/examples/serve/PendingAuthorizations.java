package dev.couponfetch.examples.serve;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PendingAuthorization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorizations started and not yet completed, keyed by their {@code state}: each is taken
 * once, within {@link #TTL}. At most {@link #MAX} live ones are kept, and a full table refuses new
 * ones rather than dropping any: an authorization in progress is never lost to later starts (only
 * to its own expiry). They stay in this process (they hold the PKCE verifier). Thread-safe.
 */
final class PendingAuthorizations {
  static final Duration TTL = Duration.ofMinutes(10);
  static final int MAX = 100;

  /** A pending authorization and the config it was started for. */
  record Entry(PendingAuthorization pending, CouponSourceConfig config, Instant storedAt) {}

  private final Clock clock;
  // Insertion order is age order: the first entry is the oldest.
  private final Map<String, Entry> byState = new LinkedHashMap<>();

  PendingAuthorizations(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Keeps {@code pending} until its state comes back, after dropping the expired ones.
   *
   * @return false, keeping nothing, when {@link #MAX} live authorizations are pending
   */
  synchronized boolean offer(PendingAuthorization pending, CouponSourceConfig config) {
    Instant now = clock.instant();
    dropExpired(now);
    if (byState.size() >= MAX) {
      return false;
    }
    byState.put(pending.state().reveal(), new Entry(pending, config, now));
    return true;
  }

  /**
   * How long until the oldest pending authorization expires and makes room (zero when there is).
   */
  synchronized Duration untilRoom() {
    Instant now = clock.instant();
    dropExpired(now);
    if (byState.size() < MAX) {
      return Duration.ZERO;
    }
    Entry oldest = byState.values().iterator().next();
    return Duration.between(now, oldest.storedAt().plus(TTL));
  }

  /** Takes (removes) the authorization of {@code state}: empty when unknown, used or expired. */
  synchronized Optional<Entry> take(String state) {
    Entry entry = byState.remove(state);
    if (entry == null || expired(entry, clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  synchronized int size() {
    return byState.size();
  }

  private void dropExpired(Instant now) {
    byState.values().removeIf(e -> expired(e, now));
  }

  private static boolean expired(Entry entry, Instant now) {
    return !now.isBefore(entry.storedAt().plus(TTL));
  }
}
