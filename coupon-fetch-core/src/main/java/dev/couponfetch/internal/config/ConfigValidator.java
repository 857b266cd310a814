package dev.couponfetch.internal.config;

import dev.couponfetch.CouponSourceConfig;
import java.net.URI;
import java.util.List;

/** Checks a whole config. STUB: to be implemented. */
public final class ConfigValidator {
  private ConfigValidator() {}

  public static List<String> validate(CouponSourceConfig config) {
    return List.of();
  }

  public static String defaultName(String endpoint) {
    try {
      String host = URI.create(endpoint).getHost();
      return host == null ? "coupon-source" : host;
    } catch (IllegalArgumentException e) {
      return "coupon-source";
    }
  }
}
