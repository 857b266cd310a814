package dev.couponfetch.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A header must come from one place: config headers or the auth that sends it. */
class ConfigHeaderConflictTest {
  @ParameterizedTest
  @EnumSource(
      value = AuthType.class,
      names = {"BASIC", "DIGEST"})
  void build_authorizationHeaderWithPasswordAuth_rejected(AuthType type) {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder("https://a.example/codes")
            .header("Authorization", "Bearer abc")
            .auth(AuthConfig.builder(type).username("u").password("p").build());

    assertThat(problemsOf(b))
        .containsExactly(
            "headers.Authorization: conflicts with auth.type "
                + type
                + ", which sends its own Authorization header");
  }

  @Test
  void fromJson_authorizationInAnyCaseWithBasic_rejectedWithoutShowingValue() {
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "https://a.example/codes",
             "headers": {"authorization": "Bearer s3cret-token"},
             "auth": {"type": "BASIC", "username": "u", "password": "p"}}
            """);

    assertThat(problems)
        .containsExactly(
            "headers.authorization: conflicts with auth.type BASIC, which sends its own"
                + " Authorization header");
    assertThat(String.join("\n", problems)).doesNotContain("s3cret-token");
  }

  @Test
  void fromJson_authorizationWithOauth2_reportedAsConflict() {
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "https://a.example/codes",
             "headers": {"Authorization": "Bearer x"},
             "auth": {"type": "OAUTH2"}}
            """);

    assertThat(problems)
        .contains(
            "headers.Authorization: conflicts with auth.type OAUTH2, which sends its own"
                + " Authorization header");
  }

  @Test
  void build_sameHeaderInHeadersAndAuthHeaders_rejected() {
    CouponSourceConfig.Builder b =
        CouponSourceConfig.builder("https://a.example/codes")
            .header("X-API-KEY", "one")
            .header("Accept", "application/json")
            .auth(AuthConfig.builder(AuthType.HEADERS).header("x-api-key", "two").build());

    assertThat(problemsOf(b))
        .containsExactly("headers.X-API-KEY: also set in auth.headers; set it in one place");
  }

  @Test
  void build_authorizationInHeadersWithoutCompetingAuth_accepted() {
    assertThat(
            CouponSourceConfig.builder("https://a.example/codes")
                .header("Authorization", "Bearer abc")
                .build()
                .headers())
        .containsKey("Authorization");
    assertThat(
            CouponSourceConfig.builder("https://a.example/codes")
                .header("Authorization", "Bearer abc")
                .auth(AuthConfig.builder(AuthType.HEADERS).header("X-Key", "k").build())
                .build()
                .headers())
        .containsKey("Authorization");
  }

  private static List<String> problemsOf(CouponSourceConfig.Builder b) {
    CouponFetchException e = catchThrowableOfType(CouponFetchException.class, b::build);
    assertThat(e).as("expected an invalid config").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e.problems();
  }

  private static List<String> problemsOf(String json) {
    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> CouponSourceConfig.fromJson(json));
    assertThat(e).as("expected an invalid config").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CONFIG);
    return e.problems();
  }
}
