package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.internal.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text report is printed on an operator's terminal: nothing an endpoint sends may drive it (ESC
 * sequences, a carriage return that overwrites the headline, bidi overrides that reorder it).
 */
class TestReportTextTest {
  /** Clears the screen, returns to the line start and draws a fake headline. */
  private static final String ATTACK = "\u001b[2J\rConfiguration Works!";

  private static Exchange exchange(String body, List<PreparedRequest.Header> responseHeaders) {
    return new Exchange(
        new Exchange.SentRequest(
            "GET",
            "http://127.0.0.1:8080/codes?q=\u001b[31m",
            List.of(new PreparedRequest.Header("X-Sent", "v\u0085", false)),
            ""),
        new Exchange.ReceivedResponse(500, responseHeaders, body, false));
  }

  private static void assertNothingATerminalObeys(String text) {
    assertThat(text.chars().filter(c -> c != '\n' && c != '\t' && Printable.unsafe(c)))
        .as("characters a terminal would act on")
        .isEmpty();
  }

  @Test
  void toText_failureQuotingEscapeSequences_showsThemEscapedAndKeepsTheHeadline() {
    CouponFetchException e =
        CouponFetchException.builder(
                Reason.SERVER_ERROR, "HTTP 500 from http://127.0.0.1:8080/codes: " + ATTACK)
            .status(500)
            .exchange(
                exchange(
                    "line one\r\n" + ATTACK + "\n\u202Edesrever\u202C\ttab\u007f\u009b2J",
                    List.of(
                        new PreparedRequest.Header("X-Title", "\u001b]0;pwned\u0007", false),
                        new PreparedRequest.Header("X-\u2066Name", "ok", false))))
            .build();

    String text = TestReport.failure(e).toText();

    assertNothingATerminalObeys(text);
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("Configuration Failed: HTTP 500")
        .contains("\\u001B[2J\\u000DConfiguration Works!");
    assertThat(text.lines()).noneMatch(l -> l.strip().startsWith("Configuration Works!"));
    assertThat(text)
        .contains("  line one\n  \\u001B[2J\\u000DConfiguration Works!\n")
        .contains("\\u202Edesrever\\u202C\ttab\\u007F\\u009B2J")
        .contains("X-Title: \\u001B]0;pwned\\u0007")
        .contains("X-\\u2066Name: ok")
        .contains("GET http://127.0.0.1:8080/codes?q=\\u001B[31m")
        .contains("X-Sent: v\\u0085");
  }

  @Test
  void toText_successWithHostileCodeAndWarning_escapesThem() {
    CouponBatch batch =
        new CouponBatch(
            List.of(Coupon.of("A\u202EB")),
            200,
            Duration.ofMillis(5),
            List.of("duplicate code '\u001b[2J' dropped (1)"),
            exchange("{\"code\":\"A\u202EB\"}", List.of()));

    String text = TestReport.success(batch).toText();

    assertNothingATerminalObeys(text);
    assertThat(text).startsWith("Configuration Works!\n").contains("  A\\u202EB\n");
    assertThat(text).contains("Warning: duplicate code '\\u001B[2J' dropped (1)");
  }

  @Test
  void toJsonAndAccessors_keepTheTextAsReceived() {
    CouponFetchException e =
        CouponFetchException.builder(Reason.SERVER_ERROR, "x")
            .exchange(exchange(ATTACK, List.of()))
            .build();

    TestReport report = TestReport.failure(e);

    assertThat(report.response().orElseThrow().body()).isEqualTo(ATTACK);
    assertThat(report.toJson()).contains("\\u001B[2J\\rConfiguration Works!");
  }

  @Test
  void failure_withItsOwnExplanationHintAndRetryability_reportsThem() {
    CouponFetchException e =
        CouponFetchException.builder(Reason.SERVER_ERROR, "HTTP 999 from http://h.example/")
            .status(999)
            .retryable(false)
            .explanation("HTTP 999 is not a standard status.")
            .hint("Ask the merchant.")
            .build();

    TestReport report = TestReport.failure(e);

    assertThat(report.explanation()).contains("HTTP 999 is not a standard status.");
    assertThat(report.hint()).contains("Ask the merchant.");
    assertThat(report.retryable()).isFalse();
    assertThat(report.toText())
        .contains("Reason: SERVER_ERROR - HTTP 999 is not a standard status.\n")
        .contains("How to fix: Ask the merchant.\n")
        .doesNotContain("HTTP 5xx");
    assertThat(report.toJson())
        .contains("\"retryable\" : false")
        .contains("\"explanation\" : \"HTTP 999 is not a standard status.\"")
        .contains("\"hint\" : \"Ask the merchant.\"");
    // Copies keep them.
    assertThat(e.toBuilder().build().hint()).isEqualTo("Ask the merchant.");
    assertThat(CouponFetchException.of(Reason.SERVER_ERROR, "y").hint())
        .isEqualTo(Reason.SERVER_ERROR.hint());
  }

  @Test
  void test_codeEqualToACredential_isShownMaskedWithAWarning() {
    String key = "KEY-EQUALS-CODE-1";
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://h.example/codes")
            .auth(AuthConfig.headers(Map.of("X-Api-Key", key)))
            .build();
    CouponFetcher fetcher =
        new CouponFetcher() {
          @Override
          public CouponBatch fetch(CouponSourceConfig c, Map<String, String> variables) {
            return new CouponBatch(
                List.of(new Coupon(key, Instant.parse("2099-01-01T00:00:00Z")), Coupon.of("OK-2")),
                200,
                Duration.ofMillis(1),
                List.of("duplicate code '" + key + "' dropped (1)"),
                null);
          }

          @Override
          public void close() {}
        };

    TestReport report = new ConfigurationTester(fetcher).test(config, Map.of());

    assertThat(report.works()).isTrue();
    assertThat(report.coupons()).extracting(Coupon::code).containsExactly("****", "OK-2");
    assertThat(report.coupons().get(0).expiresAt()).isEqualTo("2099-01-01T00:00:00Z");
    assertThat(report.warnings())
        .contains("duplicate code '****' dropped (1)")
        .anySatisfy(w -> assertThat(w).contains("equals a credential", "mapping.code"));
    assertThat(report.toText() + report.toJson()).doesNotContain(key);
  }

  @Test
  void test_codeEqualToACustomSetting_rawOrWithVariablesFilledIn_isShownMasked() {
    CouponSourceConfig config =
        CouponSourceConfig.builder("https://h.example/codes")
            .auth(
                AuthConfig.builder(AuthType.CUSTOM)
                    .scheme("acme-hmac")
                    .setting("secret", "SETTING-EQUALS-CODE")
                    .setting("account", "ACCT-{{accountId}}")
                    .build())
            .build();
    CouponFetcher fetcher =
        new CouponFetcher() {
          @Override
          public CouponBatch fetch(CouponSourceConfig c, Map<String, String> variables) {
            return new CouponBatch(
                List.of(Coupon.of("SETTING-EQUALS-CODE"), Coupon.of("ACCT-A17"), Coupon.of("OK")),
                200,
                Duration.ofMillis(1),
                List.of(),
                null);
          }

          @Override
          public void close() {}
        };

    TestReport report = new ConfigurationTester(fetcher).test(config, Map.of("accountId", "A17"));

    assertThat(report.coupons()).extracting(Coupon::code).containsExactly("****", "****", "OK");
    assertThat(report.toText() + report.toJson()).doesNotContain("SETTING-EQUALS-CODE", "ACCT-A17");
  }
}
