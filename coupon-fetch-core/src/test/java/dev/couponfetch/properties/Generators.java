package dev.couponfetch.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;

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

  private Generators() {}

  /** Any UTF-16 text (lone surrogates and control characters included), often made of pieces. */
  static Arbitrary<String> nastyStrings() {
    StringArbitrary anyChars = Arbitraries.strings().withCharRange('\u0000', '\uffff');
    Arbitrary<String> pieces =
        Arbitraries.of(NASTY_PIECES).list().ofMaxSize(8).map(l -> String.join("", l));
    Arbitrary<String> mixed =
        Arbitraries.oneOf(
                anyChars.ofMaxLength(4),
                Arbitraries.of(NASTY_PIECES),
                Arbitraries.strings().alpha())
            .list()
            .ofMaxSize(6)
            .map(l -> String.join("", l));
    return Arbitraries.frequencyOf(
        Tuple.of(3, anyChars.ofMaxLength(24)), Tuple.of(4, pieces), Tuple.of(4, mixed));
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

  /** Random JSON trees, a few levels deep, with keys from {@code keys} or random. */
  static Arbitrary<JsonNode> json(List<String> keys) {
    return Arbitraries.lazyOf(
        Generators::scalar,
        Generators::scalar,
        Generators::scalar,
        () -> array(keys),
        () -> object(keys));
  }

  static Arbitrary<JsonNode> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(NODES::numberNode),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e12"), new BigDecimal("1e12"))
            .ofScale(3)
            .map(NODES::numberNode),
        Arbitraries.of(0.0, -0.0, 1e300, 4.9e-324, 1.5, 12345.0).map(NODES::numberNode),
        nastyStrings().map(NODES::textNode),
        Arbitraries.strings().alpha().numeric().ofMaxLength(12).map(NODES::textNode));
  }

  private static Arbitrary<JsonNode> array(List<String> keys) {
    return json(keys)
        .list()
        .ofMaxSize(4)
        .map(
            l -> {
              ArrayNode a = NODES.arrayNode();
              l.forEach(a::add);
              return a;
            });
  }

  private static Arbitrary<JsonNode> object(List<String> keys) {
    Arbitrary<String> key =
        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(keys)), Tuple.of(1, nastyStrings()));
    return Arbitraries.entries(key, json(keys))
        .list()
        .ofMaxSize(5)
        .map(
            l -> {
              ObjectNode o = NODES.objectNode();
              l.forEach(e -> o.set(e.getKey(), e.getValue()));
              return o;
            });
  }
}
