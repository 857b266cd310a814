package dev.couponfetch.properties;

import static dev.couponfetch.properties.ConfigMutations.TextEdit.Kind.DELETE;
import static dev.couponfetch.properties.ConfigMutations.TextEdit.Kind.TRUNCATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
          "scheme",
          "settings",
          "mapper",
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
          "CUSTOM",
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
          "custom",
          "acme-hmac",
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

  private static final Gen<JsonNode> PLAUSIBLE_VALUES =
      Gen.elementOf(PLAUSIBLE).map(Generators.NODES::textNode);
  private static final Gen<JsonNode> ANY_TREES = Generators.json(VOCABULARY);

  /** Mostly objects with real field names: a document that is not an object is refused at once. */
  private static final Gen<JsonNode> TREES =
      Gen.<JsonNode>frequency(1, ANY_TREES).or(6, fieldsBesideEndpoint());

  private static Gen<JsonNode> fieldsBesideEndpoint() {
    Gen<String> keys = Gen.elementOf(VOCABULARY);
    Gen<JsonNode> values = Gen.oneOf(ANY_TREES, PLAUSIBLE_VALUES, PLAUSIBLE_VALUES);
    Gen<Map.Entry<String, JsonNode>> entries = r -> Map.entry(keys.next(r), values.next(r));
    return entries.list(0, 8).map(ConfigJsonPropertyTest::object);
  }

  /** Each field holding each kind of value, alone beside the endpoint; and documents of no kind. */
  private static List<JsonNode> treeExamples() {
    List<JsonNode> values =
        List.of(
            Generators.NODES.nullNode(),
            Generators.NODES.textNode(""),
            Generators.NODES.textNode("****"),
            Generators.NODES.numberNode(-1),
            Generators.NODES.numberNode(Long.MAX_VALUE),
            Generators.NODES.numberNode(1.5),
            Generators.NODES.booleanNode(true),
            Generators.NODES.objectNode(),
            Generators.NODES.arrayNode(),
            Generators.NODES.arrayNode().add("x"));
    List<JsonNode> l = new ArrayList<>(values);
    for (String key : VOCABULARY) {
      for (JsonNode value : values) {
        l.add(object(List.of(Map.entry(key, value))));
      }
    }
    return l;
  }

  @Test
  void fromJson_randomTree_configOrInvalidConfig() {
    PropertyCheck.forAll(TREES)
        .withExamples(treeExamples())
        .tries(2000)
        .check(tree -> check(tree.toString(), tree));
  }

  /** Structural changes of one of the valid configs. */
  record Mutated(int base, List<ConfigMutations.Mutation> mutations) {}

  private static final Gen<Integer> BASES = Gen.ints(0, SecretConfigs.COUNT - 1);
  private static final Gen<ConfigMutations.Mutation.Kind> KINDS =
      Gen.valueOf(ConfigMutations.Mutation.Kind.class);
  private static final Gen<Integer> PLACES = Gen.ints(0, 999);
  private static final Gen<JsonNode> MUTATION_VALUES = Gen.oneOf(ANY_TREES, PLAUSIBLE_VALUES);
  private static final Gen<String> KEYS = Gen.elementOf(VOCABULARY);
  private static final Gen<ConfigMutations.Mutation> MUTATION =
      r ->
          new ConfigMutations.Mutation(
              KINDS.next(r), PLACES.next(r), MUTATION_VALUES.next(r), KEYS.next(r));

  /**
   * Every single change of every place of every valid config: each kind of mutation, each value
   * replaced by each kind of value.
   */
  private static List<Mutated> mutatedExamples() {
    List<JsonNode> values =
        List.of(
            Generators.NODES.nullNode(),
            Generators.NODES.textNode(""),
            Generators.NODES.numberNode(0),
            Generators.NODES.objectNode(),
            Generators.NODES.arrayNode());
    List<Mutated> l = new ArrayList<>();
    for (int base = 0; base < SecretConfigs.COUNT; base++) {
      List<ConfigMutations.Place> places = new ArrayList<>();
      ConfigMutations.Place.collect(SecretConfigs.tree(base), places);
      for (int at = 0; at < places.size(); at++) {
        for (ConfigMutations.Mutation.Kind kind : ConfigMutations.Mutation.Kind.values()) {
          if (kind == ConfigMutations.Mutation.Kind.REPLACE) {
            for (JsonNode value : values) {
              l.add(new Mutated(base, List.of(new ConfigMutations.Mutation(kind, at, value, "x"))));
            }
          } else if (kind != ConfigMutations.Mutation.Kind.WRAP_ROOT || at == 0) {
            l.add(
                new Mutated(
                    base,
                    List.of(new ConfigMutations.Mutation(kind, at, values.get(0), "password"))));
          }
        }
      }
    }
    return l;
  }

  @Test
  void fromJson_mutatedValidConfig_configOrInvalidConfigWithoutSecrets() {
    Gen<List<ConfigMutations.Mutation>> mutations = MUTATION.list(1, 4);
    PropertyCheck.forAll(r -> new Mutated(BASES.next(r), mutations.next(r)))
        .withExamples(mutatedExamples())
        .tries(3000)
        .check(
            c -> {
              JsonNode tree = SecretConfigs.tree(c.base());
              for (ConfigMutations.Mutation m : c.mutations()) {
                tree = m.apply(tree);
              }
              check(tree.toString(), tree);
            });
  }

  /** Character-level changes of one of the valid configs' text. */
  record Edited(int base, List<ConfigMutations.TextEdit> edits) {}

  private static final Gen<ConfigMutations.TextEdit.Kind> EDIT_KINDS =
      Gen.valueOf(ConfigMutations.TextEdit.Kind.class);
  private static final Gen<Integer> EDIT_AT = Gen.ints(0, 100_000);
  private static final Gen<Character> EDIT_CHARS =
      Gen.of('"', '\'', '{', '}', '[', ']', ',', ':', '\\', ' ', 'x', '0', '\n', '/');
  private static final Gen<ConfigMutations.TextEdit> TEXT_EDIT =
      r -> new ConfigMutations.TextEdit(EDIT_KINDS.next(r), EDIT_AT.next(r), EDIT_CHARS.next(r));

  /**
   * Each valid config without each of its quotes, brackets, colons and commas (which moves secrets
   * into keys and other fields), and cut short every few characters.
   */
  private static List<Edited> editedExamples() {
    List<Edited> l = new ArrayList<>();
    for (int base = 0; base < SecretConfigs.COUNT; base++) {
      String text = SecretConfigs.tree(base).toPrettyString();
      for (int at = 0; at < text.length(); at++) {
        if ("\"{}[]:,".indexOf(text.charAt(at)) >= 0) {
          l.add(new Edited(base, List.of(new ConfigMutations.TextEdit(DELETE, at, 'x'))));
        }
        if (at % 5 == 0) {
          l.add(new Edited(base, List.of(new ConfigMutations.TextEdit(TRUNCATE, at, 'x'))));
        }
      }
    }
    return l;
  }

  @Test
  void fromJson_mutatedText_configOrInvalidConfigWithoutSecrets() {
    Gen<List<ConfigMutations.TextEdit>> edits = TEXT_EDIT.list(1, 3);
    PropertyCheck.forAll(r -> new Edited(BASES.next(r), edits.next(r)))
        .withExamples(editedExamples())
        .tries(2000)
        .check(
            c -> {
              String text = SecretConfigs.tree(c.base()).toPrettyString();
              for (ConfigMutations.TextEdit e : c.edits()) {
                text = e.apply(text);
              }
              JsonNode tree;
              try {
                tree = JSON.readTree(text);
              } catch (Exception notJson) {
                tree = null; // unreadable: every secret is still where a secret belongs
              }
              check(text, tree);
            });
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

  private static JsonNode object(List<Map.Entry<String, JsonNode>> entries) {
    ObjectNode o = Generators.NODES.objectNode();
    o.put("endpoint", "https://api.example/coupons");
    entries.forEach(e -> o.set(e.getKey(), e.getValue()));
    return o;
  }
}
