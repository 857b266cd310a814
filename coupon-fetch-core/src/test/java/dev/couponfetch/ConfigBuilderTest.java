package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A builder is a set of values: building reads them and changes none. */
class ConfigBuilderTest {
  @Test
  void build_reusedBuilderWithoutName_derivesNameFromEachEndpoint() {
    CouponSourceConfig.Builder b = CouponSourceConfig.builder("https://first.example/codes");

    CouponSourceConfig first = b.build();
    CouponSourceConfig second = b.endpoint("https://second.example/codes").build();

    assertThat(first.name()).isEqualTo("first.example");
    assertThat(second.name()).isEqualTo("second.example");
  }

  @Test
  void build_reusedBuilderAfterInvalidConfig_derivesNameFromNewEndpoint() {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder("https://first.example/codes").method(RequestMethod.GET);
    b.payloadJson("{\"a\":1}");
    assertThatThrownBy(b::build).isInstanceOf(CouponFetchException.class);

    CouponSourceConfig config = b.payload(null).endpoint("https://second.example/codes").build();

    assertThat(config.name()).isEqualTo("second.example");
  }

  @Test
  void build_reusedBuilderWithName_keepsName() {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder("https://first.example/codes").name("acme");

    b.build();
    CouponSourceConfig second = b.endpoint("https://second.example/codes").build();

    assertThat(second.name()).isEqualTo("acme");
  }

  @Test
  void build_twiceFromOneBuilder_equalConfigs() {
    CouponSourceConfig.Builder b = CouponSourceConfig.builder("https://shop.example/codes");

    assertThat(b.build()).isEqualTo(b.build()).hasSameHashCodeAs(b.build());
  }
}
