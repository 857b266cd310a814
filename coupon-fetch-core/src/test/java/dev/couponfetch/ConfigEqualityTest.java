package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field that {@code equals} compares also counts in {@code hashCode}: two configs that differ
 * in one field only are unequal and (for these values) hash differently, so hash-based collections
 * keep them apart.
 */
class ConfigEqualityTest {
  private static CouponSourceConfig.Builder base() {
    return CouponSourceConfig.builder("https://api.example/codes")
        .name("base")
        .method(RequestMethod.POST_JSON)
        .payloadJson("{\"campaign\":\"spring\"}")
        .header("Accept", "application/json")
        .auth(AuthConfig.basic("acme", "s3cret-pass"))
        .couponType(CouponType.SINGLE)
        .mapping(MappingConfig.code("code"))
        .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  /** One change per field that {@code equals} compares. */
  static Stream<Arguments> oneFieldChanged() {
    return Stream.of(
        change("name", b -> b.name("other")),
        change("endpoint", b -> b.endpoint("https://api.example/other")),
        change("method", b -> b.method(RequestMethod.POST_FORM)),
        change("payload", b -> b.payloadJson("{\"campaign\":\"autumn\"}")),
        change("headers", b -> b.header("X-Shop", "1")),
        change("auth", b -> b.auth(AuthConfig.digest("acme", "s3cret-pass"))),
        change("couponType", b -> b.couponType(CouponType.BULK)),
        change("mapping", b -> b.mapping(MappingConfig.code("data.code"))),
        change(
            "timeouts",
            b -> b.timeouts(new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(4)))),
        change("retryPost", b -> b.retryPost(true)),
        change(
            "trustedCertificates", b -> b.trustedCertificates(ConfigTransportFieldsTest.TEST_CA)),
        change(
            "clientCertificate",
            b ->
                b.clientCertificate(
                    ClientCertificate.pem(
                        ConfigClientCertificateTest.EC_CERT, ConfigClientCertificateTest.EC_KEY))));
  }

  private static Arguments change(String field, UnaryOperator<CouponSourceConfig.Builder> edit) {
    return Arguments.of(field, edit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneFieldChanged")
  void equalsAndHashCode_oneFieldDiffers_unequalWithOtherHash(
      String field, UnaryOperator<CouponSourceConfig.Builder> edit) {
    CouponSourceConfig config = base().build();
    CouponSourceConfig changed = edit.apply(base()).build();

    assertThat(changed).isNotEqualTo(config);
    assertThat(changed.hashCode()).as(field).isNotEqualTo(config.hashCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneFieldChanged")
  void equalsAndHashCode_sameChangeTwice_equalWithSameHash(
      String field, UnaryOperator<CouponSourceConfig.Builder> edit) {
    CouponSourceConfig a = edit.apply(base()).build();
    CouponSourceConfig b = edit.apply(base()).build();

    assertThat(a).as(field).isEqualTo(b);
    assertThat(a.hashCode()).as(field).isEqualTo(b.hashCode());
  }
}
