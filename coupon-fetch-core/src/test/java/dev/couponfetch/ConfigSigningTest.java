package dev.couponfetch;

import static dev.couponfetch.ConfigJsonTest.problemsOf;
import static dev.couponfetch.ConfigValidationTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.SigningConfig.Algorithm;
import dev.couponfetch.SigningConfig.Encoding;
import dev.couponfetch.SigningConfig.Part;
import dev.couponfetch.SigningConfig.SecretEncoding;
import dev.couponfetch.SigningConfig.TimestampFormat;
import dev.couponfetch.internal.text.Redactor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code "auth": {"type": "HMAC", "signing": {...}}}: reading, checks, writing, masking. */
class ConfigSigningTest {
  private static final String SECRET = "hm4c-Signing-Secret-7731";

  private static final String JSON =
      """
      {"name": "acme", "endpoint": "https://api.acme.example/coupons?campaign=spring",
       "auth": {"type": "hmac", "signing": {
         "algorithm": "hmac_sha512", "secret": "%s", "secretEncoding": "TEXT",
         "keyId": "acme-key-1", "parts": ["method", "PATH", "QUERY", "TIMESTAMP", "NONCE",
         "BODY_SHA256", "KEY_ID"], "separator": "|", "timestampFormat": "ISO_8601",
         "encoding": "BASE64", "signatureHeader": "X-Signature", "signaturePrefix": "v1=",
         "timestampHeader": "X-Timestamp", "nonceHeader": "X-Nonce", "keyIdHeader": "X-Key-Id"}}}
      """
          .formatted(SECRET);

  private static SigningConfig.Builder minimal() {
    return SigningConfig.builder()
        .secret(SECRET)
        .parts(Part.METHOD, Part.PATH, Part.TIMESTAMP)
        .signatureHeader("X-Signature")
        .timestampHeader("X-Timestamp");
  }

  private static CouponSourceConfig.Builder with(SigningConfig signing) {
    return CouponSourceConfig.builder("https://api.acme.example/coupons")
        .auth(AuthConfig.builder(AuthType.HMAC).signing(signing).build());
  }

  private static String json(String signing) {
    return "{\"endpoint\": \"https://api.acme.example/coupons\", \"auth\": {\"type\": \"HMAC\","
        + " \"signing\": "
        + signing
        + "}}";
  }

  @Test
  void fromJson_everyField_readAndRoundTrips() throws IOException {
    CouponSourceConfig config = CouponSourceConfig.fromJson(JSON);

    SigningConfig s = config.auth().signing();
    assertThat(s)
        .isEqualTo(
            SigningConfig.builder()
                .algorithm(Algorithm.HMAC_SHA512)
                .secret(SECRET)
                .secretEncoding(SecretEncoding.TEXT)
                .keyId("acme-key-1")
                .parts(
                    Part.METHOD,
                    Part.PATH,
                    Part.QUERY,
                    Part.TIMESTAMP,
                    Part.NONCE,
                    Part.BODY_SHA256,
                    Part.KEY_ID)
                .separator("|")
                .timestampFormat(TimestampFormat.ISO_8601)
                .encoding(Encoding.BASE64)
                .signatureHeader("X-Signature")
                .signaturePrefix("v1=")
                .timestampHeader("X-Timestamp")
                .nonceHeader("X-Nonce")
                .keyIdHeader("X-Key-Id")
                .build());
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s.toBuilder().separator("\n").build()).isNotEqualTo(s);
  }

  @Test
  void toJson_defaultsLeftOut_readBackEqual() throws IOException {
    CouponSourceConfig config = with(minimal().build()).build();

    JsonNode signing = new ObjectMapper().readTree(config.toJson()).get("auth").get("signing");

    assertThat(signing.fieldNames())
        .toIterable()
        .containsExactly("secret", "parts", "signatureHeader", "timestampHeader");
    assertThat(CouponSourceConfig.fromJson(config.toJson())).isEqualTo(config);
    SigningConfig s = config.auth().signing();
    assertThat(s.algorithm()).isEqualTo(Algorithm.HMAC_SHA256);
    assertThat(s.separator()).isEqualTo("\n");
    assertThat(s.encoding()).isEqualTo(Encoding.HEX);
    assertThat(s.timestampFormat()).isEqualTo(TimestampFormat.EPOCH_SECONDS);
    assertThat(s.secretEncoding()).isEqualTo(SecretEncoding.TEXT);
    assertThat(s.signaturePrefix()).isEmpty();
  }

  @Test
  void secret_neverShown() {
    CouponSourceConfig config = CouponSourceConfig.fromJson(JSON);

    assertThat(config.toString()).doesNotContain(SECRET).contains("secret=****");
    assertThat(config.auth().toString()).doesNotContain(SECRET);
    assertThat(config.auth().signing().toString()).doesNotContain(SECRET);
    assertThat(config.toMaskedJson()).doesNotContain(SECRET).contains("\"secret\": \"****\"");
    // Free text that quotes the key (an endpoint's error page) is masked too.
    Redactor r = Redactor.of(config.prepare(Map.of()), config.auth());
    assertThat(r.redact("expected key " + SECRET)).isEqualTo("expected key ****");
  }

  @Test
  void fromJson_unknownAndMisspeltFields_problemsNamingThemInsideSigning() {
    assertThat(
            problemsOf(
                json(
                    "{\"secret\": \"x\", \"parts\": [\"PATH\"], \"signatureHeader\": \"X-S\","
                        + " \"signatureHedaer\": \"X\", \"colour\": 1}")))
        .containsExactly(
            "auth.signing.signatureHedaer: unknown field; did you mean 'signatureHeader'?",
            "auth.signing.colour: unknown field");
  }

  @Test
  void fromJson_wrongTypesAndValues_problemsByField() {
    List<String> problems =
        problemsOf(
            json(
                "{\"algorithm\": \"HMAC_SHA265\", \"secret\": 42, \"parts\": [\"METHOD\","
                    + " \"NONSE\", 3], \"encoding\": \"hexa\", \"signatureHeader\": \"X-S\"}"));

    assertThat(problems)
        .containsExactly(
            "auth.signing.algorithm: must be one of HMAC_SHA1, HMAC_SHA256, HMAC_SHA512, got"
                + " \"HMAC_SHA265\"; did you mean 'HMAC_SHA256'?",
            "auth.signing.secret: must be a string, got a number",
            "auth.signing.parts[1]: must be one of METHOD, HOST, PATH, QUERY, TIMESTAMP, NONCE,"
                + " BODY, BODY_SHA256, KEY_ID, got \"NONSE\"; did you mean 'NONCE'?",
            "auth.signing.parts[2]: must be one of METHOD, HOST, PATH, QUERY, TIMESTAMP, NONCE,"
                + " BODY, BODY_SHA256, KEY_ID, got 3",
            "auth.signing.encoding: must be one of HEX, BASE64, got \"hexa\"; did you mean 'HEX'?");
    assertThat(problemsOf(json("[]")))
        .containsExactly("auth.signing: must be an object, got an array");
    assertThat(
            problemsOf(
                json("{\"parts\": \"METHOD\", \"secret\": \"x\", \"signatureHeader\": \"X\"}")))
        .containsExactly(
            "auth.signing.parts: must be a list of parts such as [\"METHOD\", \"PATH\","
                + " \"TIMESTAMP\"], got \"METHOD\"");
  }

  @Test
  void build_hmacWithoutSigning_problem() {
    assertThat(
            problemsOf(
                CouponSourceConfig.builder("https://a.example/")
                    .auth(AuthConfig.builder(AuthType.HMAC).build())))
        .containsExactly(
            "auth.signing: is required for HMAC (how each request is signed: secret, parts,"
                + " signatureHeader)");
  }

  @Test
  void build_requiredFieldsMissing_problems() {
    assertThat(problemsOf(with(SigningConfig.builder().build())))
        .containsExactly(
            "auth.signing.secret: is required for HMAC",
            "auth.signing.parts: is required for HMAC: the parts of the canonical string in order,"
                + " such as [\"METHOD\", \"PATH\", \"TIMESTAMP\"]",
            "auth.signing.signatureHeader: is required for HMAC (such as X-Signature)");
  }

  @Test
  void build_partsWithoutTheirHeaders_problems() {
    SigningConfig s =
        SigningConfig.builder()
            .secret(SECRET)
            .parts(Part.TIMESTAMP, Part.NONCE, Part.KEY_ID)
            .signatureHeader("X-Signature")
            .build();

    assertThat(problemsOf(with(s)))
        .containsExactly(
            "auth.signing.timestampHeader: is required when parts include TIMESTAMP (the endpoint"
                + " needs it to check the signature)",
            "auth.signing.nonceHeader: is required when parts include NONCE (the endpoint needs it"
                + " to check the signature)",
            "auth.signing.keyIdHeader: is required when parts include KEY_ID (the endpoint needs it"
                + " to check the signature)",
            "auth.signing.keyId: is required when parts include KEY_ID");
    assertThat(problemsOf(with(minimal().keyIdHeader("X-Key-Id").build())))
        .containsExactly("auth.signing.keyId: is required when keyIdHeader is set");
  }

  @Test
  void build_secretNotInItsEncoding_problemWithoutTheSecret() {
    List<String> base64 =
        problemsOf(
            with(
                minimal()
                    .secret("not/base64!" + SECRET)
                    .secretEncoding(SecretEncoding.BASE64)
                    .build()));
    List<String> hex =
        problemsOf(with(minimal().secret(SECRET).secretEncoding(SecretEncoding.HEX).build()));

    assertThat(base64)
        .containsExactly(
            "auth.signing.secret: is not valid BASE64 (secretEncoding is BASE64; use TEXT for a key"
                + " written as plain text)");
    assertThat(hex).singleElement().asString().startsWith("auth.signing.secret: is not valid HEX");
    assertThat(problemsOf(with(minimal().secret("").build())))
        .containsExactly("auth.signing.secret: must not be empty");
    assertThat(with(minimal().secret("00ff").secretEncoding(SecretEncoding.HEX).build()).build())
        .isNotNull();
  }

  @Test
  void build_badHeaderNamesAndValues_problems() {
    SigningConfig s =
        minimal()
            .signatureHeader("X Signature")
            .timestampHeader("Content-Length")
            .nonceHeader("x-signature")
            .keyId("k\n1")
            .keyIdHeader("X-Key-Id")
            .signaturePrefix("v1\r=")
            .build();

    assertThat(problemsOf(with(s)))
        .containsExactly(
            "auth.signing.keyId: must not contain a control character (it is sent as a header)",
            "auth.signing.signaturePrefix: must not contain a control character (it is sent in a"
                + " header)",
            "auth.signing.signatureHeader: not a valid header name (letters, digits and"
                + " !#$%&'*+-.^_`|~ only)",
            "auth.signing.timestampHeader: is set by the HTTP client and cannot be configured");
    assertThat(problemsOf(with(minimal().nonceHeader("x-timestamp").build())))
        .containsExactly(
            "auth.signing.nonceHeader: is the same header as auth.signing.timestampHeader");
  }

  @Test
  void build_configHeaderAlsoSetBySigning_problem() {
    CouponSourceConfig.Builder b =
        with(minimal().build()).headers(Map.of("x-timestamp", "1", "Accept", "application/json"));

    assertThat(problemsOf(b))
        .containsExactly(
            "headers.x-timestamp: also set by auth.signing.timestampHeader; set it in one place");
  }

  @Test
  void build_signingOnOtherTypes_notUsed() {
    AuthConfig basic = AuthConfig.basic("u", "p").toBuilder().signing(minimal().build()).build();
    assertThat(problemsOf(CouponSourceConfig.builder("https://a.example/").auth(basic)))
        .containsExactly("auth.signing: not used by BASIC");
    assertThat(
            problemsOf(
                "{\"endpoint\": \"https://a.example/\", \"auth\": {\"type\": \"NONE\", \"signing\":"
                    + " {\"secret\": \"x\"}}}"))
        .containsExactly("auth.signing: not used by NONE");
  }
}
