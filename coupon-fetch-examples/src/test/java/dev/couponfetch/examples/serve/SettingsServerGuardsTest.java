package dev.couponfetch.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's files, their security headers, and the guards in front of the API. */
class SettingsServerGuardsTest {
  private static final String CSP =
      "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
          + " frame-ancestors 'none'; form-action 'self'";

  private SettingsServer server;
  private ServeHttp http;

  @BeforeEach
  void start() {
    server = SettingsServer.start(0, false);
    http = new ServeHttp(server.baseUri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void baseUri_loopbackWithPortAndSlash() {
    assertThat(server.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(server.baseUri().getPort()).isPositive();
  }

  @Test
  void page_root_servesIndexHtmlWithSecurityHeaders() throws Exception {
    HttpResponse<String> page = http.get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertSecurityHeaders(page);
    assertThat(page.body()).containsIgnoringCase("<html");
  }

  @Test
  void page_cssAndJs_servedWithTheirContentTypes() throws Exception {
    HttpResponse<String> css = http.get("/settings.css");
    HttpResponse<String> js = http.get("/settings.js");

    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertSecurityHeaders(css);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertSecurityHeaders(js);
  }

  @Test
  void page_unknownPath_404PlainText() throws Exception {
    HttpResponse<String> answer = http.get("/index.html");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(http.get("/dev/couponfetch/examples/serve/settings.js").statusCode()).isEqualTo(404);
  }

  @Test
  void api_unknownPath_404Json() throws Exception {
    HttpResponse<String> answer = http.get("/api/nothing");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertJson(answer);
    assertThat(ServeHttp.json(answer).path("error").asText()).isEqualTo("not found");
  }

  @Test
  void guard_foreignHostHeader_403() throws Exception {
    String api = http.raw("POST /api/test HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0");
    String page = http.raw("GET / HTTP/1.1\r\nHost: evil.example:" + server.baseUri().getPort());

    assertThat(api).startsWith("HTTP/1.1 403 ").contains("\"error\":\"forbidden: ");
    assertThat(page).startsWith("HTTP/1.1 403 ");
  }

  @Test
  void guard_loopbackHostNames_allowed() throws Exception {
    int port = server.baseUri().getPort();
    for (String host : new String[] {"127.0.0.1", "localhost", "LOCALHOST", "[::1]"}) {
      String answer = http.raw("GET /api/nothing HTTP/1.1\r\nHost: " + host + ":" + port);
      assertThat(answer).as(host).startsWith("HTTP/1.1 404 ");
    }
    // The right name on another port is another server's name.
    assertThat(http.raw("GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1:" + (port + 1)))
        .startsWith("HTTP/1.1 403 ");
  }

  @Test
  void guard_textPlainPost_415() throws Exception {
    HttpResponse<String> answer = http.post("/api/test", "text/plain", "{\"config\":{}}");

    assertThat(answer.statusCode()).isEqualTo(415);
    assertJson(answer);
    assertThat(http.post("/api/fetch", "application/x-www-form-urlencoded", "a=b").statusCode())
        .isEqualTo(415);
  }

  @Test
  void guard_jsonWithCharset_accepted() throws Exception {
    HttpResponse<String> answer =
        http.post("/api/test", "Application/JSON; charset=UTF-8", "{\"config\":{}}");

    assertThat(answer.statusCode()).isEqualTo(400); // past the guard: the config is invalid
  }

  @Test
  void guard_bodyOverOneMebibyte_413() throws Exception {
    String big = "{\"config\":{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}}";

    HttpResponse<String> answer = http.post("/api/test", "application/json", big);

    assertThat(answer.statusCode()).isEqualTo(413);
    assertJson(answer);
  }

  @Test
  void guard_chunkedBodyOverOneMebibyte_413() throws Exception {
    String chunk = "x".repeat(64 * 1024);
    StringBuilder request =
        new StringBuilder("POST /api/test HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(server.baseUri().getPort())
            .append("\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 17; i++) {
      request
          .append(Integer.toHexString(chunk.length()))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }
    request.append("0\r\n");

    assertThat(http.raw(request.toString())).startsWith("HTTP/1.1 413 ");
  }

  @Test
  void guard_wrongMethods_405WithAllow() throws Exception {
    HttpResponse<String> getTest = http.get("/api/test");
    HttpResponse<String> getStart = http.get("/api/oauth/start");
    HttpResponse<String> postCallback = http.postJson("/api/oauth/callback", "{}");
    HttpResponse<String> postPage = http.post("/", "application/json", "{}");

    assertThat(getTest.statusCode()).isEqualTo(405);
    assertThat(getTest.headers().firstValue("Allow")).hasValue("POST");
    assertJson(getTest);
    assertThat(getStart.statusCode()).isEqualTo(405);
    assertThat(getStart.headers().firstValue("Allow")).hasValue("POST");
    assertThat(postCallback.statusCode()).isEqualTo(405);
    assertThat(postCallback.headers().firstValue("Allow")).hasValue("GET");
    assertThat(postPage.statusCode()).isEqualTo(405);
    assertThat(postPage.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void guard_crossSitePosts_403() throws Exception {
    String body = "{\"config\":{\"endpoint\":\"https://coupons.example/c\"}}";
    for (String path : new String[] {"/api/test", "/api/fetch", "/api/oauth/start"}) {
      HttpResponse<String> crossSite = http.postJson(path, body, "Sec-Fetch-Site", "cross-site");
      HttpResponse<String> foreign = http.postJson(path, body, "Origin", "https://evil.example");

      assertThat(crossSite.statusCode()).as(path).isEqualTo(403);
      assertJson(crossSite);
      assertThat(ServeHttp.json(crossSite).path("error").asText()).startsWith("forbidden: ");
      assertThat(foreign.statusCode()).as(path).isEqualTo(403);
    }
  }

  @Test
  void guard_refusedBeforeTheBodyIsRead_endsTheConnection() throws Exception {
    // The body stays unread on the connection: a client that sent its next request on it would
    // get no answer ("header parser received no bytes"), so the answer says Connection: close.
    String body = "{\"config\":{\"endpoint\":\"https://coupons.example/c\"}}";
    String request =
        "POST /api/test HTTP/1.1\r\nHost: 127.0.0.1:"
            + server.baseUri().getPort()
            + "\r\nSec-Fetch-Site: cross-site\r\nContent-Type: application/json"
            + "\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    // Keep-alive by default: the answer ends only if the server closes the connection.
    String answer = http.rawBytes(request.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(answer).startsWith("HTTP/1.1 403 ").containsIgnoringCase("Connection: close");
  }

  @Test
  void chunkSizeOverflow_400or413NeverServerError() throws Exception {
    String answer =
        http.raw(
            "POST /api/test HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.baseUri().getPort()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "FFFFFFFFFFFFFFFF\r\n{\"config\":{}}\r\n0\r\n");

    assertThat(answer).matches("(?s)HTTP/1\\.1 (400|413) .*");
    assertRawSecurityHeaders(answer);
  }

  @Test
  void jettyOwnErrors_carryTheSecurityHeadersAndNoHtml() throws Exception {
    int port = server.baseUri().getPort();
    String badHeader = http.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX: \u0001");
    String badUri = http.raw("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1:" + port);
    String tooLong =
        http.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX: " + "x".repeat(20_000));
    String badVersion = http.raw("GET / HTTP/7.1\r\nHost: 127.0.0.1:" + port);

    assertThat(badHeader).startsWith("HTTP/1.1 400 ");
    assertThat(badUri).startsWith("HTTP/1.1 400 ");
    assertThat(tooLong).startsWith("HTTP/1.1 431 ");
    for (String answer : new String[] {badHeader, badUri, tooLong, badVersion}) {
      assertRawSecurityHeaders(answer);
      assertThat(answer).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
    }
  }

  @Test
  void answers_nameNoServerSoftware() throws Exception {
    assertThat(http.get("/api/nothing").headers().firstValue("Server")).isEmpty();
  }

  /** The headers of a whole answer read from a socket (names case-insensitive). */
  private static void assertRawSecurityHeaders(String answer) {
    String head =
        answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
    assertThat(head)
        .as(answer)
        .contains("\r\ncache-control: no-store\r\n")
        .contains("\r\ncontent-security-policy: " + CSP.toLowerCase(Locale.ROOT) + "\r\n")
        .contains("\r\nx-content-type-options: nosniff\r\n")
        .contains("\r\nreferrer-policy: no-referrer\r\n");
  }

  private static void assertJson(HttpResponse<String> answer) {
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  private static void assertSecurityHeaders(HttpResponse<String> answer) {
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
    assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }
}
