package dev.couponfetch;

import static dev.couponfetch.ConfigJsonTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Enum values and format keywords are matched in ASCII, the same in every default locale: under a
 * Turkish locale {@code "BASıC"} (dotless i) was read as {@code BASIC}.
 */
class ConfigEnumLocaleTest {
  private static final Locale TURKISH = new Locale("tr", "TR");

  private static <T> T inTurkish(Supplier<T> work) {
    Locale before = Locale.getDefault();
    Locale.setDefault(TURKISH);
    try {
      return work.get();
    } finally {
      Locale.setDefault(before);
    }
  }

  private static String config(String fields) {
    return "{\"endpoint\":\"https://a.example/\"," + fields + "}";
  }

  @Test
  void fromJson_dotlessIInTurkishLocale_problemWithSuggestion() {
    List<String> problems =
        inTurkish(
            () ->
                problemsOf(
                    config("\"auth\":{\"type\":\"BASıC\",\"username\":\"u\",\"password\":\"p\"}")));
    assertThat(problems)
        .containsExactly(
            "auth.type: must be one of NONE, BASIC, DIGEST, QUERY_STRING, HEADERS, OAUTH2, HMAC,"
                + " SESSION, CUSTOM, got \"BASıC\"; did you mean 'BASIC'?");
  }

  @Test
  void fromJson_lettersThatFoldToAscii_problems() {
    List<String> problems =
        inTurkish(
            () ->
                problemsOf(
                    config(
                        "\"couponType\":\"BUL\u212A\",\"method\":\"POſT_JSON\","
                            + "\"payload\":{\"a\":1}")));
    assertThat(problems)
        .containsExactly(
            "method: must be one of GET, POST_JSON, POST_FORM, got \"POſT_JSON\"; did you mean"
                + " 'POST_JSON'?",
            "couponType: must be one of SINGLE, BULK, got \"BUL\u212A\"; did you mean 'BULK'?");
  }

  @Test
  void fromJson_expiryFormatKeywordWithDotlessI_notEpochMillis() {
    List<String> problems =
        inTurkish(
            () ->
                problemsOf(
                    config(
                        "\"mapping\":{\"code\":\"c\",\"expiry\":\"e\","
                            + "\"expiryFormat\":\"EPOCH_MıLLıS\"}")));
    assertThat(problems).singleElement().asString().startsWith("mapping.expiryFormat: ");
  }

  @Test
  void fromJson_anyAsciiCaseInTurkishLocale_stillRead() {
    CouponSourceConfig config =
        inTurkish(
            () ->
                CouponSourceConfig.fromJson(
                    config(
                        "\"method\":\"post_json\",\"payload\":{},\"couponType\":\"bulk\","
                            + "\"auth\":{\"type\":\"basic\",\"username\":\"u\",\"password\":\"p\"},"
                            + "\"mapping\":{\"code\":\"c\",\"expiry\":\"e\","
                            + "\"expiryFormat\":\"epoch_millis\"}")));
    assertThat(config.method()).isEqualTo(RequestMethod.POST_JSON);
    assertThat(config.couponType()).isEqualTo(CouponType.BULK);
    assertThat(config.auth().type()).isEqualTo(AuthType.BASIC);
    CouponSourceConfig oauth =
        inTurkish(
            () ->
                CouponSourceConfig.fromJson(
                    config(
                        "\"auth\":{\"type\":\"OAuth2\",\"grant\":\"client_credentials\","
                            + "\"clientId\":\"i\",\"clientSecret\":\"s\","
                            + "\"tokenUrl\":\"https://a.example/token\","
                            + "\"clientAuth\":\"Client_Secret_Post\"}")));
    assertThat(oauth.auth().grant()).isEqualTo(OAuth2Grant.CLIENT_CREDENTIALS);
    assertThat(oauth.auth().clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
  }
}
