package dev.couponfetch;

import static dev.couponfetch.ConfigJsonTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Problem lines say what is wrong in the user's words: no Java class, Jackson feature or constraint
 * name ({@code java.io.IOException: java.lang.IllegalArgumentException: Illegal base64 character},
 * {@code StreamReadConstraints.getMaxNestingDepth()}, {@code bound as
 * `com.fasterxml.jackson.databind.JsonNode`}).
 */
class ConfigPlainMessagesTest {
  static final Pattern INTERNAL =
      Pattern.compile(
          "java\\.|javax\\.|com\\.fasterxml|com\\.jayway|Exception|StreamRead|JsonRead|"
              + "Deserialization|bound as|\\[Source|REDACTED|`|CTRL-CHAR|Feature");

  private static String withPem(String pem) {
    return "{\"endpoint\":\"https://a.example/\",\"tls\":{\"trustedCertificates\":"
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(pem)
        + "}}";
  }

  private static String pemProblem(String pem) {
    List<String> problems = problemsOf(withPem(pem));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).doesNotContainPattern(INTERNAL);
    return problems.get(0);
  }

  @Test
  void fromJson_pemWithNonBase64Character_namesTheCharacterNotTheJdkException() {
    String pem = ConfigTransportFieldsTest.TEST_CA.replace("MIIBTTCB", "MIIB*TCB");
    assertThat(pemProblem(pem))
        .isEqualTo(
            "tls.trustedCertificates: certificate 1 holds the character '*', which is not base64"
                + " (the text between the BEGIN and END lines may only hold A-Z, a-z, 0-9, +, /"
                + " and = at the end)");
  }

  @Test
  void fromJson_brokenPems_eachNamedInWords() {
    String ca = ConfigTransportFieldsTest.TEST_CA;
    assertThat(pemProblem(ca + ca.replace("-----END CERTIFICATE-----\n", "")))
        .isEqualTo("tls.trustedCertificates: certificate 2 has no -----END CERTIFICATE----- line");
    assertThat(pemProblem("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----"))
        .isEqualTo("tls.trustedCertificates: certificate 1 is empty");
    assertThat(pemProblem("-----BEGIN CERTIFICATE-----\nAAAAA\n-----END CERTIFICATE-----"))
        .startsWith("tls.trustedCertificates: certificate 1 is cut short");
    assertThat(pemProblem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .startsWith("tls.trustedCertificates: certificate 1 is not a readable X.509 certificate");
    assertThat(pemProblem(ca.replace("ZA==", "ZA==\u00a0")))
        .contains("certificate 1 holds the character U+00A0, which is not base64");
    assertThat(CouponSourceConfig.fromJson(withPem(ca + "subject=CN=Test CA\n" + ca))).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"endpoint\":\"x\"} {}      | more JSON follows the end of the value",
        "{                          | the text ends before an object is closed (a '}' is missing;"
            + " it opens at line 1, column 1)",
        "[                          | the text ends before an array is closed (a ']' is missing; it opens at line 1, column 1)",
        "{\"a\":[1}                 | unexpected '}' where ']' closes; it opens at line 1, column 6",
        "{\"a\":NaN}                | NaN and Infinity are not JSON numbers",
        "/* c */{}                  | comments are not allowed in JSON",
        "{\"a\":1 \"b\":2}          | a ',' is missing between the object's fields",
        "{\"a\" 1}                  | a ':' is missing after the field name",
        "{\"a\":[1 2]}              | a ',' is missing between the array's values",
        "{\"a\":01}                 | a number must not start with 0",
        "{\"a\":-}                  | unexpected character '}' in a number",
        "{\"a\":\"\u0001\"}         | text values must not contain the control character U+0001",
        "{\"a\":\"unterminated      | the text ends inside a text value",
        "{\ufeff}                   | unexpected byte order mark (U+FEFF)",
        "{\"a\":1}}                 | unexpected '}': nothing to close",
      })
  void fromJson_unreadableJson_explainedInPlainWords(String json, String expected) {
    List<String> problems = problemsOf(json.replace("\\u0001", "\u0001"));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains(expected).doesNotContainPattern(INTERNAL);
  }

  @Test
  void fromJson_leadingByteOrderMark_ignored() {
    assertThat(
            CouponSourceConfig.fromJson("\ufeff{\"endpoint\":\"https://a.example/\"}").endpoint())
        .isEqualTo("https://a.example/");
  }

  @Test
  void fromJson_readerLimits_statedInPlainWords() {
    String deep = "{\"payload\":" + "[".repeat(1_100) + "]".repeat(1_100) + "}";
    assertThat(problemsOf(deep))
        .containsExactly(
            "(document): unreadable JSON: objects and arrays are nested more than 1,000 levels"
                + " deep");
    assertThat(problemsOf("{\"timeouts\":{\"connectMs\":" + "9".repeat(1_200) + "}}"))
        .containsExactly("(document): unreadable JSON: a number is longer than 1,000 characters");
    assertThat(problemsOf("{\"" + "k".repeat(60_000) + "\":1}"))
        .containsExactly(
            "(document): unreadable JSON: a field name is longer than 50,000 characters");
  }

  @Test
  void map_responseWithTrailingJson_notJsonInPlainWords() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://a.example/")
            .mapping(MappingConfig.code("$.code"))
            .build();
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () ->
                config
                    .mapper()
                    .map("{\"code\":\"A\"} {\"b\":1}".getBytes(StandardCharsets.UTF_8), null));
    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(e.getMessage())
        .contains("more JSON follows the end of the value")
        .doesNotContainPattern(INTERNAL);
  }

  @Test
  void map_jsonPathMeetsAnArray_saysArrayNotJacksonClass() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://a.example/")
            .mapping(MappingConfig.code("$.a.code"))
            .build();
    CouponFetchException e =
        catchThrowableOfType(
            CouponFetchException.class,
            () -> config.mapper().map("{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8), null));
    assertThat(e.reason()).isEqualTo(Reason.MAPPING_NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "mapping.code '$.a.code': Expected to find an object with property ['code'] in path"
                + " $['a'] but found an array (the top level is an object with keys: a)");
  }
}
