package dev.couponfetch.internal.mapping;

import dev.couponfetch.Coupon;
import dev.couponfetch.MappedResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the coupons of one response in order, dropping repeated codes (the first occurrence and
 * its expiry win) and reporting each dropped code once. Made per call; not thread-safe.
 */
final class CouponCollector {
  /** Warnings are capped so that a response of 10,000 repeats stays readable. */
  static final int MAX_WARNINGS = 20;

  private final List<Coupon> coupons;
  private final Map<String, Boolean> seen;
  private Map<String, Integer> dropped;

  CouponCollector(int expected) {
    coupons = new ArrayList<>(expected);
    seen = expected > 1 ? new HashMap<>(expected * 2) : null;
  }

  /** Whether {@code code} is new; a repeat is counted for the warning. */
  boolean isNew(String code) {
    if (seen == null || seen.putIfAbsent(code, Boolean.TRUE) == null) {
      return true;
    }
    if (dropped == null) {
      dropped = new LinkedHashMap<>();
    }
    dropped.merge(code, 1, Integer::sum);
    return false;
  }

  void add(Coupon coupon) {
    coupons.add(coupon);
  }

  MappedResponse result() {
    if (dropped == null) {
      return new MappedResponse(coupons, List.of());
    }
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Integer> e : dropped.entrySet()) {
      if (warnings.size() == MAX_WARNINGS) {
        int more = dropped.size() - MAX_WARNINGS;
        warnings.add(
            "… and " + more + " more duplicate code" + (more == 1 ? "" : "s") + " dropped");
        break;
      }
      int times = e.getValue();
      String code = Nodes.cut(e.getKey(), Nodes.MAX_VALUE_CHARS);
      String count = times == 1 ? "once" : times + " times";
      warnings.add(Nodes.fmt("duplicate code '%s' dropped (%s)", code, count));
    }
    return new MappedResponse(coupons, warnings);
  }
}
