package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.couponfetch.CouponSourceConfig;

/** Reads and writes the JSON form of {@link CouponSourceConfig}. STUB: to be implemented. */
public final class ConfigJson {
  private ConfigJson() {}

  public static CouponSourceConfig read(String json) {
    throw new UnsupportedOperationException("TODO");
  }

  public static String write(CouponSourceConfig config, boolean maskSecrets) {
    throw new UnsupportedOperationException("TODO");
  }

  public static JsonNode parsePayload(String json) {
    throw new UnsupportedOperationException("TODO");
  }
}
