package dev.couponfetch.internal.config;

import java.time.ZoneId;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** "Did you mean" hints for misspelt field names and zone ids. Stateless. */
final class Suggestions {
  private Suggestions() {}

  /** The known name closest to {@code name} (same letters in another case, or two edits away). */
  static String closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = candidate.equalsIgnoreCase(name) ? 0 : distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.min(2, Math.max(1, name.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] prev = new int[y.length() + 1];
    int[] cur = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length()];
  }

  /**
   * The message for a zone id {@link ZoneId#of(String, java.util.Map)} refused, with a suggestion
   * where one fits: the same id in another case, or one at most two edits away.
   */
  static String unknownZone(String zone) {
    Set<String> ids = new TreeSet<>(ZoneId.getAvailableZoneIds());
    ids.addAll(ZoneId.SHORT_IDS.keySet());
    String hint = closest(zone.strip(), ids);
    return "unknown time zone '"
        + zone
        + "'"
        + (hint != null
            ? "; did you mean '" + hint + "'?"
            : "; use a region id such as 'Europe/Paris', 'UTC', or an offset such as '+02:00'");
  }
}
