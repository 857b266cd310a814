package dev.couponfetch.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientCertificate;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.ExpiryFormat;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Secret;
import dev.couponfetch.TokenPlacement;
import dev.couponfetch.internal.request.HeaderNames;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
    ObjectNode limits = LimitsWriter.tree(config.limits());
    if (limits != null) {
      root.set("limits", limits);
    }
    if (config.retryPost()) {
      root.put("retryPost", true);
    }
    if (config.trustedCertificatesPem() != null) {
      root.putObject("tls").put("trustedCertificates", config.trustedCertificatesPem());
    }
    ClientCertificate client = config.clientCertificate();
    if (client != null) {
      ObjectNode tls = root.has("tls") ? (ObjectNode) root.get("tls") : root.putObject("tls");
      if (client.isPkcs12()) {
        tls.put("clientKeystore", reveal(client.keystore(), mask));
        tls.put("clientKeystorePassword", reveal(client.keystorePassword(), mask));
      } else {
        tls.put("clientCertificate", client.certificatePem());
        tls.put("clientKey", reveal(client.keyPem(), mask));
      }
    }
    return root;
  }

  private static ObjectNode auth(AuthConfig auth, boolean mask) {
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    node.put("type", auth.type().name());
    putIfSet(node, "scheme", auth.schemeOrNull());
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
    if (auth.type() == AuthType.OAUTH2) {
      oauth2(node, auth, mask);
    }
    if (auth.login() != null) {
      node.set("login", login(auth.login(), mask));
    }
    tokenFields(node, auth);
    if (!auth.settings().isEmpty()) {
      secrets(node.putObject("settings"), auth.settings(), mask);
    }
    if (auth.signing() != null) {
      node.set("signing", SigningWriter.tree(auth.signing(), mask));
    }
    return node;
  }

  /** Only what was configured is written, so that a config reads back equal. */
  private static void oauth2(ObjectNode node, AuthConfig auth, boolean mask) {
    if (auth.grantOrNull() != null) {
      node.put("grant", auth.grantOrNull().name());
    }
    putIfSet(node, "clientId", auth.clientId());
    if (auth.clientSecret() != null) {
      node.put("clientSecret", reveal(auth.clientSecret(), mask));
    }
    putIfSet(node, "authorizationUrl", auth.authorizationUrl());
    putIfSet(node, "tokenUrl", auth.tokenUrl());
    putIfSet(node, "scope", auth.scope());
    putIfSet(node, "redirectUri", auth.redirectUri());
    if (auth.clientAuthOrNull() != null) {
      node.put("clientAuth", auth.clientAuthOrNull().name());
    }
    if (auth.refreshToken() != null) {
      node.put("refreshToken", reveal(auth.refreshToken(), mask));
    }
    oauth2Extras(node, auth, mask);
  }

  private static void oauth2Extras(ObjectNode node, AuthConfig auth, boolean mask) {
    if (auth.clientKey() != null) {
      node.put("clientKey", reveal(auth.clientKey(), mask));
    }
    putIfSet(node, "clientKeyId", auth.clientKeyId());
    putIfSet(node, "clientAssertionAlgorithm", auth.clientAssertionAlgorithm());
    if (!auth.tokenParams().isEmpty()) {
      ObjectNode params = node.putObject("tokenParams");
      auth.tokenParams().forEach(params::put);
    }
    if (!auth.tokenHeaders().isEmpty()) {
      secrets(node.putObject("tokenHeaders"), auth.tokenHeaders(), mask);
    }
    if (auth.tokenRequestFormatOrNull() != null) {
      node.put("tokenRequestFormat", auth.tokenRequestFormatOrNull().name());
    }
    putIfSet(node, "accessTokenPath", auth.accessTokenPathOrNull());
    putIfSet(node, "expiresInPath", auth.expiresInPathOrNull());
    putIfSet(node, "refreshTokenPath", auth.refreshTokenPathOrNull());
  }

  /** {@code auth.login}: the payload's string values and the header values are secrets. */
  private static ObjectNode login(LoginConfig login, boolean mask) {
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    node.put("url", login.url());
    node.put("method", login.method().name());
    ObjectNode payload = (ObjectNode) login.payload();
    if (mask) {
      List<String> names = new ArrayList<>();
      payload.fieldNames().forEachRemaining(names::add);
      names.forEach(n -> maskValue(payload, n, payload.get(n)));
    }
    node.set("payload", payload);
    if (!login.headers().isEmpty()) {
      secrets(node.putObject("headers"), login.headers(), mask);
    }
    node.put("tokenFrom", login.tokenFrom().name());
    putIfSet(node, "tokenName", login.tokenName());
    return node;
  }

  private static void maskValue(ObjectNode payload, String name, JsonNode value) {
    if (value.isTextual() || value.isContainerNode()) {
      payload.put(name, Secret.MASK);
    }
  }

  private static void tokenFields(ObjectNode node, AuthConfig auth) {
    TokenPlacement place = auth.tokenPlacementOrNull();
    if (place != null) {
      switch (place.place()) {
        case QUERY:
          node.put("tokenQueryParam", place.name());
          break;
        case COOKIE:
          node.put("tokenCookie", place.name());
          break;
        default:
          node.put("tokenHeader", place.name());
          node.put("tokenPrefix", place.prefix());
      }
    }
    if (auth.tokenExpiredStatusesOrNull() != null) {
      auth.tokenExpiredStatusesOrNull().forEach(node.putArray("tokenExpiredStatuses")::add);
    }
    putIfSet(node, "tokenExpiredPath", auth.tokenExpiredPath());
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void secrets(ObjectNode node, Map<String, Secret> values, boolean mask) {
    values.forEach((name, value) -> node.put(name, reveal(value, mask)));
  }

  private static String reveal(Secret secret, boolean mask) {
    return mask ? Secret.MASK : secret.reveal();
  }

  private static ObjectNode mapping(MappingConfig mapping) {
    ObjectNode node = ConfigJson.mapper().createObjectNode();
    if (!mapping.mapper().equals(MappingConfig.STANDARD_MAPPER)) {
      node.put("mapper", mapping.mapper());
    }
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
