package dev.couponfetch.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.Coupon;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.ResponseMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The responses and mappings the micro-benchmarks measure, and the hand-written Jackson baseline
 * they are compared with. Shared by the benchmarks and their correctness test, so both look at the
 * same bytes. Thread-safe.
 */
public final class BenchFixtures {
  /** The codes in {@link #bulkBody()}. */
  public static final int BULK_CODES = 1_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ENDPOINT = "https://coupons.example/api/v1/codes";

  private BenchFixtures() {}

  /** Which response a mapping benchmark reads. */
  public enum Response {
    /** One code and its expiry, a few levels deep. */
    SINGLE,
    /** {@value #BULK_CODES} codes, each with its expiry. */
    BULK
  }

  /** The response body. */
  public static byte[] body(Response response) {
    return response == Response.SINGLE ? singleBody() : bulkBody();
  }

  /** {@code {"result":[{"data":{"coupon":"SPRING-7K2Q","expires":"2027-03-01T00:00:00Z"}}]}}. */
  public static byte[] singleBody() {
    String json =
        "{\"result\":[{\"data\":{\"coupon\":\"SPRING-7K2Q\","
            + "\"expires\":\"2027-03-01T00:00:00Z\"}}]}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code {"codes":[{"code":"C-0001","expires":"2027-..."},...]}} with {@value #BULK_CODES}. */
  public static byte[] bulkBody() {
    StringBuilder sb = new StringBuilder(BULK_CODES * 56).append("{\"codes\":[");
    for (int i = 1; i <= BULK_CODES; i++) {
      if (i > 1) {
        sb.append(',');
      }
      String expires = String.format("2027-%02d-%02dT%02d:00:00Z", 1 + i % 12, 1 + i % 28, i % 24);
      sb.append(String.format("{\"code\":\"C-%04d\",\"expires\":\"%s\"}", i, expires));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** coupon-fetch's mapper for {@code response}, with dotted paths or with JsonPath. */
  public static ResponseMapper mapper(Response response, boolean jsonPath) {
    return config(response, jsonPath).mapper();
  }

  /** The config behind {@link #mapper}. */
  public static CouponSourceConfig config(Response response, boolean jsonPath) {
    MappingConfig mapping;
    if (response == Response.SINGLE) {
      mapping =
          jsonPath
              ? paths("$.result[0].data.coupon", "$.result[0].data.expires")
              : paths("result.0.data.coupon", "result.0.data.expires");
    } else {
      mapping =
          jsonPath
              ? paths("$.codes[*].code", "$.codes[*].expires")
              : paths("codes.*.code", "codes.*.expires");
    }
    CouponType type = response == Response.SINGLE ? CouponType.SINGLE : CouponType.BULK;
    return CouponSourceConfig.builder(ENDPOINT)
        .name("bench-" + response.name().toLowerCase(java.util.Locale.ROOT))
        .couponType(type)
        .mapping(mapping)
        .build();
  }

  private static MappingConfig paths(String code, String expiry) {
    return MappingConfig.builder().code(code).expiry(expiry).build();
  }

  /** The baseline: parse with a plain ObjectMapper and walk the tree by hand. */
  public static List<Coupon> handWalk(Response response, byte[] body) {
    return response == Response.SINGLE ? handWalkSingle(body) : handWalkBulk(body);
  }

  /** {@code result[0].data.coupon} and {@code .expires}, by hand. */
  public static List<Coupon> handWalkSingle(byte[] body) {
    JsonNode data = tree(body).get("result").get(0).get("data");
    return List.of(coupon(data.get("coupon"), data.get("expires")));
  }

  /** Every {@code codes[i].code} and {@code .expires}, by hand. */
  public static List<Coupon> handWalkBulk(byte[] body) {
    JsonNode codes = tree(body).get("codes");
    List<Coupon> out = new ArrayList<>(codes.size());
    for (JsonNode c : codes) {
      out.add(coupon(c.get("code"), c.get("expires")));
    }
    return out;
  }

  private static Coupon coupon(JsonNode code, JsonNode expires) {
    return new Coupon(code.textValue().trim(), Instant.parse(expires.textValue()));
  }

  private static JsonNode tree(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
