package dev.couponfetch.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Valid configs of every auth type holding distinctive secrets, and which secrets a (mutated) tree
 * still holds where a secret belongs: those must never be shown.
 */
final class SecretConfigs {
  static final String PASSWORD = "PwSECRET-7f3a9";
  static final String QUERY_VALUE = "QsSECRET-5521";
  static final String HEADER_VALUE = "HvSECRET-9034";
  static final String CLIENT_SECRET = "CsSECRET-4410";
  static final String REFRESH_TOKEN = "RtSECRET-8806";
  static final String CREDENTIAL_HEADER = "AhSECRET-2231";
  static final String SETTING = "StSECRET-6617";
  static final List<String> ALL =
      List.of(
          PASSWORD,
          QUERY_VALUE,
          HEADER_VALUE,
          CLIENT_SECRET,
          REFRESH_TOKEN,
          CREDENTIAL_HEADER,
          SETTING);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> BASES =
      List.of(
          """
          {"name":"basic","endpoint":"https://api.example/c?campaign=spring","method":"POST_JSON",
           "payload":{"email":"{{email}}","count":1},"headers":{"Accept":"application/json"},
           "auth":{"type":"BASIC","username":"acme","password":"%PW%"},
           "mapping":{"code":"result.0.data.coupon","expiry":"result.0.data.expires"},
           "timeouts":{"connectMs":1000,"responseMs":2000}}
          """,
          """
          {"endpoint":"https://api.example/c","method":"POST_FORM","payload":{"a":"{{a}}"},
           "auth":{"type":"DIGEST","username":"acme","password":"%PW%"},"couponType":"BULK",
           "mapping":{"code":"$.codes[*]","expiryFormat":"MM/dd/yyyy","expiryZone":"EST"}}
          """,
          """
          {"endpoint":"https://api.example/c/{{id}}",
           "auth":{"type":"QUERY_STRING","params":{"key":"%QS%","sig":"{{sig}}"}},
           "mapping":{"code":"code","error":"msg"}}
          """,
          """
          {"endpoint":"https://api.example/c","headers":{"X-Trace":"{{trace}}"},
           "auth":{"type":"HEADERS","headers":{"X-Api-Key":"%HV%","X-Other":"k-{{v}}"}}}
          """,
          """
          {"name":"ac","endpoint":"https://api.example/c","auth":{"type":"OAUTH2",
           "clientId":"cid","clientSecret":"%CS%","refreshToken":"%RT%",
           "authorizationUrl":"https://auth.example/authorize","tokenUrl":"https://auth.example/t",
           "scope":"coupons","redirectUri":"http://127.0.0.1:8765/cb",
           "tokenExpiredStatuses":[401,403],"tokenExpiredPath":"errcode"},
           "mapping":{"code":"result.code"}}
          """,
          """
          {"endpoint":"https://api.example/c","method":"POST_JSON","retryPost":true,
           "auth":{"type":"OAUTH2","grant":"CLIENT_CREDENTIALS","clientAuth":"CLIENT_SECRET_POST",
           "clientId":"cid","clientSecret":"%CS%","tokenUrl":"https://auth.example/t"}}
          """,
          """
          {"endpoint":"https://api.example/c",
           "headers":{"Authorization":"Bearer %AH%","Cookie":"sid=%AH%","X-Plain":"plain"},
           "auth":{"type":"NONE"}}
          """,
          """
          {"endpoint":"https://api.example/c?acct={{acct}}","auth":{"type":"CUSTOM",
           "scheme":"acme-hmac","settings":{"keyId":"k1","secret":"%ST%","account":"{{acct}}"}},
           "mapping":{"mapper":"acme-csv","code":"code"}}
          """);

  static final int COUNT = BASES.size();

  /**
   * Fields whose values are shown in messages and masked JSON; all others are secret or unknown.
   */
  private static final Set<String> SHOWN_ROOT =
      Set.of("name", "endpoint", "method", "payload", "couponType", "retryPost");

  private static final Map<String, Set<String>> SHOWN_IN =
      Map.of(
          "auth",
          Set.of(
              "type",
              "username",
              "grant",
              "clientId",
              "authorizationUrl",
              "tokenUrl",
              "scope",
              "redirectUri",
              "clientAuth",
              "tokenExpiredStatuses",
              "tokenExpiredPath",
              "scheme"),
          "mapping",
          Set.of("mapper", "code", "expiry", "expiryFormat", "expiryZone", "error"),
          "timeouts",
          Set.of("connectMs", "responseMs"),
          "tls",
          Set.of("trustedCertificates"));

  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  private SecretConfigs() {}

  /** A fresh copy of base config {@code i}. */
  static JsonNode tree(int i) {
    String text =
        BASES
            .get(i)
            .replace("%PW%", PASSWORD)
            .replace("%QS%", QUERY_VALUE)
            .replace("%HV%", HEADER_VALUE)
            .replace("%CS%", CLIENT_SECRET)
            .replace("%RT%", REFRESH_TOKEN)
            .replace("%AH%", CREDENTIAL_HEADER)
            .replace("%ST%", SETTING);
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The secrets that must not be shown: all of them when {@code tree} is null (unreadable JSON),
   * else every secret except those that a mutation moved into a field that is shown (a password
   * renamed to {@code username} is a username now).
   */
  static List<String> hiddenSecrets(JsonNode tree) {
    List<String> hidden = new ArrayList<>(ALL);
    if (tree != null) {
      hidden.removeIf(secret -> shownSomewhere(tree, tree, secret, new ArrayList<>()));
    }
    return hidden;
  }

  private static boolean shownSomewhere(
      JsonNode root, JsonNode node, String secret, List<String> path) {
    if (node.isTextual()) {
      return node.textValue().contains(secret) && isShown(root, path);
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        path.add(e.getKey());
        boolean shown = shownSomewhere(root, e.getValue(), secret, path);
        path.remove(path.size() - 1);
        if (shown) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(String.valueOf(i));
        boolean shown = shownSomewhere(root, node.get(i), secret, path);
        path.remove(path.size() - 1);
        if (shown) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a value at {@code path} of the document is one a message may quote. */
  private static boolean isShown(JsonNode root, List<String> path) {
    if (path.isEmpty()) {
      return true; // the document is a string: nothing secret about it
    }
    if (!root.isObject()) {
      return false; // a config wrapped in an array still holds its secrets
    }
    String first = path.get(0);
    if (SHOWN_ROOT.contains(first)) {
      return true;
    }
    if (!first.equals("auth") && !root.get(first).isObject()) {
      return true; // a non-secret object of the wrong type is described as a whole
    }
    if (first.equals("headers")) {
      return path.size() >= 2 && !CREDENTIAL_HEADERS.contains(path.get(1).toLowerCase(Locale.ROOT));
    }
    Set<String> shown = SHOWN_IN.get(first);
    return shown != null && path.size() >= 2 && shown.contains(path.get(1));
  }
}
