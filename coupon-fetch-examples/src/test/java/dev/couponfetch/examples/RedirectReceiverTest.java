package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedirectReceiverTest {
  private final HttpClient browser = HttpClient.newHttpClient();
  private final List<URI> redirects = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private RedirectReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver =
        RedirectReceiver.start(
            LoopbackRedirect.parse("http://127.0.0.1/cb"),
            uri -> {
              redirects.add(uri);
              return new RedirectReceiver.Page(200, "done <b>&</b>");
            },
            refused::add);
    receiver.expectState("s-1");
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void redirect_handedOverOnceAndAnsweredWithEscapedPage() throws Exception {
    URI back = URI.create(receiver.redirectUri() + "?code=c%2B1&state=s-1");

    HttpResponse<String> first = open(back);
    HttpResponse<String> again = open(back);

    assertThat(receiver.await(Duration.ofSeconds(5))).isTrue();
    assertThat(redirects).containsExactly(back);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("done &lt;b&gt;&amp;&lt;/b&gt;");
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void otherRequests_answeredButNotHandedOver() throws Exception {
    String base = receiver.redirectUri().toString();

    assertThat(open(URI.create(base)).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "?foo=bar")).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "x?code=c")).statusCode()).isEqualTo(404);
    assertThat(open(receiver.redirectUri().resolve("/favicon.ico")).statusCode()).isEqualTo(404);

    assertThat(redirects).isEmpty();
    assertThat(refused).isEmpty();
    assertThat(receiver.await(Duration.ofMillis(1))).isFalse();
  }

  @Test
  void redirectsWithoutTheExpectedState_refusedAndStillWaiting() throws Exception {
    String base = receiver.redirectUri().toString();

    assertThat(open(URI.create(base + "?code=c&state=s-2")).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "?code=c&state=s-")).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "?code=c&state=s-1x")).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "?code=c")).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "?error=access_denied")).statusCode()).isEqualTo(400);
    assertThat(open(URI.create(base + "?code=c&state=s-1&state=s-1")).statusCode()).isEqualTo(400);
    assertThat(redirects).isEmpty();
    assertThat(refused).hasSize(6);
    assertThat(receiver.await(Duration.ofMillis(1))).isFalse();

    URI error = URI.create(base + "?error=access_denied&state=s-1");
    assertThat(open(error).statusCode()).isEqualTo(200);
    assertThat(receiver.await(Duration.ofSeconds(5))).isTrue();
    assertThat(redirects).containsExactly(error);
  }

  @Test
  void localhostRedirect_answersToLocalhostOnly() throws Exception {
    try (RedirectReceiver named =
        RedirectReceiver.start(
            LoopbackRedirect.parse("http://localhost/cb"),
            uri -> {
              redirects.add(uri);
              return new RedirectReceiver.Page(200, "done");
            },
            refused::add)) {
      named.expectState("s-1");
      int port = named.redirectUri().getPort();
      URI viaAddress = URI.create("http://127.0.0.1:" + port + "/cb?code=c&state=s-1");

      assertThat(open(viaAddress).statusCode()).isEqualTo(403);
      assertThat(open(URI.create(named.redirectUri() + "?code=c&state=s-1")).statusCode())
          .isEqualTo(200);
    }
    assertThat(refused).hasSize(1);
  }

  @Test
  void stateNotSetYet_everyRedirectRefused() throws Exception {
    try (RedirectReceiver early =
        RedirectReceiver.start(
            LoopbackRedirect.parse("http://127.0.0.1/cb"),
            uri -> {
              redirects.add(uri);
              return new RedirectReceiver.Page(200, "done");
            },
            refused::add)) {
      assertThat(open(URI.create(early.redirectUri() + "?code=c&state=")).statusCode())
          .isEqualTo(400);
      assertThat(open(URI.create(early.redirectUri() + "?code=c&state=s-1")).statusCode())
          .isEqualTo(400);
    }
    assertThat(redirects).isEmpty();
  }

  private HttpResponse<String> open(URI uri) throws Exception {
    return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
