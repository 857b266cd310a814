package dev.couponfetch.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.CouponBatch;
import dev.couponfetch.CouponFetcher;
import dev.couponfetch.CouponSourceConfig;
import java.net.URI;
import java.net.http.HttpResponse;
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
  void unexpectedFailure_500JsonWithoutItsMessage() throws Exception {
    CouponFetcher failing =
        new CouponFetcher() {
          @Override
          public CouponBatch fetch(CouponSourceConfig config, Map<String, String> variables) {
            throw new IllegalStateException("boom S3CR3T-pw-123");
          }

          @Override
          public void close() {}
        };
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Router(new ApiEndpoints(failing), null));
    server.start();
    try {
      ServeHttp http = new ServeHttp(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
      String body = "{\"config\":{\"name\":\"x\",\"endpoint\":\"https://coupons.example/c\"}}";

      HttpResponse<String> answer = http.postJson("/api/fetch", body);

      assertThat(answer.statusCode()).isEqualTo(500);
      assertThat(answer.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      assertThat(answer.body()).isEqualTo("{\"error\":\"internal error\"}");
    } finally {
      server.stop();
    }
  }
}
