package dev.couponfetch.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/test} and {@code /api/fetch}, {@code {"config": {…}, "variables":
 * {…}}}, and of {@code POST /api/oauth/start}, {@code {"config": {…}}}: read into a config and its
 * variables with every problem listed at once, in the same words as the command line's (the
 * config's problems are {@link CouponSourceConfig#fromJson}'s own).
 */
record ApiRequest(CouponSourceConfig config, Map<String, String> variables) {
  /** The largest body read: a config with a few certificates fits many times over. */
  static final int MAX_BODY = 1024 * 1024;

  private static final List<String> FIELDS = List.of("config", "variables");
  private static final List<String> CONFIG_ONLY = List.of("config");
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  ApiRequest {
    variables = Map.copyOf(variables);
  }

  /**
   * The request {@code body} describes.
   *
   * @throws CouponFetchException {@link Reason#INVALID_CONFIG} listing every problem
   */
  static ApiRequest parse(String body) {
    return parse(body, FIELDS, "{\"config\": {…}, \"variables\": {…}}");
  }

  /**
   * The config of a body that holds only one, {@code {"config": {…}}} ({@code POST
   * /api/oauth/start}: an authorization takes no variables).
   *
   * @throws CouponFetchException {@link Reason#INVALID_CONFIG} listing every problem
   */
  static CouponSourceConfig parseConfigOnly(String body) {
    return parse(body, CONFIG_ONLY, "{\"config\": {…}}").config();
  }

  /** The request {@code body} describes, whose fields are {@code fields}; see {@link #parse}. */
  static ApiRequest parse(String body, List<String> fields, String shape) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw CouponFetchException.invalidConfig(List.of(unreadable(body)));
    }
    if (root == null || root.isMissingNode()) {
      throw CouponFetchException.invalidConfig(List.of("body: is empty; send " + shape));
    }
    if (!root.isObject()) {
      throw CouponFetchException.invalidConfig(List.of("body: must be a JSON object " + shape));
    }
    List<String> problems = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!fields.contains(name)) {
                problems.add(name + ": unknown field; send " + String.join(" and ", fields));
              }
            });
    Map<String, String> variables =
        fields.contains("variables") ? variables(root.get("variables"), problems) : Map.of();
    CouponSourceConfig config = null;
    JsonNode c = root.get("config");
    if (c == null || c.isNull()) {
      problems.add("config: is required");
    } else if (!c.isObject()) {
      problems.add("config: must be a JSON object");
    } else {
      try {
        config = CouponSourceConfig.fromJson(c.toString());
      } catch (CouponFetchException e) {
        if (e.reason() != Reason.INVALID_CONFIG) {
          throw e;
        }
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw CouponFetchException.invalidConfig(problems);
    }
    return new ApiRequest(config, variables);
  }

  private static Map<String, String> variables(JsonNode node, List<String> problems) {
    Map<String, String> variables = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return variables;
    }
    if (!node.isObject()) {
      problems.add("variables: must be a JSON object of names and values");
      return variables;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isTextual()) {
        variables.put(e.getKey(), v.textValue());
      } else if (v.isNumber() || v.isBoolean()) {
        // As the command line's --var count=1 would give it: the value's JSON text.
        variables.put(e.getKey(), v.asText());
      } else {
        problems.add("variables." + e.getKey() + ": must be a string, a number or a boolean");
      }
    }
    return variables;
  }

  /**
   * The problem of a body that is not JSON, in the library's words: where it broke and why, never
   * echoing the text (a secret typed without quotes would be shown back).
   */
  private static String unreadable(String body) {
    try {
      CouponSourceConfig.fromJson(body);
    } catch (CouponFetchException e) {
      for (String problem : e.problems()) {
        if (problem.startsWith("(document): ")) {
          return "body: " + problem.substring("(document): ".length());
        }
      }
    }
    return "body: unreadable JSON";
  }
}
