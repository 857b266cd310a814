package dev.couponfetch.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.Timeouts;
import dev.couponfetch.testing.TestCertificates;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Equal configs have equal hashes: a generated config, rebuilt from the same values in another
 * order, read back from its JSON and copied through {@code toBuilder()}, equals itself each time
 * with the same hash.
 */
class ConfigEqualityPropertyTest {
  /** The values of one config, as data, so that a failure prints them. */
  record Recipe(
      String name,
      String endpoint,
      RequestMethod method,
      JsonNode payload,
      Map<String, String> headers,
      Auth auth,
      CouponType couponType,
      MappingConfig mapping,
      Timeouts timeouts,
      boolean retryPost,
      String pem) {

    /** The config, its map entries added in the order given or in reverse. */
    CouponSourceConfig build(boolean reversed, boolean payloadAsText) {
      CouponSourceConfig.Builder b =
          CouponSourceConfig.builder(endpoint)
              .method(method)
              .auth(auth.build(reversed))
              .couponType(couponType)
              .mapping(mapping)
              .timeouts(timeouts)
              .retryPost(retryPost)
              .trustedCertificates(pem);
      if (name != null) {
        b.name(name);
      }
      if (payload != null) {
        if (payloadAsText) {
          b.payloadJson(payload.toString());
        } else {
          b.payload(payload.deepCopy());
        }
      }
      ordered(headers, reversed).forEach(b::header);
      return b.build();
    }
  }

  /** An authentication, its map values in a fixed order. */
  record Auth(AuthType type, Map<String, String> values, String scope) {
    AuthConfig build(boolean reversed) {
      AuthConfig.Builder b = AuthConfig.builder(type);
      switch (type) {
        case NONE -> {}
        case BASIC, DIGEST -> b.username(values.get("username")).password(values.get("password"));
        case QUERY_STRING -> ordered(values, reversed).forEach(b::param);
        case HEADERS -> ordered(values, reversed).forEach(b::header);
        case OAUTH2 -> {
          b.grant(OAuth2Grant.CLIENT_CREDENTIALS)
              .tokenUrl("https://auth.example/token")
              .clientId(values.get("clientId"))
              .clientSecret(values.get("clientSecret"));
          if (scope != null) {
            b.scope(scope);
          }
        }
        default -> throw new AssertionError(type);
      }
      return b.build();
    }
  }

  private static Map<String, String> ordered(Map<String, String> m, boolean reversed) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(m.entrySet());
    if (reversed) {
      Collections.reverse(entries);
    }
    Map<String, String> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static final Gen<String> WORDS = Gen.strings(Gen.chars(Generators.ALPHANUMERIC), 1, 8);
  private static final Gen<String> NAMES = Gen.oneOf(Gen.constant(null), WORDS);
  private static final Gen<String> ENDPOINTS =
      r ->
          "https://"
              + Gen.of("api.example", "shop.example", "shop.example:8443").next(r)
              + Gen.of("/codes", "/c/{{id}}", "/c?campaign=spring", "/c?k={{k}}&x=1").next(r);

  /** Numbers of every kind Jackson reads, which must survive the round trip unchanged. */
  private static final Gen<JsonNode> NUMBERS =
      Gen.oneOf(
          Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).map(Generators.NODES::numberNode),
          Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(Generators.NODES::numberNode),
          Gen.bigIntegers(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
              .map(Generators.NODES::numberNode),
          Gen.bigDecimals(new BigDecimal("-1e12"), new BigDecimal("1e12"), 3)
              .map(Generators.NODES::numberNode),
          Gen.of(0.0, -0.0, 1e300, 1.5, 12345.0).map(Generators.NODES::numberNode));

  private static final Gen<JsonNode> SCALARS =
      Gen.oneOf(
          NUMBERS,
          WORDS.map(Generators.NODES::textNode),
          Gen.of("{{email}}", "a {{b}} c").map(Generators.NODES::textNode),
          Gen.of(true, false).map(Generators.NODES::booleanNode));

  private static Gen<JsonNode> jsonPayload(int depth) {
    Gen<JsonNode> value =
        depth == 0 ? SCALARS : Gen.oneOf(SCALARS, SCALARS, jsonPayload(depth - 1));
    Gen<List<JsonNode>> values = value.list(0, 4);
    Gen<List<String>> keys = WORDS.list(0, 4);
    return Gen.oneOf(
        r -> {
          ObjectNode o = Generators.NODES.objectNode();
          keys.next(r).forEach(k -> o.set(k, value.next(r)));
          return o;
        },
        r -> {
          ArrayNode a = Generators.NODES.arrayNode();
          values.next(r).forEach(a::add);
          return a;
        });
  }

  private static final Gen<JsonNode> FORM_PAYLOADS =
      r -> {
        ObjectNode o = Generators.NODES.objectNode();
        WORDS.list(0, 4).next(r).forEach(k -> o.set(k, SCALARS.next(r)));
        return o;
      };

  private static final Gen<Map<String, String>> HEADERS =
      r -> {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : Gen.of("Accept", "X-Shop", "X-Trace").list(0, 3).next(r)) {
          m.put(name, Gen.oneOf(WORDS, Gen.constant("{{trace}}")).next(r));
        }
        return m;
      };

  private static final Gen<Auth> AUTHS =
      r -> {
        AuthType type =
            Gen.of(
                    AuthType.NONE,
                    AuthType.BASIC,
                    AuthType.DIGEST,
                    AuthType.QUERY_STRING,
                    AuthType.HEADERS,
                    AuthType.OAUTH2)
                .next(r);
        Map<String, String> values = new LinkedHashMap<>();
        switch (type) {
          case BASIC, DIGEST -> {
            values.put("username", WORDS.next(r));
            values.put("password", WORDS.next(r));
          }
          case QUERY_STRING -> {
            values.put("key", WORDS.next(r));
            values.put("sig", Gen.oneOf(WORDS, Gen.constant("{{sig}}")).next(r));
          }
          case HEADERS -> {
            values.put("X-Api-Key", WORDS.next(r));
            values.put("X-Other", WORDS.next(r));
          }
          case OAUTH2 -> {
            values.put("clientId", WORDS.next(r));
            values.put("clientSecret", WORDS.next(r));
          }
          default -> {}
        }
        return new Auth(type, values, Gen.oneOf(Gen.constant(null), WORDS).next(r));
      };

  private static final Gen<MappingConfig> MAPPINGS =
      Gen.of(
          MappingConfig.BODY,
          MappingConfig.code("result.0.code"),
          MappingConfig.builder().code("$.codes[*]").expiry("$.expires").build(),
          MappingConfig.builder().code("code").error("msg").build());

  private static final Gen<Recipe> RECIPES =
      r -> {
        RequestMethod method = Gen.valueOf(RequestMethod.class).next(r);
        boolean post = method != RequestMethod.GET;
        JsonNode payload =
            switch (method) {
              case GET -> null;
              case POST_JSON -> Gen.oneOf(Gen.constant(null), jsonPayload(2)).next(r);
              case POST_FORM -> Gen.oneOf(Gen.constant(null), FORM_PAYLOADS).next(r);
            };
        return new Recipe(
            NAMES.next(r),
            ENDPOINTS.next(r),
            method,
            payload,
            HEADERS.next(r),
            AUTHS.next(r),
            Gen.valueOf(CouponType.class).next(r),
            MAPPINGS.next(r),
            Timeouts.ofMillis(Gen.ints(1, 600_000).next(r), Gen.ints(1, 600_000).next(r)),
            post && Gen.of(true, false).next(r),
            Gen.oneOf(Gen.constant(null), Gen.constant(TestCertificates.CA_PEM)).next(r));
      };

  @Test
  void equalsAndHashCode_sameValuesAnyRoute_equalWithSameHash() {
    PropertyCheck.forAll(RECIPES)
        .tries(300)
        .check(
            recipe -> {
              CouponSourceConfig config = recipe.build(false, false);
              List<CouponSourceConfig> equal =
                  List.of(
                      recipe.build(true, true),
                      CouponSourceConfig.fromJson(config.toJson()),
                      config.toBuilder().build());
              for (CouponSourceConfig other : equal) {
                assertThat(other).isEqualTo(config);
                assertThat(other.hashCode()).isEqualTo(config.hashCode());
              }
            });
  }
}
