package dev.couponfetch.examples.serve;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PendingAuthorization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorizations started and not yet completed, keyed by their {@code state}: each is taken
 * once, within {@link #TTL}; at most {@link #MAX} are kept, the oldest dropped first. They stay in
 * this process (they hold the PKCE verifier). Thread-safe.
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

  /** Keeps {@code pending} until its state comes back, dropping the expired and the oldest. */
  synchronized void put(PendingAuthorization pending, CouponSourceConfig config) {
    Instant now = clock.instant();
    dropExpired(now);
    while (byState.size() >= MAX) {
      Iterator<String> oldest = byState.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    byState.put(pending.state().reveal(), new Entry(pending, config, now));
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
