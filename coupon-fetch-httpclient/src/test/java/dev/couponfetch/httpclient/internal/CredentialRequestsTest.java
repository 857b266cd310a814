package dev.couponfetch.httpclient.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.Timeouts;
import dev.couponfetch.httpclient.tls.TlsClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An authentication's own request against WireMock: not redirected, capped, cut at a deadline. */
class CredentialRequestsTest {
  private WireMockServer server;
  private TlsClients clients;

  @BeforeEach
  void start() {
    // gzip off: WireMock's gzip would hold a dribbled body back until its end.
    server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
    server.start();
    // A client that would follow redirects: the request's own config must stop it.
    clients = TlsClients.fixed(HttpClients.custom().disableAutomaticRetries().build());
  }

  @AfterEach
  void stop() {
    clients.close();
    server.stop();
  }

  private CouponSourceConfig config(long connectMs, long responseMs) {
    return CouponSourceConfig.builder(server.baseUrl() + "/coupons")
        .name("acme")
        .timeouts(Timeouts.ofMillis(connectMs, responseMs))
        .build();
  }

  private CredentialRequests requests(long maxBytes) {
    return new CredentialRequests(
        clients::lease, "login response", maxBytes, dev.couponfetch.Timings.Step.LOGIN);
  }

  private HttpPost login() {
    return new HttpPost(server.baseUrl() + "/login");
  }

  @Test
  void send_redirect_answeredAsItIs() throws Exception {
    server.stubFor(
        post("/login")
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "/elsewhere")
                    .withHeader("Set-Cookie", "sid=abc")));

    CredentialRequests.Answer answer = requests(1024).send(login(), config(1000, 1000));

    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.headers())
        .extracting(PreparedRequest.Header::name)
        .contains("Location", "Set-Cookie");
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void send_charsetInContentType_bodyDecodedWithIt() throws Exception {
    server.stubFor(
        post("/login")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "text/plain; charset=ISO-8859-1")
                    .withBody("café".getBytes(StandardCharsets.ISO_8859_1))));

    CredentialRequests.Answer answer = requests(1024).send(login(), config(1000, 1000));

    assertThat(answer.contentType()).isEqualTo("text/plain; charset=ISO-8859-1");
    assertThat(answer.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(answer.text()).isEqualTo("café");
  }

  @Test
  void send_bodyOverTheCap_tooLargeNamingWhatItIs() {
    server.stubFor(post("/login").willReturn(aResponse().withBody("x".repeat(100))));

    CredentialRequests.TooLargeException e =
        catchThrowableOfType(
            CredentialRequests.TooLargeException.class,
            () -> requests(10).send(login(), config(1000, 1000)));

    assertThat(e).hasMessage("the login response is larger than 10 bytes");
  }

  @Test
  void send_slowDrip_cutAtConnectPlusResponseTimeout() {
    // Each chunk comes well within responseMs, so only a limit on the whole answer stops it.
    server.stubFor(
        post("/login")
            .willReturn(aResponse().withBody("y".repeat(40)).withChunkedDribbleDelay(40, 4000)));

    long start = System.nanoTime();
    CredentialRequests.DeadlineException e =
        catchThrowableOfType(
            CredentialRequests.DeadlineException.class,
            () -> requests(1024).send(login(), config(300, 500)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).hasMessageContaining("no complete answer within 800 ms");
    assertThat(took).isLessThan(Duration.ofMillis(3000));
  }
}
