package dev.couponfetch.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the JSON form (version 1) of {@link CouponSourceConfig}. Reading collects every
 * problem in one pass (unreadable JSON with line and column, unknown fields, wrong types, bad enum
 * values and zone ids), then builds the config and adds the builder's own problems, so a merchant
 * sees them all at once. No message shows a secret. The reader takes at most 1,000 levels of
 * nesting, numbers of 1,000 characters, text values of 20,000,000 characters and field names of
 * 50,000 characters. Stateless and thread-safe.
 */
public final class ConfigJson {
  /**
   * The reader's limits, stated here (they are Jackson's defaults) so that the documented numbers
   * cannot drift with a Jackson upgrade; a document beyond one is a problem saying which, in words
   * ({@code objects and arrays are nested more than 1,000 levels deep}).
   */
  static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(1_000)
          .maxNumberLength(1_000)
          .maxStringLength(20_000_000)
          .maxNameLength(50_000)
          .build();

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

  private ConfigJson() {}

  /**
   * The one mapper of coupon-fetch's own JSON (configs and payloads); configured, never mutated.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The config that {@code json} describes.
   *
   * @throws CouponFetchException {@link Reason#INVALID_CONFIG} listing every problem found
   */
  public static CouponSourceConfig read(String json) {
    Objects.requireNonNull(json, "json == null");
    // Windows editors save UTF-8 with a byte order mark, which a file read as text keeps.
    JsonNode root = parse(json.startsWith("\uFEFF") ? json.substring(1) : json, "(document)");
    if (root == null) {
      throw CouponFetchException.invalidConfig(List.of("(document): is empty"));
    }
    ConfigReader reader = new ConfigReader();
    CouponSourceConfig.Builder builder = reader.read(root);
    List<String> problems = new ArrayList<>(reader.problems());
    CouponSourceConfig config = null;
    if (builder != null) {
      try {
        config = builder.build();
      } catch (CouponFetchException e) {
        if (e.reason() != Reason.INVALID_CONFIG) {
          throw e;
        }
        for (String problem : e.problems()) {
          if (!reader.isTainted(FieldPath.of(problem)) && !problems.contains(problem)) {
            problems.add(problem);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw CouponFetchException.invalidConfig(problems);
    }
    return config;
  }

  /**
   * The JSON form of {@code config}, pretty-printed, fields in the contract's order; it reads back
   * equal. Absent optional values are left out.
   *
   * @param maskSecrets whether every secret (and a credential header among the plain headers) is
   *     written as {@code ****}
   */
  public static String write(CouponSourceConfig config, boolean maskSecrets) {
    try {
      return PRETTY.writeValueAsString(ConfigWriter.tree(config, maskSecrets));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e); // cannot happen
    }
  }

  /**
   * The payload that {@code json} holds (null for null or JSON {@code null}).
   *
   * @throws CouponFetchException {@link Reason#INVALID_CONFIG} when it is not JSON
   */
  public static JsonNode parsePayload(String json) {
    JsonNode node = json == null ? null : parse(json, "payload");
    return node == null || node.isNull() ? null : node;
  }

  /**
   * {@code node} written and read back, so that number nodes take the classes JSON reading gives.
   */
  public static JsonNode normalize(JsonNode node) {
    try {
      return MAPPER.readTree(MAPPER.writeValueAsBytes(node));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("payload: cannot be written as JSON", e);
    }
  }

  /** The tree, or null for an empty document. */
  private static JsonNode parse(String json, String field) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      // No cause: the parser's message may quote a secret typed without quotes.
      throw CouponFetchException.invalidConfig(List.of(Json.unreadable(field, e)));
    }
  }
}
