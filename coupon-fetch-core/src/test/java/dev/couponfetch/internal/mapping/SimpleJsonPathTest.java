package dev.couponfetch.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct walk of plain JsonPaths selects exactly what json-path selects, or defers to it. */
class SimpleJsonPathTest {
  private static final String BODY =
      "{\"codes\":[{\"code\":\"A\",\"n\":1},{\"code\":\" B \",\"n\":null},{\"code\":[\"C\",\"D\"]}],"
          + "\"byId\":{\"x\":{\"code\":\"X\"},\"y\":{\"code\":\"Y\"}},"
          + "\"result\":[{\"data\":{\"coupon\":\"SPRING\",\"big\":12345678901234567890,"
          + "\"dec\":1.2345E4}}],\"flat\":[\"P\",\"Q\"],\"empty\":[],\"s\":\"text\"}";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$.codes[*].code",
        "$.codes.*.code",
        "$.codes[1].code",
        "$.byId.*.code",
        "$.byId[*]",
        "$.result[0].data.coupon",
        "$.result[0].data.big",
        "$.result[0].data.dec",
        "$.result[0].data",
        "$.flat",
        "$.flat[*]",
        "$.empty[*]",
        "$.empty",
        "$.s",
        "$[*]"
      })
  void cleanMatch_sameValuesAsJsonPath(String path) {
    JsonNode root =
        JsonBodyParser.parse(BODY.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    Selection fast = new Selection();
    assertThat(SimpleJsonPath.of(path).select(root, fast)).as(path).isTrue();
    assertThat(fast.values).as(path).isEqualTo(jsonPath(path, root));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$.codes[*].n", // one element lacks n
        "$.codes[5].code", // out of range
        "$.nope",
        "$.s.code", // through a string
        "$.s[*]",
        "$.byId[0]", // index on an object
        "$.codes.code" // name on an array
      })
  void anythingUnusual_defersToJsonPath(String path) {
    JsonNode root =
        JsonBodyParser.parse(BODY.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    Selection s = new Selection();
    assertThat(SimpleJsonPath.of(path).select(root, s)).as(path).isFalse();
    assertThat(s.values).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "$",
        "$..code",
        "$['codes'][0]",
        "$.codes[-1]",
        "$.codes[0,1]",
        "$.codes[0:2]",
        "$.codes[?(@.n)]",
        "$.codes.length()",
        "$.a-b",
        "$.codes.",
        "$.1abc"
      })
  void notPlain_leftToJsonPath(String path) {
    assertThat(SimpleJsonPath.of(path)).as(path).isNull();
  }

  @Test
  void mapper_plainJsonPath_sameCouponsAsDotted() {
    String body = "{\"codes\":[{\"code\":\"A\",\"e\":\"2027-01-01\"},{\"code\":\"B\",\"e\":null}]}";
    var byJsonPath =
        MappingFixtures.map(
            MappingFixtures.mapper(
                dev.couponfetch.MappingConfig.builder()
                    .code("$.codes[*].code")
                    .expiry("$.codes[*].e")
                    .build(),
                dev.couponfetch.CouponType.BULK),
            body);
    var byDotted =
        MappingFixtures.map(
            MappingFixtures.mapper(
                dev.couponfetch.MappingConfig.builder()
                    .code("codes.*.code")
                    .expiry("codes.*.e")
                    .build(),
                dev.couponfetch.CouponType.BULK),
            body);
    assertThat(byJsonPath).isEqualTo(byDotted);
  }

  private static List<JsonNode> jsonPath(String path, JsonNode root) {
    JsonPath p = JsonPath.compile(path);
    Configuration conf =
        Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonBodyParser.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonBodyParser.MAPPER))
            .options(p.isDefinite() ? Option.DEFAULT_PATH_LEAF_TO_NULL : Option.REQUIRE_PROPERTIES)
            .build();
    Object result = p.read(root, conf);
    JsonNode node =
        result instanceof JsonNode ? (JsonNode) result : JsonBodyParser.MAPPER.valueToTree(result);
    Selection s = new Selection();
    if (p.isDefinite() || !node.isArray()) {
      s.add(node);
    } else {
      node.forEach(s::add);
    }
    return new ArrayList<>(s.values);
  }
}
