package dev.couponfetch.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class RouterTest {
  @Test
  void hostAllowed_onlyLoopbackNamesWithThisPort() {
    assertThat(Router.hostAllowed("127.0.0.1:8787", 8787)).isTrue();
    assertThat(Router.hostAllowed("LocalHost:8787", 8787)).isTrue();
    assertThat(Router.hostAllowed("[::1]:8787", 8787)).isTrue();
    assertThat(Router.hostAllowed("127.0.0.1", 8787)).isFalse();
    assertThat(Router.hostAllowed("127.0.0.1:8788", 8787)).isFalse();
    assertThat(Router.hostAllowed("evil.example:8787", 8787)).isFalse();
    assertThat(Router.hostAllowed("127.0.0.1.evil.example:8787", 8787)).isFalse();
    assertThat(Router.hostAllowed(null, 8787)).isFalse();
  }

  @Test
  void isJson_typeWithAnyParameters() {
    assertThat(Router.isJson("application/json")).isTrue();
    assertThat(Router.isJson("application/json;charset=utf-8")).isTrue();
    assertThat(Router.isJson(" Application/JSON ; charset=UTF-8")).isTrue();
    assertThat(Router.isJson("text/plain")).isFalse();
    assertThat(Router.isJson("application/json-patch+json")).isFalse();
    assertThat(Router.isJson("multipart/form-data; boundary=application/json")).isFalse();
    assertThat(Router.isJson(null)).isFalse();
  }

  @Test
  void fromOwnPage_sameOriginOrNoBrowserHeaders() {
    List<String> none = List.of();
    assertThat(Router.fromOwnPage(none, none, 8787)).isTrue(); // curl, a script
    assertThat(Router.fromOwnPage(List.of("same-origin"), none, 8787)).isTrue();
    assertThat(Router.fromOwnPage(List.of("none"), none, 8787)).isTrue();
    assertThat(Router.fromOwnPage(none, List.of("http://127.0.0.1:8787"), 8787)).isTrue();
    assertThat(Router.fromOwnPage(none, List.of("http://LOCALHOST:8787"), 8787)).isTrue();
    assertThat(Router.fromOwnPage(none, List.of("http://[::1]:8787"), 8787)).isTrue();
    assertThat(Router.fromOwnPage(List.of("same-origin"), List.of("http://127.0.0.1:8787"), 8787))
        .isTrue();
  }

  @Test
  void fromOwnPage_anotherSiteOrOrigin_refused() {
    List<String> none = List.of();
    assertThat(Router.fromOwnPage(List.of("cross-site"), none, 8787)).isFalse();
    assertThat(Router.fromOwnPage(List.of("same-site"), none, 8787)).isFalse();
    assertThat(Router.fromOwnPage(List.of("same-origin", "cross-site"), none, 8787)).isFalse();
    assertThat(Router.fromOwnPage(List.of(""), none, 8787)).isFalse();
    assertThat(Router.fromOwnPage(none, List.of("null"), 8787)).isFalse();
    assertThat(Router.fromOwnPage(none, List.of("http://127.0.0.1:8788"), 8787)).isFalse();
    assertThat(Router.fromOwnPage(none, List.of("https://127.0.0.1:8787"), 8787)).isFalse();
    assertThat(Router.fromOwnPage(none, List.of("http://127.0.0.1"), 8787)).isFalse();
    assertThat(Router.fromOwnPage(none, List.of("http://evil.example:8787"), 8787)).isFalse();
    assertThat(Router.fromOwnPage(List.of("same-origin"), List.of("http://evil.example"), 8787))
        .isFalse();
  }

  @Test
  void libraryRefusesAValidConfig_400ProblemWithoutTheExceptionsMessage() throws Exception {
    for (Throwable thrown :
        new Throwable[] {
          new IllegalArgumentException("port out of range:99999 S3CR3T-pw-123"),
          new StackOverflowError()
        }) {
      HttpResponse<String> answer = postFetchTo(throwing(thrown));

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
      assertThat(answer.body())
          .contains("\"reason\":\"INVALID_CONFIG\"")
          .contains("\"problems\":[\"config: ")
          .doesNotContain("S3CR3T")
          .doesNotContain("java.");
    }
  }

  @Test
  void unexpectedFailure_500JsonWithoutItsMessage() throws Exception {
    HttpResponse<String> answer =
        postFetchTo(throwing(new IllegalStateException("boom S3CR3T-pw-123")));

    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(answer.body()).isEqualTo("{\"error\":\"internal error\"}");
  }

  /** A fetcher that throws {@code thrown} (unchecked or an error) from every fetch. */
  private static CouponFetcher throwing(Throwable thrown) {
    return new CouponFetcher() {
      @Override
      public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
        if (thrown instanceof Error) {
          throw (Error) thrown;
        }
        throw (RuntimeException) thrown;
      }

      @Override
      public void close() {}
    };
  }

  /** {@code POST /api/fetch} of a valid config to a router over {@code fetcher}. */
  private static HttpResponse<String> postFetchTo(CouponFetcher fetcher) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Router(new ApiEndpoints(fetcher), null, Duration.ofSeconds(10)));
    server.start();
    try {
      ServeHttp http = new ServeHttp(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
      String body = "{\"config\":{\"name\":\"x\",\"endpoint\":\"https://coupons.example/c\"}}";
      return http.postJson("/api/fetch", body);
    } finally {
      server.stop();
    }
  }
}
