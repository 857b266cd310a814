package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The mapper as users get it: compiled by the config builder, reached via config.mapper(). */
class MapperConfigTest {
  @Test
  void build_seedConfig_mapperReadsCodeAndExpiry() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://coupons.acme.example/api/v1/codes")
            .couponType(CouponType.SINGLE)
            .mapping(
                MappingConfig.builder()
                    .code("result.0.data.coupon")
                    .expiry("result.0.data.expires")
                    .build())
            .build();
    byte[] body =
        "[{\"data\":{\"coupon\":\"SPRING-7K2Q\",\"expires\":\"2027-12-31\"}}]"
            .getBytes(StandardCharsets.UTF_8);
    MappedResponse r = config.mapper().map(body, StandardCharsets.UTF_8);
    assertThat(r.coupons())
        .containsExactly(new Coupon("SPRING-7K2Q", Instant.parse("2028-01-01T00:00:00Z")));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void build_badPathAndPattern_invalidConfigNamingFields() {
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                CouponSourceConfig.builder("https://coupons.acme.example/api")
                    .mapping(
                        MappingConfig.builder()
                            .code("$[0")
                            .expiry("e")
                            .expiryFormat("YYYY-MM-dd")
                            .build())
                    .build());
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    assertThat(e.problems())
        .anyMatch(p -> p.startsWith("mapping.code: '$[0' is not a valid JsonPath"))
        .anyMatch(p -> p.startsWith("mapping.expiryFormat: pattern 'YYYY-MM-dd'"));
  }
}
