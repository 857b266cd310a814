package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.internal.signing.RequestSigner;
import dev.couponfetch.internal.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two worked examples of "Request signing (HMAC)" in docs/configuration.md: their configs, read
 * from the document, signed at the documented time with the documented nonce, give the documented
 * canonical string and signature; those values are also kept here, as computed independently
 * (Python's {@code hmac} module), so that the document cannot drift with the code.
 */
class SigningDocExamplesTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final String NONCE = "00112233445566778899aabbccddeeff";

  private static final String CANONICAL_1 = "1767225600.{\"campaign\":\"spring\",\"count\":1}";
  private static final String SIGNATURE_1 =
      "sha256=96ff9e160db80438228473faaa6c13293e5a5bb1ee788d272343b359213ae365";
  private static final String CANONICAL_2 =
      "GET\n/v2/coupons\ncampaign=spring&count=1\n2026-01-01T00:00:00Z\n"
          + NONCE
          + "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String SIGNATURE_2 =
      "AKig1Igrpj2TaP6CGEXyCGOoL5946VJctN3CvwQlFbJZX4TEPZBkedCd4tsynA81r/RXVfb25Oc+Zpmq5v6e6A==";

  private static String doc;

  @BeforeAll
  static void readDoc() throws IOException {
    String text =
        Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
    doc = text.substring(text.indexOf("## Request signing (HMAC)"));
  }

  /** The text of the section that starts with {@code heading}, up to the next heading. */
  private static String section(String heading) {
    int start = doc.indexOf(heading);
    assertThat(start).as(heading).isNotNegative();
    int end = doc.indexOf("\n### ", start + heading.length());
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  private static String firstBlock(String section, String language) {
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static RequestSigner.Signed sign(CouponSourceConfig config, String nonce) {
    SigningConfig s = config.auth().signing();
    PreparedRequest r = config.prepare(Map.of());
    byte[] key = SigningKeys.decode(s.secret(), s.secretEncoding());
    return RequestSigner.sign(s, key, r.method().httpMethod(), r.uri(), r.body(), AT, nonce);
  }

  @Test
  void example1_webhookStyle_givesTheDocumentedSignature() {
    String text = section("### Example 1");
    CouponSourceConfig config = CouponSourceConfig.fromJson(firstBlock(text, "json"));

    RequestSigner.Signed signed = sign(config, "unused-nonce");

    assertThat(new String(signed.canonical(), StandardCharsets.UTF_8)).isEqualTo(CANONICAL_1);
    assertThat(signed.signature()).isEqualTo(SIGNATURE_1);
    assertThat(text)
        .contains("canonical string: `" + CANONICAL_1 + "`")
        .contains("`X-Shop-Signature: " + SIGNATURE_1 + "`")
        .contains("`X-Shop-Timestamp: 1767225600`");
  }

  @Test
  void example2_sha512Base64_givesTheDocumentedSignature() {
    String text = section("### Example 2");
    CouponSourceConfig config = CouponSourceConfig.fromJson(firstBlock(text, "json"));

    RequestSigner.Signed signed = sign(config, NONCE);
    PreparedRequest sent =
        RequestSigner.apply(config.auth().signing(), config.prepare(Map.of()), signed);

    assertThat(new String(signed.canonical(), StandardCharsets.UTF_8)).isEqualTo(CANONICAL_2);
    assertThat(signed.signature()).isEqualTo(SIGNATURE_2);
    String lines = text.substring(text.indexOf("the canonical string is these six lines"));
    assertThat(firstBlock(lines, "").strip()).isEqualTo(CANONICAL_2);
    for (PreparedRequest.Header h : sent.headers()) {
      assertThat(text).contains("`" + h.name() + ": " + h.value() + "`");
    }
    assertThat(sent.headers()).hasSize(4);
  }
}
