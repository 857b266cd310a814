package dev.couponfetch.internal.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Jayway JsonPath ({@code $[0].data.coupon}, {@code $.codes[*]}), compiled once and evaluated on
 * the already-parsed Jackson tree. Both providers are set explicitly, so json-path's default
 * (json-smart) is never loaded. Immutable and thread-safe.
 */
final class JsonPathExpr implements PathExpr {
  private static final Configuration BASE =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(JsonBodyParser.MAPPER))
          .mappingProvider(new JacksonMappingProvider(JsonBodyParser.MAPPER))
          .options(EnumSet.noneOf(Option.class))
          .build();

  /** A qualified Java exception class name, such as {@code java.lang.IllegalStateException}. */
  private static final Pattern JAVA_EXCEPTION =
      Pattern.compile("\\b[a-z][\\w$]*(\\.[\\w$]+)+(Exception|Error)\\b");

  /** json-path's name for a value it did not expect: the Jackson node class. */
  private static final Pattern FOUND_NODE =
      Pattern.compile("'com\\.fasterxml\\.jackson\\.databind\\.node\\.(\\w+)Node'");

  /** The sentence json-path adds naming its provider class. */
  private static final Pattern PROVIDER =
      Pattern.compile("\\.? This is not a json \\w+ according to the JsonProvider: '[^']*'\\.?");

  /** Any other qualified class name, such as {@code java.util.LinkedHashMap}. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(java|javax|jdk|sun|com|org|net)(\\.[a-z][\\w$]*)+\\.[A-Z][\\w$]*\\b");

  private final String text;
  private final JsonPath path;
  private final Configuration conf;
  private final boolean definite;
  private final SimpleJsonPath simple; // null unless the path is plain enough to walk directly

  private JsonPathExpr(String text, JsonPath path, Configuration conf) {
    this.text = text;
    this.path = path;
    this.conf = conf;
    this.definite = path.isDefinite();
    this.simple = SimpleJsonPath.of(text);
  }

  static JsonPathExpr compile(String field, String text, Use use, List<String> problems) {
    JsonPath path;
    try {
      path = JsonPath.compile(text);
    } catch (RuntimeException e) {
      // json-path's parser also fails with index errors on some inputs ($..[); whatever it
      // throws, the merchant gets the path and, where json-path words one, its own reason.
      String why = reason(e);
      problems.add(
          field
              + ": '"
              + text
              + "' is not a valid JsonPath expression"
              + (why == null ? "" : ": " + why));
      return null;
    }
    return new JsonPathExpr(text, path, configuration(use, path.isDefinite()));
  }

  /**
   * json-path's own explanation, or null when there is none: it wraps unexpected parser errors in
   * an {@link InvalidPathException} whose message is the Java exception's, which means nothing to a
   * merchant.
   */
  static String reason(RuntimeException e) {
    String m = e.getMessage();
    if (!(e instanceof InvalidPathException) || e.getCause() != null || m == null) {
      return null;
    }
    m = m.strip();
    return m.isEmpty() || JAVA_EXCEPTION.matcher(m).find() ? null : m;
  }

  private static Configuration configuration(Use use, boolean definite) {
    switch (use) {
      case ERROR:
        // A missing error path is the normal, successful case: no exception for it.
        return BASE.addOptions(Option.SUPPRESS_EXCEPTIONS);
      case EXPIRY:
        // An element without an expiry keeps its place (null = does not expire).
        return definite ? BASE : BASE.addOptions(Option.DEFAULT_PATH_LEAF_TO_NULL);
      default:
        // Every element must have the code: skipping one would misalign the expiries.
        return definite ? BASE : BASE.addOptions(Option.REQUIRE_PROPERTIES);
    }
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public void select(JsonNode root, Selection into) {
    // json-path evaluates through its own provider, converting each value out of and back into a
    // tree; a plain path that matches cleanly gives the same values walked directly.
    if (simple != null && simple.select(root, into)) {
      return;
    }
    Object result;
    try {
      result = path.read(root, conf);
    } catch (JsonPathException e) {
      into.failure = plain(e.getMessage()) + " (the top level is " + top(root) + ")";
      return;
    }
    JsonNode node = toNode(result);
    if (definite || !node.isArray()) {
      into.add(node);
    } else {
      for (int i = 0, n = node.size(); i < n; i++) {
        into.add(node.get(i));
      }
    }
  }

  /**
   * json-path's message without the class names it puts in ({@code but found
   * 'com.fasterxml.jackson.databind.node.ArrayNode'. This is not a json object according to the
   * JsonProvider: '…'}): {@code but found an array}.
   */
  static String plain(String message) {
    if (message == null) {
      return "not found";
    }
    String s = PROVIDER.matcher(message).replaceAll("");
    Matcher m = FOUND_NODE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(kindOf(m.group(1))));
    }
    m.appendTail(out);
    return CLASS_NAME.matcher(out).replaceAll("a value");
  }

  private static String kindOf(String node) {
    switch (node) {
      case "Array":
        return "an array";
      case "Object":
        return "an object";
      case "Text":
        return "a string";
      case "Boolean":
        return "a boolean";
      case "Null":
        return "null";
      case "Missing":
        return "nothing";
      default:
        return "a number"; // Int, Long, Decimal, Double, BigInteger...
    }
  }

  private static JsonNode toNode(Object result) {
    if (result instanceof JsonNode) {
      return (JsonNode) result;
    }
    // Functions such as length() give plain Java values.
    return result == null ? NullNode.getInstance() : JsonBodyParser.MAPPER.valueToTree(result);
  }

  private static String top(JsonNode root) {
    return root.isObject() ? "an object with keys: " + Nodes.keys(root) : Nodes.kind(root);
  }

  @Override
  public String toString() {
    return text;
  }
}
