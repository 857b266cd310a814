package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Config JSON, however wrong, is either a config or {@code INVALID_CONFIG} with named problems:
 * never another exception, and no problem, message or {@code toString()} quotes a secret.
 */
class ConfigJsonPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every config field name, so that random trees often hit real fields. */
  static final List<String> VOCABULARY =
      List.of(
          "name",
          "endpoint",
          "method",
          "payload",
          "headers",
          "auth",
          "couponType",
          "mapping",
          "timeouts",
          "retryPost",
          "tls",
          "trustedCertificates",
          "type",
          "username",
          "password",
          "params",
          "grant",
          "clientId",
          "clientSecret",
          "authorizationUrl",
          "tokenUrl",
          "scope",
          "redirectUri",
          "clientAuth",
          "refreshToken",
          "tokenExpiredStatuses",
          "tokenExpiredPath",
          "code",
          "expiry",
          "expiryFormat",
          "expiryZone",
          "error",
          "connectMs",
          "responseMs",
          "Authorization",
          "Content-Type",
          "BASIC",
          "DIGEST",
          "OAUTH2",
          "HEADERS",
          "QUERY_STRING",
          "NONE",
          "POST_JSON",
          "POST_FORM",
          "GET",
          "BULK",
          "SINGLE",
          "AUTO",
          "passwrod");

  /** Values that fit the enum and URL fields, so that mutations get past the first check. */
  private static final List<String> PLAUSIBLE =
      List.of(
          "BASIC",
          "digest",
          "QUERY_STRING",
          "HEADERS",
          "OAUTH2",
          "NONE",
          "POST_JSON",
          "post_form",
          "GET",
          "BULK",
          "SINGLE",
          "CLIENT_CREDENTIALS",
          "AUTHORIZATION_CODE",
          "CLIENT_SECRET_POST",
          "https://api.example/c",
          "http://x",
          "https://a.example/{{id}}?q={{q}}",
          "{{email}}",
          "result.0.code",
          "$.codes[*]",
          "MM/dd/yyyy",
          "EPOCH_SECONDS",
          "Europe/Paris",
          "EST",
          "");

  @Property(tries = 2000)
  void fromJson_randomTree_configOrInvalidConfig(@ForAll("trees") JsonNode tree) {
    check(tree.toString(), tree);
  }

  @Property(tries = 3000)
  void fromJson_mutatedValidConfig_configOrInvalidConfigWithoutSecrets(
      @ForAll("bases") int base, @ForAll("mutations") List<ConfigMutations.Mutation> mutations) {
    JsonNode tree = SecretConfigs.tree(base);
    for (ConfigMutations.Mutation m : mutations) {
      tree = m.apply(tree);
    }
    check(tree.toString(), tree);
  }

  @Property(tries = 2000)
  void fromJson_mutatedText_configOrInvalidConfigWithoutSecrets(
      @ForAll("bases") int base, @ForAll("edits") List<ConfigMutations.TextEdit> edits) {
    String text = SecretConfigs.tree(base).toPrettyString();
    for (ConfigMutations.TextEdit e : edits) {
      text = e.apply(text);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (Exception notJson) {
      tree = null; // unreadable: every secret is still where a secret belongs
    }
    check(text, tree);
  }

  /** Reads {@code text}; {@code tree} (null when not JSON) says which secrets may be shown. */
  private static void check(String text, JsonNode tree) {
    List<String> hidden = SecretConfigs.hiddenSecrets(tree);
    CouponSourceConfig config;
    try {
      config = CouponSourceConfig.fromJson(text);
    } catch (CouponFetchException e) {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INVALID_CONFIG);
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).contains(": "));
      assertThat(e.getCause()).isNull();
      String shown = e.getMessage() + "\n" + String.join("\n", e.problems()) + "\n" + e;
      assertNoSecret(shown, hidden, text);
      return;
    }
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    StringBuilder shown = new StringBuilder();
    shown.append(config).append('\n').append(config.auth()).append('\n');
    shown.append(config.toMaskedJson()).append('\n').append(config.mapping()).append('\n');
    try {
      PreparedRequest r = config.prepare(Map.of());
      r = Authenticator.standard(config.auth().type()).authenticate(r, config, Map.of());
      shown.append(r).append(r.displayUri());
    } catch (CouponFetchException e) {
      assertThat(e.reason()).isIn(Reason.MISSING_VARIABLE, Reason.INVALID_CONFIG);
      shown.append(e.getMessage()).append(e.problems());
    }
    assertNoSecret(shown.toString(), hidden, text);
  }

  private static void assertNoSecret(String shown, List<String> hidden, String input) {
    for (String secret : hidden) {
      assertThat(shown).as("input: %s", input).doesNotContain(secret);
    }
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    Arbitrary<JsonNode> plausible =
        Arbitraries.of(PLAUSIBLE).map(Generators.NODES::textNode).map(n -> (JsonNode) n);
    Arbitrary<JsonNode> anyTree = Generators.json(VOCABULARY);
    // Mostly objects: a document that is not an object is refused at once.
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, anyTree),
        net.jqwik.api.Tuple.of(
            6,
            Arbitraries.entries(
                    Arbitraries.of(VOCABULARY), Arbitraries.oneOf(anyTree, plausible, plausible))
                .list()
                .ofMaxSize(8)
                .map(ConfigJsonPropertyTest::object)));
  }

  private static JsonNode object(List<Map.Entry<String, JsonNode>> entries) {
    ObjectNode o = Generators.NODES.objectNode();
    o.put("endpoint", "https://api.example/coupons");
    entries.forEach(e -> o.set(e.getKey(), e.getValue()));
    return o;
  }

  @Provide
  Arbitrary<Integer> bases() {
    return Arbitraries.integers().between(0, SecretConfigs.COUNT - 1);
  }

  @Provide
  Arbitrary<List<ConfigMutations.Mutation>> mutations() {
    Arbitrary<JsonNode> value =
        Arbitraries.oneOf(
            Generators.json(VOCABULARY),
            Arbitraries.of(PLAUSIBLE).map(Generators.NODES::textNode).map(n -> (JsonNode) n));
    return Combinators.combine(
            Arbitraries.of(ConfigMutations.Mutation.Kind.class),
            Arbitraries.integers().between(0, 999),
            value,
            Arbitraries.of(VOCABULARY))
        .as(ConfigMutations.Mutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<ConfigMutations.TextEdit>> edits() {
    return Combinators.combine(
            Arbitraries.of(ConfigMutations.TextEdit.Kind.class),
            Arbitraries.integers().between(0, 100_000),
            Arbitraries.of('"', '\'', '{', '}', '[', ']', ',', ':', '\\', ' ', 'x', '0', '\n', '/'))
        .as(ConfigMutations.TextEdit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }
}
