package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo server really checks what the demo claims to prove. */
class DemoCouponServerTest {
  private static DemoCouponServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = DemoCouponServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void start_bindsToLoopbackOnAFreePort() {
    assertThat(server.baseUri().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.baseUri().getPort()).isPositive();
  }

  @Test
  void mtls_onThePlainPort_403() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url("/mtls/coupon"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(server.mtlsUrl("/mtls/coupon")).startsWith("https://127.0.0.1:");
  }

  @Test
  void basic_wrongPassword_401() throws Exception {
    HttpResponse<String> r = post("/basic/coupons", basic("wrong"), "{\"email\":\"a@b.example\"}");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void basic_unfilledTemplate_400() throws Exception {
    HttpResponse<String> r =
        post("/basic/coupons", basic(DemoCouponServer.PASSWORD), "{\"email\":\"{{email}}\"}");

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void basic_codeDerivedFromEmail() throws Exception {
    HttpResponse<String> r =
        post("/basic/coupons", basic(DemoCouponServer.PASSWORD), "{\"email\":\"ada@example.com\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"code\":\"ADA-").contains("\"email\":\"ada@example.com\"");
  }

  @Test
  void digest_withoutCredentials_challengesWithSha256() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/digest/coupon")).GET().build());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
        .startsWith("Digest")
        .contains("algorithm=SHA-256")
        .contains("realm=\"" + DemoCouponServer.REALM + "\"");
  }

  @Test
  void query_withoutKey_401() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/query/coupon")).GET().build()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void open_codesAreUnique() throws Exception {
    String first = send(HttpRequest.newBuilder(uri("/open/coupon")).GET().build()).body();
    String second = send(HttpRequest.newBuilder(uri("/open/coupon")).GET().build()).body();

    assertThat(first).startsWith("[{\"data\":{\"coupon\":\"OPEN-").isNotEqualTo(second);
  }

  @Test
  void open_wrongMethod_405() throws Exception {
    HttpResponse<String> r = post("/open/coupon", null, "{}");

    assertThat(r.statusCode()).isEqualTo(405);
  }

  private static String basic(String password) {
    String pair = DemoCouponServer.USER + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String path, String authorization, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(server.url(path));
  }
}
