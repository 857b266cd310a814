package dev.couponfetch.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.Coupon;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.ResponseMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the mapping tests. */
final class MappingFixtures {
  private MappingFixtures() {}

  static ResponseMapper mapper(MappingConfig mapping, CouponType type) {
    List<String> problems = new ArrayList<>();
    ResponseMapper mapper = CompiledMapper.compile(mapping, type, problems);
    assertThat(problems).isEmpty();
    assertThat(mapper).isNotNull();
    return mapper;
  }

  static ResponseMapper single(String codePath) {
    return mapper(MappingConfig.code(codePath), CouponType.SINGLE);
  }

  static ResponseMapper bulk(String codePath) {
    return mapper(MappingConfig.code(codePath), CouponType.BULK);
  }

  static MappedResponse map(ResponseMapper mapper, String body) {
    return mapper.map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  static List<String> codes(ResponseMapper mapper, String body) {
    return map(mapper, body).coupons().stream().map(Coupon::code).toList();
  }

  static List<Instant> expiries(ResponseMapper mapper, String body) {
    return map(mapper, body).coupons().stream().map(Coupon::expiresAt).toList();
  }

  static CouponFetchException failure(ResponseMapper mapper, String body) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> map(mapper, body));
    assertThat(e).as("expected a CouponFetchException").isNotNull();
    return e;
  }

  static List<String> problems(MappingConfig mapping, CouponType type) {
    List<String> problems = new ArrayList<>();
    ResponseMapper mapper = CompiledMapper.compile(mapping, type, problems);
    if (!problems.isEmpty()) {
      assertThat(mapper).isNull();
    }
    return problems;
  }
}
