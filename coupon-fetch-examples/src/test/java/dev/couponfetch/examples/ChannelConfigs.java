package dev.couponfetch.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The configs of {@link SecretChannelsTest}, each holding distinctive secrets. */
final class ChannelConfigs {
  static final String PASSWORD = "PwCHAN-7c1d9a";
  static final String WRONG_PASSWORD = "PwCHAN-wrong-2b7f";
  static final String QUERY_VALUE = "QsCHAN-3b8e2f";
  static final String HEADER_VALUE = "HvCHAN-6a4f0c";
  static final String CREDENTIAL_HEADER = "AhCHAN-9d2c5e";
  static final String CLIENT_ID = "coupon-fetch-chan";
  static final String CLIENT_SECRET = "CsCHAN-5e7b3d";
  static final String SEED_REFRESH_TOKEN = "RtSEED-CHAN-8a1f";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String endpointUrl;
  private final String authorizationUrl;

  /**
   * Configs calling {@code endpointUrl} (the echoing endpoint) and, for the authorization code
   * grant, authorizing at {@code authorizationUrl}.
   */
  ChannelConfigs(String endpointUrl, String authorizationUrl) {
    this.endpointUrl = endpointUrl;
    this.authorizationUrl = authorizationUrl;
  }

  /** A config of {@code type} (NONE, BASIC, QUERY_STRING or HEADERS) calling {@code url}. */
  ObjectNode config(String type, String url) {
    ObjectNode root = base(type.toLowerCase(Locale.ROOT), url);
    ObjectNode auth = root.putObject("auth").put("type", type);
    switch (type) {
      case "NONE" -> root.putObject("headers").put("Authorization", "Bearer " + CREDENTIAL_HEADER);
      case "BASIC" -> auth.put("username", "merchant").put("password", PASSWORD);
      case "QUERY_STRING" -> auth.putObject("params").put("key", QUERY_VALUE);
      case "HEADERS" -> auth.putObject("headers").put("X-Api-Key", HEADER_VALUE);
      default -> throw new AssertionError(type);
    }
    return root;
  }

  /** A Digest config calling {@code url}. */
  ObjectNode digest(String url, String password) {
    ObjectNode root = base("digest", url);
    root.putObject("auth")
        .put("type", "DIGEST")
        .put("username", DigestTestServer.USER)
        .put("password", password);
    return root;
  }

  /** An OAuth2 config calling {@code path}; {@code grant} null means client credentials. */
  ObjectNode oauth2(String name, String tokenUrl, String path, String grant) {
    ObjectNode root = base(name, endpointUrl + path);
    ObjectNode auth =
        root.putObject("auth")
            .put("type", "OAUTH2")
            .put("grant", grant == null ? "CLIENT_CREDENTIALS" : grant)
            .put("clientId", CLIENT_ID)
            .put("clientSecret", CLIENT_SECRET)
            .put("tokenUrl", tokenUrl);
    if (grant != null) {
      auth.put("authorizationUrl", authorizationUrl).put("scope", "openid coupons");
    }
    return root;
  }

  static ObjectNode base(String name, String url) {
    ObjectNode root = JSON.createObjectNode().put("name", name).put("endpoint", url);
    root.putObject("mapping").put("code", "code");
    root.putObject("timeouts").put("connectMs", 1_000).put("responseMs", 500);
    return root;
  }
}
