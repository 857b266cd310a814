package dev.couponfetch.internal.mapping;

import static dev.couponfetch.internal.mapping.MappingFixtures.expiries;
import static dev.couponfetch.internal.mapping.MappingFixtures.failure;
import static dev.couponfetch.internal.mapping.MappingFixtures.map;
import static dev.couponfetch.internal.mapping.MappingFixtures.mapper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponType;
import dev.couponfetch.MappedResponse;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.ResponseMapper;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ExpiryMappingTest {
  private static final Instant T1 = Instant.parse("2027-03-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2027-04-01T00:00:00Z");

  @Test
  void map_seedConfig_codeAndExpiry() {
    ResponseMapper m =
        mapper(
            MappingConfig.builder()
                .code("result.0.data.coupon")
                .expiry("result.0.data.expires")
                .build(),
            CouponType.SINGLE);
    MappedResponse r =
        map(m, "[{\"data\":{\"coupon\":\"SPRING-7K2Q\",\"expires\":\"2027-03-01T00:00:00Z\"}}]");
    assertThat(r.coupons())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.code()).isEqualTo("SPRING-7K2Q");
              assertThat(c.expiresAt()).isEqualTo(T1);
            });
  }

  @Test
  void map_oneExpiryForManyCodes_appliesToEvery() {
    ResponseMapper m = bulk("codes", "validUntil");
    assertThat(expiries(m, "{\"codes\":[\"A\",\"B\"],\"validUntil\":\"2027-03-01T00:00:00Z\"}"))
        .containsExactly(T1, T1);
  }

  @Test
  void map_expiryListOnePerCode_matchedInOrder() {
    ResponseMapper m = bulk("items.*.code", "items.*.exp");
    String body =
        "{\"items\":[{\"code\":\"A\",\"exp\":\"2027-03-01T00:00:00Z\"},"
            + "{\"code\":\"B\",\"exp\":null},{\"code\":\"C\"},"
            + "{\"code\":\"D\",\"exp\":\"2027-04-01T00:00:00Z\"}]}";
    assertThat(expiries(m, body)).containsExactly(T1, null, null, T2);
  }

  @Test
  void map_duplicateCode_keepsFirstExpiry() {
    ResponseMapper m = bulk("items.*.code", "items.*.exp");
    String body =
        "{\"items\":[{\"code\":\"A\",\"exp\":\"2027-03-01T00:00:00Z\"},"
            + "{\"code\":\"A\",\"exp\":\"2027-04-01T00:00:00Z\"}]}";
    MappedResponse r = map(m, body);
    assertThat(r.coupons()).singleElement().satisfies(c -> assertThat(c.expiresAt()).isEqualTo(T1));
    assertThat(r.warnings()).containsExactly("duplicate code 'A' dropped (once)");
  }

  @Test
  void map_expiryCountMismatch_mappingNotFoundSayingCounts() {
    ResponseMapper m = bulk("codes", "exp");
    CouponFetchException e = failure(m, "{\"codes\":[\"A\",\"B\",\"C\"],\"exp\":[1,2]}");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage()).contains("mapping.expiry 'exp' gave 2 values for 3 codes");
  }

  @Test
  void map_configuredExpiryPathMissing_mappingNotFound() {
    CouponFetchException e = failure(bulk("codes", "data.exp"), "{\"codes\":[\"A\"]}");
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage()).startsWith("mapping.expiry 'data.exp': no key 'data'");
  }

  @Test
  void map_emptyExpiryValues_noExpiry() {
    assertThat(expiries(bulk("c", "e"), "{\"c\":[\"A\"],\"e\":\"\"}")).containsOnlyNulls();
    assertThat(expiries(bulk("c", "e"), "{\"c\":[\"A\"],\"e\":null}")).containsOnlyNulls();
    assertThat(expiries(bulk("c", "e"), "{\"c\":[\"A\",\"B\"],\"e\":[]}")).containsOnlyNulls();
  }

  @Test
  void map_unparseableExpiry_namesPathAndValue() {
    CouponFetchException e = failure(bulk("c", "e"), "{\"c\":\"A\",\"e\":\"31/12/2027\"}");
    assertThat(e.reason()).isEqualTo(Reason.EXPIRY_UNPARSEABLE);
    assertThat(e.getMessage()).contains("'31/12/2027'").contains("mapping.expiry 'e'");
  }

  @Test
  void map_zoneAndPatternFromMapping() {
    ResponseMapper m =
        mapper(
            MappingConfig.builder()
                .code("c")
                .expiry("e")
                .expiryFormat("MM/dd/yyyy")
                .expiryZone(ZoneId.of("America/New_York"))
                .build(),
            CouponType.SINGLE);
    assertThat(expiries(m, "{\"c\":\"A\",\"e\":\"12/31/2027\"}"))
        .containsExactly(Instant.parse("2028-01-01T05:00:00Z"));
  }

  private static ResponseMapper bulk(String code, String expiry) {
    return mapper(MappingConfig.builder().code(code).expiry(expiry).build(), CouponType.BULK);
  }
}
