package dev.couponfetch.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Generators shared by the property tests: hostile strings and random JSON trees. */
final class Generators {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Pieces that break things: syntax of every place a value lands, and malformed Unicode. */
  static final List<String> NASTY_PIECES =
      List.of(
          "\"",
          "\\",
          "\\\"",
          "'",
          "&",
          "=",
          "+",
          "#",
          "?",
          "/",
          "%",
          "%2F",
          "%0D%0A",
          "{{x}}",
          "{{",
          "}}",
          "\r",
          "\n",
          "\r\n",
          "\0",
          "\t",
          "\u0001",
          "\u007f",
          " ",
          "\u00a0",
          "\u2028",
          "\ufeff",
          "é",
          "ß",
          "\u4e2d",
          "\ud83d\ude00", // a surrogate pair
          "\ud800", // a lone high surrogate
          "\udc00", // a lone low surrogate
          ".",
          "..",
          ":",
          "@",
          ";",
          ",",
          "[",
          "]",
          "{",
          "}",
          "<",
          ">",
          "$",
          "*");

  static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String ALPHANUMERIC = ALPHA + "0123456789";

  /** How deep random JSON trees nest below the root, at most. */
  private static final int MAX_DEPTH = 5;

  private Generators() {}

  /**
   * Any UTF-16 text (lone surrogates and control characters included), often made of pieces: random
   * characters of the whole range, up to 8 nasty pieces, or up to 6 of pieces, short random runs
   * and letters.
   */
  static Gen<String> nastyStrings() {
    Gen<Character> anyChar = Gen.chars('\u0000', '\uffff');
    Gen<String> piece = Gen.elementOf(NASTY_PIECES);
    Gen<String> mixed =
        Gen.concat(
            Gen.oneOf(Gen.strings(anyChar, 0, 4), piece, Gen.strings(Gen.chars(ALPHA), 0, 255)),
            0,
            6);
    return Gen.frequency(3, Gen.strings(anyChar, 0, 24))
        .or(4, Gen.concat(piece, 0, 8))
        .or(4, mixed);
  }

  /**
   * Edge values every string property checks first: the empty string, each nasty piece alone, each
   * pair of pieces (escapes split over two pieces, a surrogate pair made of two lone halves), the
   * mask itself, a long value and an edge character at each end.
   */
  static List<String> nastyExamples() {
    List<String> l = new ArrayList<>();
    l.add("");
    l.add(dev.couponfetch.Secret.MASK);
    l.add("x".repeat(5_000));
    l.addAll(NASTY_PIECES);
    for (String a : NASTY_PIECES) {
      for (String b : NASTY_PIECES) {
        l.add(a + b);
      }
    }
    for (char c : Gen.EDGE_CHARS.toCharArray()) {
      l.add(String.valueOf(c));
      l.add(c + "abc" + c);
    }
    return l;
  }

  /** {@code s} is well-formed UTF-16: every surrogate is part of a pair. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Random JSON trees, up to 6 levels deep, with keys from {@code keys} or random. */
  static Gen<JsonNode> json(List<String> keys) {
    return json(keys, MAX_DEPTH);
  }

  private static Gen<JsonNode> json(List<String> keys, int depth) {
    Gen<JsonNode> scalar = scalar();
    if (depth == 0) {
      return scalar;
    }
    return Gen.frequency(3, scalar).or(1, array(keys, depth - 1)).or(1, object(keys, depth - 1));
  }

  static Gen<JsonNode> scalar() {
    return Gen.oneOf(
        Gen.constant(NODES.nullNode()),
        Gen.of(true, false).map(NODES::booleanNode),
        Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).map(NODES::numberNode),
        Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(NODES::numberNode),
        Gen.bigIntegers(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(NODES::numberNode),
        Gen.bigDecimals(new BigDecimal("-1e12"), new BigDecimal("1e12"), 3).map(NODES::numberNode),
        Gen.of(0.0, -0.0, 1e300, 4.9e-324, 1.5, 12345.0).map(NODES::numberNode),
        nastyStrings().map(NODES::textNode),
        Gen.strings(Gen.chars(ALPHANUMERIC), 0, 12).map(NODES::textNode));
  }

  private static Gen<JsonNode> array(List<String> keys, int depth) {
    return json(keys, depth)
        .list(0, 4)
        .map(
            l -> {
              ArrayNode a = NODES.arrayNode();
              l.forEach(a::add);
              return a;
            });
  }

  private static Gen<JsonNode> object(List<String> keys, int depth) {
    Gen<String> key = Gen.<String>frequency(3, Gen.elementOf(keys)).or(1, nastyStrings());
    Gen<JsonNode> value = json(keys, depth);
    Gen<Map.Entry<String, JsonNode>> entry = r -> Map.entry(key.next(r), value.next(r));
    return entry
        .list(0, 5)
        .map(
            l -> {
              ObjectNode o = NODES.objectNode();
              l.forEach(e -> o.set(e.getKey(), e.getValue()));
              return o;
            });
  }
}
