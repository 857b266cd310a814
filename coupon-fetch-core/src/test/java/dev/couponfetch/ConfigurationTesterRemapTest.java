package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.couponfetch.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfigurationTester#remap}: the mapping applied again to the response a test received,
 * without a second call. The fetcher here answers one recorded exchange, as the transport would
 * have reported it, and counts its calls: a re-map must leave the count at one.
 */
class ConfigurationTesterRemapTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:20:00.123Z");
  private static final String PASSWORD = "S3CR3T-pw-123";
  private static final String SINGLE =
      "{\"result\":[{\"data\":{\"coupon\":\"SPRING-7K2Q\",\"expires\":\"2027-12-31T10:00\"}}]}";
  private static final String BULK =
      "{\"codes\":[{\"c\":\"A-1\"},{\"c\":\"B-2\"},{\"c\":\"A-1\"},{\"c\":\"C-3\"}]}";

  private final MutableClock clock = new MutableClock(NOW);
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * A fetcher that answers {@code status} and {@code body}, mapping it with the config's mapper.
   */
  private CouponFetcher answering(int status, String body, boolean truncated) {
    return new CouponFetcher() {
      @Override
      public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
        calls.incrementAndGet();
        Exchange exchange = exchange(status, body, truncated);
        if (status != 200) {
          throw CouponFetchException.builder(
                  Reason.UNAUTHORIZED, "HTTP " + status + " from http://127.0.0.1:9/coupon")
              .status(status)
              .exchange(exchange)
              .build();
        }
        MappedResponse m;
        try {
          m = config.mapper().map(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (CouponFetchException e) {
          throw e.toBuilder().status(status).exchange(exchange).build();
        }
        return new CouponBatch(m.coupons(), status, Duration.ofMillis(3), m.warnings(), exchange);
      }

      @Override
      public void close() {}
    };
  }

  private static Exchange exchange(int status, String body, boolean truncated) {
    return new Exchange(
        new Exchange.SentRequest(
            "GET",
            "http://127.0.0.1:9/coupon",
            List.of(new PreparedRequest.Header("Authorization", "Basic x", true)),
            ""),
        new Exchange.ReceivedResponse(
            status,
            List.of(new PreparedRequest.Header("Content-Type", "application/json", false)),
            body,
            truncated));
  }

  private static CouponSourceConfig config(String type, String mapping) {
    return CouponSourceConfig.fromJson(
        "{\"name\":\"acme\",\"endpoint\":\"http://127.0.0.1:9/coupon\","
            + "\"auth\":{\"type\":\"BASIC\",\"username\":\"acme\",\"password\":\""
            + PASSWORD
            + "\"},\"couponType\":\""
            + type
            + "\",\"mapping\":"
            + mapping
            + "}");
  }

  private static CouponSourceConfig single(String mapping) {
    return config("SINGLE", mapping);
  }

  @Test
  void test_response_reportsWhenItWasReceived() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);

    TestReport report = tester.test(single("{\"code\":\"result.0.data.coupon\"}"), Map.of());

    assertThat(report.receivedAt()).hasValue(NOW);
    assertThat(report.remappedFrom()).isEmpty();
    assertThat(report.toText().lines().skip(1).findFirst().orElse("")).doesNotContain("Re-mapped");
  }

  @Test
  void remap_changedCodePath_mapsTheStoredResponseWithoutCalling() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);
    TestReport previous = tester.test(single("{\"code\":\"result.0.data\"}"), Map.of());
    assertThat(previous.works()).isFalse();
    clock.advance(Duration.ofMinutes(2));

    TestReport report =
        tester.remap(
            single("{\"code\":\"result.0.data.coupon\",\"expiry\":\"result.0.data.expires\"}"),
            previous);

    assertThat(calls).hasValue(1);
    assertThat(report.works()).as(report.toText()).isTrue();
    assertThat(report.coupons())
        .containsExactly(new Coupon("SPRING-7K2Q", Instant.parse("2027-12-31T10:00:00Z")));
    assertThat(report.remappedFrom()).hasValue(NOW);
    assertThat(report.receivedAt()).hasValue(NOW);
    assertThat(report.request()).isEqualTo(previous.request());
    assertThat(report.response()).isEqualTo(previous.response());
    assertThat(report.status()).hasValue(200);
  }

  @Test
  void remap_bulk_mapsEveryCodeAndWarnsOfDuplicates() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, BULK, false), clock);
    TestReport previous = tester.test(single("{\"code\":\"codes.0.c\"}"), Map.of());

    TestReport report = tester.remap(config("BULK", "{\"code\":\"codes.*.c\"}"), previous);

    assertThat(calls).hasValue(1);
    assertThat(report.works()).as(report.toText()).isTrue();
    assertThat(report.coupons()).extracting(Coupon::code).containsExactly("A-1", "B-2", "C-3");
    assertThat(report.warnings()).anyMatch(w -> w.contains("A-1"));
  }

  @Test
  void remap_wrongPath_mappingNotFoundNamingTheKeys() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);
    TestReport previous = tester.test(single("{\"code\":\"result.0.data.coupon\"}"), Map.of());

    TestReport report = tester.remap(single("{\"code\":\"result.0.data.voucher\"}"), previous);

    assertThat(report.works()).isFalse();
    assertThat(report.reason()).hasValue(Reason.MAPPING_NOT_FOUND);
    assertThat(report.message().orElseThrow()).contains("voucher").contains("coupon", "expires");
    assertThat(report.remappedFrom()).hasValue(NOW);
    assertThat(report.response()).isEqualTo(previous.response());
  }

  @Test
  void remap_expiryZoneChanged_readsTheLocalTimeInTheNewZone() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);
    String utc = "{\"code\":\"result.0.data.coupon\",\"expiry\":\"result.0.data.expires\"}";
    TestReport previous = tester.test(single(utc), Map.of());
    assertThat(previous.coupons().get(0).expiresAt())
        .isEqualTo(Instant.parse("2027-12-31T10:00:00Z"));

    TestReport report =
        tester.remap(
            single(
                "{\"code\":\"result.0.data.coupon\",\"expiry\":\"result.0.data.expires\","
                    + "\"expiryZone\":\"Europe/Berlin\"}"),
            previous);

    assertThat(report.coupons().get(0).expiresAt())
        .isEqualTo(Instant.parse("2027-12-31T09:00:00Z"));
    assertThat(calls).hasValue(1);
  }

  @Test
  void remap_expiredCoupon_warnsByTheTestersClock() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);
    TestReport previous = tester.test(single("{\"code\":\"result.0.data.coupon\"}"), Map.of());
    clock.advance(Duration.ofDays(3 * 365));

    TestReport report =
        tester.remap(
            single("{\"code\":\"result.0.data.coupon\",\"expiry\":\"result.0.data.expires\"}"),
            previous);

    assertThat(report.works()).isTrue();
    assertThat(report.warnings()).anyMatch(w -> w.contains("has already expired"));
  }

  @Test
  void remap_truncatedBody_refusedSayingSo() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, true), clock);
    TestReport previous = tester.test(single("{\"code\":\"result.0.data.coupon\"}"), Map.of());

    TestReport report = tester.remap(single("{\"code\":\"result.0.data.coupon\"}"), previous);

    assertThat(report.works()).isFalse();
    assertThat(report.reason()).hasValue(Reason.RESPONSE_TOO_LARGE);
    assertThat(report.message().orElseThrow()).contains("cut at 65536 characters");
    assertThat(report.hint().orElseThrow()).contains("live test");
    assertThat(report.remappedFrom()).hasValue(NOW);
    assertThat(calls).hasValue(1);
  }

  @Test
  void remap_previousUnauthorized_sameFailureAsTheLiveTest() {
    ConfigurationTester tester = new ConfigurationTester(answering(401, "denied", false), clock);
    TestReport previous = tester.test(single("{\"code\":\"result.0.data.coupon\"}"), Map.of());

    TestReport report = tester.remap(single("{\"code\":\"coupon\"}"), previous);

    assertThat(report.works()).isFalse();
    assertThat(report.reason()).hasValue(Reason.UNAUTHORIZED);
    assertThat(report.message()).hasValue("HTTP 401 from http://127.0.0.1:9/coupon: denied");
    assertThat(report.status()).hasValue(401);
    assertThat(report.remappedFrom()).hasValue(NOW);
  }

  @Test
  void remap_responseOnly_showsTheResponseAndNoRequest() {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);
    Exchange.ReceivedResponse response = exchange(200, SINGLE, false).response();
    Instant at = Instant.parse("2026-12-01T00:00:00Z");

    TestReport report = tester.remap(single("{\"code\":\"result.0.data.coupon\"}"), response, at);

    assertThat(calls).hasValue(0);
    assertThat(report.works()).isTrue();
    assertThat(report.request()).isEmpty();
    assertThat(report.response()).hasValue(response);
    assertThat(report.remappedFrom()).hasValue(at);
    assertThat(report.toJson()).contains("\"remappedFrom\" : \"2026-12-01T00:00:00Z\"");
  }

  @Test
  void remap_codeEqualToTheConfigsPassword_maskedAsInALiveTest() {
    String body = "{\"echo\":\"" + PASSWORD + "\"}";
    ConfigurationTester tester = new ConfigurationTester(answering(200, body, false), clock);
    Exchange.ReceivedResponse response = exchange(200, body, false).response();

    TestReport report = tester.remap(single("{\"code\":\"echo\"}"), response, NOW);

    assertThat(report.coupons()).extracting(Coupon::code).containsExactly(Secret.MASK);
    // The body is shown as given (a live test's report has it redacted by the transport).
    assertThat(report.warnings()).noneMatch(w -> w.contains(PASSWORD)).isNotEmpty();
  }

  @Test
  void remap_reportShapes_jsonAndTextSayReMapped() throws Exception {
    ConfigurationTester tester = new ConfigurationTester(answering(200, SINGLE, false), clock);
    TestReport previous = tester.test(single("{\"code\":\"result.0.data.coupon\"}"), Map.of());

    TestReport report = tester.remap(single("{\"code\":\"result.0.data.coupon\"}"), previous);

    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.path("receivedAt").asText()).isEqualTo("2026-12-07T03:20:00.123Z");
    assertThat(json.path("remappedFrom").asText()).isEqualTo("2026-12-07T03:20:00.123Z");
    assertThat(json.path("works").asBoolean()).isTrue();
    assertThat(json.path("response").path("body").asText()).isEqualTo(SINGLE);
    assertThat(json.path("request").path("uri").asText()).isEqualTo("http://127.0.0.1:9/coupon");
    JsonNode live = new ObjectMapper().readTree(previous.toJson());
    assertThat(live.path("receivedAt").asText()).isEqualTo("2026-12-07T03:20:00.123Z");
    assertThat(live.has("remappedFrom")).isFalse();
    assertThat(report.toText().lines().limit(2))
        .containsExactly(
            "Configuration Works!",
            "Re-mapped from the response received at 2026-12-07T03:20:00.123Z; the endpoint was"
                + " not called.");
  }

  @Test
  void remap_previousWithoutResponse_refused() {
    CouponFetcher refusing =
        new CouponFetcher() {
          @Override
          public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
            throw CouponFetchException.of(Reason.CONNECT_FAILED, "connection refused");
          }

          @Override
          public void close() {}
        };
    ConfigurationTester tester = new ConfigurationTester(refusing, clock);
    CouponSourceConfig config = single("{\"code\":\"coupon\"}");
    TestReport previous = tester.test(config, Map.of());
    assertThat(previous.receivedAt()).isEmpty();

    assertThatThrownBy(() -> tester.remap(config, previous))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no response");
  }
}
