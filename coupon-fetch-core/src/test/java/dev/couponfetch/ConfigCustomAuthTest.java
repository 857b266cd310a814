package dev.couponfetch;

import static dev.couponfetch.ConfigJsonTest.problemsOf;
import static dev.couponfetch.ConfigValidationTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code "auth": {"type": "CUSTOM", "scheme": ..., "settings": {...}}}: reading, checks, masking.
 */
class ConfigCustomAuthTest {
  private static final String SECRET = "Hm4c-Secret-8831";

  private static final String JSON =
      """
      {"name": "acme", "endpoint": "https://api.acme.example/coupons?account={{accountId}}",
       "auth": {"type": "custom", "scheme": "acme-hmac",
                "settings": {"keyId": "k1", "secret": "%s", "account": "{{accountId}}"}}}
      """
          .formatted(SECRET);

  private static CouponSourceConfig.Builder valid() {
    return CouponSourceConfig.builder("https://api.acme.example/coupons");
  }

  @Test
  void fromJson_custom_readsSchemeAndSettingsInOrderAndRoundTrips() throws IOException {
    CouponSourceConfig config = CouponSourceConfig.fromJson(JSON);

    AuthConfig auth = config.auth();
    assertThat(auth.type()).isEqualTo(AuthType.CUSTOM);
    assertThat(auth.scheme()).isEqualTo("acme-hmac");
    assertThat(auth.settings())
        .containsExactly(
            entry("keyId", Secret.of("k1")),
            entry("secret", Secret.of(SECRET)),
            entry("account", Secret.of("{{accountId}}")));
    assertThat(auth)
        .isEqualTo(
            AuthConfig.builder(AuthType.CUSTOM)
                .scheme("acme-hmac")
                .setting("keyId", "k1")
                .setting("secret", SECRET)
                .setting("account", "{{accountId}}")
                .build());
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    JsonNode written = new ObjectMapper().readTree(config.toJson()).get("auth");
    assertThat(written.fieldNames()).toIterable().containsExactly("type", "scheme", "settings");
    assertThat(written.get("settings").fieldNames())
        .toIterable()
        .containsExactly("keyId", "secret", "account");
  }

  @Test
  void custom_factoryBuilderAndToBuilder_keepSchemeAndSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("b", "2");
    settings.put("a", "1");
    AuthConfig made = AuthConfig.custom("acme-hmac", settings);
    AuthConfig built =
        AuthConfig.builder(AuthType.CUSTOM)
            .scheme("acme-hmac")
            .setting("b", "2")
            .setting("a", "1")
            .build();

    assertThat(made).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(made.settings().keySet()).containsExactly("b", "a");
    assertThat(made.toBuilder().build()).isEqualTo(made);
    assertThat(made.toBuilder().setting("a", "other").build()).isNotEqualTo(made);
    assertThat(made.toBuilder().scheme("acme-other").build()).isNotEqualTo(made);
    // The builder that made one config is not changed by making another from it.
    AuthConfig.Builder reused = made.toBuilder();
    AuthConfig first = reused.build();
    reused.setting("c", "3");
    assertThat(first.settings()).hasSize(2);
    assertThat(reused.build().settings()).hasSize(3);
  }

  @Test
  void scheme_builtInTypes_areTheirLowerCaseNames() {
    assertThat(AuthConfig.none().scheme()).isEqualTo("none");
    assertThat(AuthConfig.basic("u", "p").scheme()).isEqualTo("basic");
    assertThat(AuthConfig.digest("u", "p").scheme()).isEqualTo("digest");
    assertThat(AuthConfig.queryString(Map.of("k", "v")).scheme()).isEqualTo("query_string");
    assertThat(AuthConfig.headers(Map.of("X-Key", "v")).scheme()).isEqualTo("headers");
    assertThat(AuthConfig.oauth2ClientCredentials("https://a.example/t", "c", "s").scheme())
        .isEqualTo("oauth2");
    assertThat(AuthConfig.builder(AuthType.CUSTOM).build().scheme()).isNull();
  }

  @Test
  void build_customWithoutScheme_problem() {
    assertThat(problemsOf(valid().auth(AuthConfig.builder(AuthType.CUSTOM).build())))
        .containsExactly(
            "auth.scheme: is required for CUSTOM (the name of an authenticator registered on the"
                + " fetcher)");
  }

  @Test
  void build_customBadSchemeNames_problems() {
    assertThat(problemsOf(valid().auth(AuthConfig.custom("Acme-HMAC", Map.of()))))
        .containsExactly(
            "auth.scheme: must be lower-case letters a-z, digits, '.', '_' and '-', starting with a"
                + " letter or digit, got 'Acme-HMAC'; did you mean 'acme-hmac'?");
    assertThat(problemsOf(valid().auth(AuthConfig.custom("", Map.of()))))
        .containsExactly("auth.scheme: must not be empty");
    assertThat(problemsOf(valid().auth(AuthConfig.custom("a".repeat(65), Map.of()))))
        .containsExactly("auth.scheme: must be 1 to 64 characters, has 65");
    assertThat(problemsOf(valid().auth(AuthConfig.custom("-acme", Map.of()))))
        .singleElement()
        .asString()
        .startsWith("auth.scheme: must be lower-case")
        .endsWith("got '-acme'");
  }

  @Test
  void build_customNamingABuiltInScheme_problemWithHint() {
    assertThat(problemsOf(valid().auth(AuthConfig.custom("basic", Map.of()))))
        .containsExactly(
            "auth.scheme: 'basic' is a built-in scheme; use \"type\": \"BASIC\" instead of"
                + " CUSTOM");
    assertThat(problemsOf(valid().auth(AuthConfig.custom("query_string", Map.of()))))
        .containsExactly(
            "auth.scheme: 'query_string' is a built-in scheme; use \"type\": \"QUERY_STRING\""
                + " instead of CUSTOM");
  }

  @Test
  void build_settingNames_blankTooLongOrControl_problems() {
    AuthConfig.Builder b =
        AuthConfig.builder(AuthType.CUSTOM)
            .scheme("acme")
            .setting(" ", "v")
            .setting("n".repeat(65), "v")
            .setting("a\nb", "v")
            .setting("n".repeat(64), "fine");

    assertThat(problemsOf(valid().auth(b.build())))
        .containsExactly(
            "auth.settings: a setting name is blank",
            "auth.settings: a setting name has 65 characters, at most 64 are allowed",
            "auth.settings[\"a\\u000ab\"]: the name must not contain control characters (line"
                + " breaks, tabs)");
  }

  @Test
  void build_sixtyFiveSettings_problem_sixtyFourFine() {
    AuthConfig.Builder b = AuthConfig.builder(AuthType.CUSTOM).scheme("acme");
    for (int i = 0; i < 64; i++) {
      b.setting("k" + i, "v");
    }
    assertThat(valid().auth(b.build()).build().auth().settings()).hasSize(64);

    assertThat(problemsOf(valid().auth(b.setting("k64", "v").build())))
        .containsExactly("auth.settings: at most 64 settings, has 65");
  }

  @Test
  void build_otherTypesFieldsOnCustom_problems() {
    AuthConfig auth =
        AuthConfig.builder(AuthType.CUSTOM)
            .scheme("acme")
            .username("u")
            .password(SECRET)
            .param("k", SECRET)
            .header("X-Key", SECRET)
            .clientId("c")
            .tokenUrl("https://a.example/token")
            .refreshToken(SECRET)
            .build();

    List<String> problems = problemsOf(valid().auth(auth));

    assertThat(problems)
        .containsExactly(
            "auth.clientId: not used by CUSTOM",
            "auth.tokenUrl: not used by CUSTOM",
            "auth.refreshToken: not used by CUSTOM",
            "auth.username: not used by CUSTOM",
            "auth.password: not used by CUSTOM",
            "auth.params: not used by CUSTOM",
            "auth.headers: not used by CUSTOM");
    assertThat(String.join("\n", problems)).doesNotContain(SECRET);
  }

  @Test
  void build_schemeAndSettingsOnOtherTypes_problems() {
    AuthConfig basic =
        AuthConfig.basic("u", "p").toBuilder().scheme("acme").setting("k", SECRET).build();

    assertThat(problemsOf(valid().auth(basic)))
        .containsExactly("auth.scheme: not used by BASIC", "auth.settings: not used by BASIC");
    assertThat(
            problemsOf(
                valid().auth(AuthConfig.builder(AuthType.NONE).setting("k", SECRET).build())))
        .containsExactly("auth.settings: not used by NONE");
  }

  @Test
  void fromJson_customProblems_allListedWithFieldsAndNoSecret() {
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "https://a.example/c",
             "auth": {"type": "CUSTOM", "username": "u", "grant": "CLIENT_CREDENTIALS",
                      "clientSecret": "%s", "settings": {"keyId": 7, "secret": "x-{{ bad name}}-%s"}}}
            """
                .formatted(SECRET, SECRET));

    assertThat(problems)
        .containsExactly(
            "auth.settings.keyId: must be a string, got a number",
            "auth.grant: not used by CUSTOM",
            "auth.clientSecret: not used by CUSTOM",
            "auth.scheme: is required for CUSTOM (the name of an authenticator registered on the"
                + " fetcher)",
            "auth.username: not used by CUSTOM",
            "auth.settings.secret: the placeholder at position 3 is not a valid variable name (use"
                + " letters, digits, '_', '.' and '-')");
    assertThat(String.join("\n", problems)).doesNotContain(SECRET);
  }

  @Test
  void fromJson_schemeAndSettingsOnBasic_problems_andWrongTypesDescribedNotQuoted() {
    assertThat(
            problemsOf(
                """
                {"endpoint": "https://a.example/c",
                 "auth": {"type": "BASIC", "username": "u", "password": "p",
                          "scheme": "acme", "settings": {"k": "v"}}}
                """))
        .containsExactly("auth.scheme: not used by BASIC", "auth.settings: not used by BASIC");
    List<String> problems =
        problemsOf(
            """
            {"endpoint": "https://a.example/c",
             "auth": {"type": "CUSTOM", "scheme": 1, "settings": "%s"}}
            """
                .formatted(SECRET));
    assertThat(problems)
        .containsExactly(
            "auth.scheme: must be a string, got 1",
            "auth.settings: must be an object, got a string");
  }

  @Test
  void settingsWithVariables_missingVariableNamedAtPrepare_andResolvedForTheScheme() {
    CouponSourceConfig config = CouponSourceConfig.fromJson(JSON);

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> config.prepare(Map.of()));
    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(e.getMessage())
        .isEqualTo("variable 'accountId' is used in endpoint but was not supplied");
    assertThat(config.auth().resolvedSettings(Map.of("accountId", "A-17")))
        .containsExactly(
            entry("keyId", Secret.of("k1")),
            entry("secret", Secret.of(SECRET)),
            entry("account", Secret.of("A-17")));
    CouponFetchException missing =
        catchThrowableOfType(
            CouponFetchException.class, () -> config.auth().resolvedSettings(Map.of()));
    assertThat(missing.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(missing.getMessage())
        .contains("variable 'accountId' is used in auth.settings.account but was not supplied");
  }

  @Test
  void settingsVariable_onlyInSettings_isRequiredByPrepare() {
    CouponSourceConfig config =
        valid().auth(AuthConfig.custom("acme", Map.of("tenant", "t-{{tenant}}"))).build();

    CouponFetchException e =
        catchThrowableOfType(CouponFetchException.class, () -> config.prepare(Map.of()));

    assertThat(e.reason()).isEqualTo(Reason.MISSING_VARIABLE);
    assertThat(e.getMessage())
        .isEqualTo("variable 'tenant' is used in auth.settings.tenant but was not supplied");
    assertThat(config.prepare(Map.of("tenant", "x")).uri().toString())
        .isEqualTo("https://api.acme.example/coupons");
  }

  @Test
  void settingsValues_neverInToStringMaskedJsonOrProblems() {
    CouponSourceConfig config = CouponSourceConfig.fromJson(JSON);
    List<String> texts = new ArrayList<>();
    texts.add(config.toString());
    texts.add(config.auth().toString());
    texts.add(config.auth().settings().toString());
    texts.add(config.auth().resolvedSettings(Map.of("accountId", "A-17")).toString());
    texts.add(config.toMaskedJson());
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> config.toBuilder().endpoint("ftp://x").name(" ").build());
    texts.addAll(e.problems());
    texts.add(e.getMessage());

    assertThat(texts).noneMatch(t -> t.contains(SECRET) || t.contains("k1"));
    assertThat(config.auth().toString())
        .isEqualTo(
            "AuthConfig{type=CUSTOM, scheme=acme-hmac, settings={keyId=****, secret=****,"
                + " account=****}}");
    assertThat(config.toMaskedJson())
        .contains("\"keyId\": \"****\"", "\"secret\": \"****\"", "\"account\": \"****\"");
    assertThat(config.toJson()).contains(SECRET);
  }
}
