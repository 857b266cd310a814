package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

  @Test
  void toBuilder_derivedName_isDerivedAgainFromTheNewEndpoint() {
    CouponSourceConfig first = CouponSourceConfig.builder("https://first.example/codes").build();

    CouponSourceConfig second = first.toBuilder().endpoint("https://second.example/codes").build();

    assertThat(second.name()).isEqualTo("second.example");
  }

  @Test
  void toBuilder_givenName_isKept() {
    CouponSourceConfig first =
        CouponSourceConfig.builder("https://first.example/codes").name("acme").build();

    assertThat(first.toBuilder().endpoint("https://second.example/codes").build().name())
        .isEqualTo("acme");
    assertThat(first.toBuilder().build()).isEqualTo(first);
  }

  @Test
  void authConfig_hashCode_countsEveryFieldEqualsCompares() {
    AuthConfig base =
        AuthConfig.builder(AuthType.OAUTH2)
            .grant(OAuth2Grant.AUTHORIZATION_CODE)
            .clientId("client")
            .authorizationUrl("https://auth.example/authorize")
            .tokenUrl("https://auth.example/token")
            .build();
    List<AuthConfig> changed =
        List.of(
            base.toBuilder().authorizationUrl("https://auth.example/other").build(),
            base.toBuilder().scope("coupons").build(),
            base.toBuilder().redirectUri("http://127.0.0.1:8765/callback").build(),
            base.toBuilder().clientAuth(ClientAuthMethod.CLIENT_SECRET_POST).build(),
            base.toBuilder().refreshToken("a-refresh-token").build(),
            base.toBuilder().tokenExpiredStatuses(List.of(401, 403)).build(),
            base.toBuilder().tokenExpiredPath("errcode").build());

    for (AuthConfig c : changed) {
      assertThat(c).isNotEqualTo(base);
      assertThat(c.hashCode()).as(c.toString()).isNotEqualTo(base.hashCode());
    }
  }
}
