package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.ExpiryFormat;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Secret;
import dev.couponfetch.internal.request.HeaderNames;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Builds the JSON tree of a config in the contract's field order. Defaults that the reader fills in
 * by itself (no payload, no headers, mapping defaults) are left out, so the document stays short
 * and still reads back equal. Stateless.
 */
final class ConfigWriter {
  private ConfigWriter() {}

  static ObjectNode tree(CouponSourceConfig config, boolean mask) {
    ObjectNode root = ConfigJson.mapper().createObjectNode();
    root.put("name", config.name());
    root.put("endpoint", config.endpoint());
    root.put("method", config.method().name());
    if (config.payload() != null) {
      root.set("payload", config.payload());
    }
    if (!config.headers().isEmpty()) {
      ObjectNode headers = root.putObject("headers");
      config
          .headers()
          .forEach(
              (name, value) ->
                  headers.put(name, mask && HeaderNames.isCredential(name) ? Secret.MASK : value));
    }
    root.set("auth", auth(config.auth(), mask));
    root.put("couponType", config.couponType().name());
    ObjectNode mapping = mapping(config.mapping());
    if (!mapping.isEmpty()) {
      root.set("mapping", mapping);
    }
    ObjectNode timeouts = root.putObject("timeouts");
    timeouts.put("connectMs", config.timeouts().connect().toMillis());
    timeouts.put("responseMs", config.timeouts().response().toMillis());
    return root;
  }

  private static ObjectNode auth(AuthConfig auth, boolean mask) {
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    node.put("type", auth.type().name());
    if (auth.username() != null) {
      node.put("username", auth.username());
    }
    if (auth.password() != null) {
      node.put("password", reveal(auth.password(), mask));
    }
    if (!auth.params().isEmpty()) {
      secrets(node.putObject("params"), auth.params(), mask);
    }
    if (!auth.headers().isEmpty()) {
      secrets(node.putObject("headers"), auth.headers(), mask);
    }
    return node;
  }

  private static void secrets(ObjectNode node, Map<String, Secret> values, boolean mask) {
    values.forEach((name, value) -> node.put(name, reveal(value, mask)));
  }

  private static String reveal(Secret secret, boolean mask) {
    return mask ? Secret.MASK : secret.reveal();
  }

  private static ObjectNode mapping(MappingConfig mapping) {
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    if (mapping.code() != null) {
      node.put("code", mapping.code());
    }
    if (mapping.expiry() != null) {
      node.put("expiry", mapping.expiry());
    }
    if (!mapping.expiryFormat().equals(ExpiryFormat.AUTO)) {
      node.put("expiryFormat", mapping.expiryFormat());
    }
    // ZoneOffset.UTC, the default, would print as "Z"; ZoneId.of("UTC") prints as "UTC" and
    // differs from it, so only the default may be left out.
    if (!mapping.expiryZone().equals(ZoneOffset.UTC)) {
      node.put("expiryZone", mapping.expiryZone().getId());
    }
    if (mapping.error() != null) {
      node.put("error", mapping.error());
    }
    return node;
  }
}
