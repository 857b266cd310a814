package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A distinctive secret must never show outside {@code toJson()} and the wire. */
class SecretLeakTest {
  static final String SECRET = "Zq7SECRETxv93";

  static void assertNoSecret(CouponFetchException e) {
    assertThat(e).isNotNull();
    List<String> texts = new ArrayList<>(e.problems());
    texts.add(e.getMessage());
    texts.add(String.valueOf(e));
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      texts.add(String.valueOf(t));
    }
    assertThat(texts).noneMatch(s -> s.contains(SECRET) || s.contains("Zq7SECR"));
  }

  static CouponFetchException readFailure(String json) {
    return catchThrowableOfType(
        CouponFetchException.class, () -> CouponSourceConfig.fromJson(json));
  }

  @Test
  void toStringAndMaskedJson_neverShowSecrets() {
    List<CouponSourceConfig> configs =
        List.of(
            CouponSourceConfig.builder("https://a.example")
                .auth(AuthConfig.basic("u", SECRET))
                .build(),
            CouponSourceConfig.builder("https://a.example")
                .auth(AuthConfig.digest("u", SECRET))
                .build(),
            CouponSourceConfig.builder("https://a.example")
                .auth(AuthConfig.queryString(Map.of("key", SECRET)))
                .build(),
            CouponSourceConfig.builder("https://a.example")
                .header("Authorization", "Bearer " + SECRET)
                .auth(AuthConfig.headers(Map.of("X-Key", SECRET)))
                .build());

    for (CouponSourceConfig c : configs) {
      PreparedRequest sent =
          Authenticator.standard(c.auth().type()).authenticate(c.prepare(Map.of()), c, Map.of());
      assertThat(c.toString()).doesNotContain(SECRET);
      assertThat(c.auth().toString()).doesNotContain(SECRET);
      assertThat(c.toMaskedJson()).doesNotContain(SECRET).contains("****");
      assertThat(sent.toString()).doesNotContain(SECRET);
      assertThat(sent.displayUri()).doesNotContain(SECRET);
      assertThat(Exchange.SentRequest.of(sent).toString()).doesNotContain(SECRET);
      assertThat(c.toJson()).contains(SECRET);
    }
  }

  @Test
  void unreadableJson_secretTypedWithoutQuotes_notEchoed() {
    String json =
        "{\"endpoint\": \"https://a.example\",\n"
            + " \"auth\": {\"type\": \"BASIC\", \"username\": \"u\", \"password\": "
            + SECRET
            + "}}";

    CouponFetchException e = readFailure(json);

    assertNoSecret(e);
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("(document): unreadable JSON at line 2");
  }

  @Test
  void unreadableJson_secretInSingleQuotesOrUnterminated_notEchoed() {
    assertNoSecret(readFailure("{\"auth\": {\"password\": '" + SECRET + "'}}"));
    assertNoSecret(readFailure("{\"auth\": {\"password\": \"" + SECRET));
    assertNoSecret(readFailure("{\"auth\": {\"password\": \"" + SECRET + "\n\"}}"));
  }

  @Test
  void problems_wrongTypesAndBadValues_neverShowSecrets() {
    assertNoSecret(
        readFailure(
            "{\"endpoint\": \"https://a.example\", \"auth\": {\"type\": \"BASIC\", \"username\":"
                + " \"u\", \"password\": [\""
                + SECRET
                + "\"], \"clientSecret\": \""
                + SECRET
                + "\"}}"));
    assertNoSecret(
        readFailure(
            "{\"endpoint\": \"https://a.example\", \"auth\": {\"type\": \"QUERY_STRING\","
                + " \"params\": {\"k\": {\"v\": \""
                + SECRET
                + "\"}}}}"));
    assertNoSecret(
        readFailure(
            "{\"endpoint\": \"https://a.example\", \"auth\": {\"type\": \"HEADERS\","
                + " \"headers\": {\"X-K\": \"{{"
                + SECRET
                + " }}\", \"X-L\": \""
                + SECRET
                + "\\r\\n\"}}}"));
    assertNoSecret(
        readFailure("{\"endpoint\": \"https://u:" + SECRET + "@a.example/\", \"name\": \"n\"}"));
    assertNoSecret(
        readFailure("{\"endpoint\": \"ftp://u:" + SECRET + "@a.example/\", \"name\": \"n\"}"));
  }

  @Test
  void missingVariable_inSecretTemplate_namesOnlyTheVariable() {
    CouponSourceConfig c =
        CouponSourceConfig.builder("https://a.example")
            .auth(AuthConfig.queryString(Map.of("key", SECRET + "{{tenant}}")))
            .build();

    assertNoSecret(catchThrowableOfType(CouponFetchException.class, () -> c.prepare(Map.of())));
  }
}
