package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's {@code POST /hmac/coupon} really checks the signature, the timestamp's freshness and
 * the nonce, with requests signed here by hand from the documented scheme.
 */
class DemoHmacEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BODY = "{\"campaign\":\"spring\"}";
  private static DemoCouponServer server;

  @BeforeAll
  static void start() {
    server = DemoCouponServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String signature(String secret, long timestamp, String nonce) throws Exception {
    HexFormat hex = HexFormat.of();
    String canonical =
        "POST\n/hmac/coupon\ncampaign=spring\n"
            + timestamp
            + "\n"
            + nonce
            + "\n"
            + hex.formatHex(
                MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8)));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + hex.formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  private static HttpResponse<String> send(String signature, long timestamp, String nonce)
      throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(server.url("/hmac/coupon?campaign=spring")))
            .header("Content-Type", "application/json")
            .header("X-Signature", signature)
            .header("X-Timestamp", Long.toString(timestamp))
            .header("X-Nonce", nonce)
            .header("X-Key-Id", DemoCouponServer.HMAC_KEY_ID)
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void signed_accepted_thenItsReplayRefused() throws Exception {
    long t = now();
    String sig = signature(DemoCouponServer.HMAC_SECRET, t, "nonce-replay-1");

    HttpResponse<String> first = send(sig, t, "nonce-replay-1");
    HttpResponse<String> replay = send(sig, t, "nonce-replay-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).contains("\"coupon\":\"HMAC-");
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed X-Nonce");
  }

  @Test
  void wrongSecret_refused() throws Exception {
    long t = now();
    HttpResponse<String> r =
        send(signature("other-secret", t, "nonce-wrong-1"), t, "nonce-wrong-1");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("wrong X-Signature");
  }

  @Test
  void staleTimestamp_refusedEvenWhenSigned() throws Exception {
    long t = now() - 600;
    HttpResponse<String> r =
        send(signature(DemoCouponServer.HMAC_SECRET, t, "nonce-stale-1"), t, "nonce-stale-1");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("stale X-Timestamp");
  }
}
