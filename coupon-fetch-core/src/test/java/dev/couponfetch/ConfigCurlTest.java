package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CouponSourceConfig#toCurl}: the request a config would send, without the network. */
class ConfigCurlTest {
  private static final String PASSWORD = "pa'ss-Basic-7731";

  @Test
  void basic_masked_showsMaskedAuthorization_withSecrets_theRealHeader() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/coupons?campaign={{c}}")
            .header("Accept", "application/json")
            .auth(AuthConfig.basic("acme", PASSWORD))
            .build();
    Map<String, String> vars = Map.of("c", "spring sale");
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    ("acme:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(c.toCurl(vars, false))
        .isEqualTo(
            "curl 'https://shop.example/coupons?campaign=spring%20sale'"
                + " -H 'Accept: application/json' -H 'Authorization: ****'")
        .doesNotContain(basic.substring(6));
    assertThat(c.toCurl(vars, true))
        .isEqualTo(
            "curl 'https://shop.example/coupons?campaign=spring%20sale'"
                + " -H 'Accept: application/json' -H 'Authorization: "
                + basic
                + "'");
  }

  @Test
  void queryString_masked_andWithSecrets() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/coupons")
            .auth(AuthConfig.queryString(Map.of("api_key", "k3y-Query-0042")))
            .build();

    assertThat(c.toCurl(Map.of(), false))
        .isEqualTo("curl 'https://shop.example/coupons?api_key=****'");
    assertThat(c.toCurl(Map.of(), true))
        .isEqualTo("curl 'https://shop.example/coupons?api_key=k3y-Query-0042'");
  }

  @Test
  void postJsonWithHeaderAuth_hasContentTypeAndBody() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/mint")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"email\": \"{{email}}\"}")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", "h3ader-Secret-55")))
            .build();

    String masked = c.toCurl(Map.of("email", "o'neil@example.com"), false);

    assertThat(masked)
        .isEqualTo(
            "curl -X POST 'https://shop.example/mint' -H 'X-Api-Key: ****'"
                + " -H 'Content-Type: application/json'"
                + " --data-raw '{\"email\":\"o'\\''neil@example.com\"}'");
    assertThat(c.toCurl(Map.of("email", "e"), true)).contains("-H 'X-Api-Key: h3ader-Secret-55'");
  }

  @Test
  void oauth2_tokenStaysMasked_evenWithSecrets_withAComment() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/coupons")
            .auth(
                AuthConfig.oauth2ClientCredentials(
                    "https://auth.example/token", "client", "cl1ent-Secret-99"))
            .build();

    for (boolean secrets : new boolean[] {false, true}) {
      assertThat(c.toCurl(Map.of(), secrets))
          .isEqualTo(
              "curl 'https://shop.example/coupons' -H 'Authorization: "
                  + (secrets ? "Bearer ****" : "****")
                  + "' # token: from a live call")
          .doesNotContain("cl1ent-Secret-99");
    }
  }

  @Test
  void digest_usesDashDashDigest() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/coupons")
            .auth(AuthConfig.digest("acme", PASSWORD))
            .build();

    assertThat(c.toCurl(Map.of(), false))
        .isEqualTo("curl 'https://shop.example/coupons' --digest -u 'acme:****'");
    assertThat(c.toCurl(Map.of(), true))
        .isEqualTo("curl 'https://shop.example/coupons' --digest -u 'acme:pa'\\''ss-Basic-7731'");
  }

  @Test
  void hmac_signatureMasked_withAComment() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://shop.example/coupons")
            .auth(
                AuthConfig.builder(AuthType.HMAC)
                    .signing(
                        SigningConfig.builder()
                            .secret("hm4c-Signing-Secret-7731")
                            .keyId("key-1")
                            .parts(SigningConfig.Part.METHOD, SigningConfig.Part.TIMESTAMP)
                            .signatureHeader("X-Signature")
                            .signaturePrefix("v1=")
                            .timestampHeader("X-Timestamp")
                            .keyIdHeader("X-Key-Id")
                            .build())
                    .build())
            .build();

    assertThat(c.toCurl(Map.of(), true))
        .isEqualTo(
            "curl 'https://shop.example/coupons' -H 'X-Signature: v1=****'"
                + " -H 'X-Timestamp: ****' -H 'X-Key-Id: key-1' # signature: from a live call");
    assertThat(c.toCurl(Map.of(), false)).contains("-H 'X-Signature: ****'");
  }

  @Test
  void missingVariable_failsAsAFetchWould() {
    CouponSourceConfig c = CouponSourceConfig.builder("https://shop.example/{{x}}").build();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> c.toCurl(Map.of(), false));

    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
  }
}
