package dev.couponfetch.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurlCommandTest {
  private static Exchange.SentRequest sent(
      String method, String uri, List<Header> headers, String body) {
    return new Exchange.SentRequest(method, uri, headers, body);
  }

  @Test
  void get_hasNoDashX_andKeepsHeaderOrder() {
    String c =
        CurlCommand.of(
            sent(
                "GET",
                "https://shop.example/coupons?count=1",
                List.of(
                    new Header("X-B", "2", false),
                    new Header("Accept", "application/json", false),
                    new Header("X-A", "1", false)),
                ""));

    assertThat(c)
        .isEqualTo(
            "curl 'https://shop.example/coupons?count=1' -H 'X-B: 2'"
                + " -H 'Accept: application/json' -H 'X-A: 1'");
  }

  @Test
  void postJson_hasMethodHeadersAndRawData_noCompressed() {
    String c =
        CurlCommand.of(
            sent(
                "POST",
                "https://shop.example/mint",
                List.of(
                    new Header("Content-Type", "application/json", false),
                    new Header("Accept-Encoding", "gzip, deflate", false),
                    new Header("Authorization", "Basic dTpw", true)),
                "{\"campaign\": \"spring\",\n \"count\": 1}"));

    assertThat(c)
        .isEqualTo(
            "curl -X POST 'https://shop.example/mint' -H 'Content-Type: application/json'"
                + " -H 'Accept-Encoding: gzip, deflate' -H 'Authorization: ****'"
                + " --data-raw '{\"campaign\": \"spring\",\n \"count\": 1}'")
        .doesNotContain("--compressed", "dTpw");
  }

  @Test
  void postForm_bodyStartingWithAt_isRawDataNotAFile() {
    String c =
        CurlCommand.of(
            sent(
                "POST",
                "https://shop.example/mint",
                List.of(new Header("Content-Type", "application/x-www-form-urlencoded", false)),
                "@/etc/passwd&a=b%20c&d=$HOME"));

    assertThat(c)
        .isEqualTo(
            "curl -X POST 'https://shop.example/mint'"
                + " -H 'Content-Type: application/x-www-form-urlencoded'"
                + " --data-raw '@/etc/passwd&a=b%20c&d=$HOME'");
  }

  @Test
  void singleQuotes_areClosedEscapedAndReopened() {
    String c =
        CurlCommand.of(
            sent(
                "POST",
                "https://shop.example/it's",
                List.of(new Header("X-Note", "it's \"quoted\" `cmd` $(x)", false)),
                "'"));

    assertThat(c)
        .isEqualTo(
            "curl -X POST 'https://shop.example/it'\\''s'"
                + " -H 'X-Note: it'\\''s \"quoted\" `cmd` $(x)' --data-raw ''\\'''");
  }

  @Test
  void unicode_isKeptAsIs() {
    String c =
        CurlCommand.of(
            sent(
                "POST",
                "https://shop.example/%C3%A9",
                List.of(new Header("X-Name", "Zoë 漢字 😀", false)),
                "{\"name\": \"Zoë 😀\"}"));

    assertThat(c)
        .isEqualTo(
            "curl -X POST 'https://shop.example/%C3%A9' -H 'X-Name: Zoë 漢字 😀'"
                + " --data-raw '{\"name\": \"Zoë 😀\"}'");
  }

  @Test
  void emptyHeader_isSentEmpty_notRemoved() {
    assertThat(CurlCommand.of(sent("GET", "http://h/", List.of(new Header("X-E", "", false)), "")))
        .isEqualTo("curl 'http://h/' -H 'X-E;'");
  }

  @Test
  void hostLengthAndTransferEncoding_areLeftToCurl() {
    String c =
        CurlCommand.of(
            sent(
                "POST",
                "http://h:8080/",
                List.of(
                    new Header("Host", "h:8080", false),
                    new Header("Content-Length", "3", false),
                    new Header("Transfer-Encoding", "chunked", false),
                    new Header("Connection", "keep-alive", false)),
                "abc"));

    assertThat(c)
        .isEqualTo("curl -X POST 'http://h:8080/' -H 'Connection: keep-alive' --data-raw 'abc'");
  }

  @Test
  void urlWithBrackets_turnsGlobbingOff() {
    assertThat(CurlCommand.of(sent("GET", "http://h/?a[0]={x}", List.of(), "")))
        .isEqualTo("curl -g 'http://h/?a[0]={x}'");
  }

  @Test
  void getWithBody_keepsTheMethod() {
    assertThat(CurlCommand.of(sent("GET", "http://h/", List.of(), "q")))
        .isEqualTo("curl -X GET 'http://h/' --data-raw 'q'");
  }

  @Test
  void bodyCutForTheReport_isSentAsKept_withAComment() {
    String body = "a".repeat(Exchange.BODY_LIMIT + 10);

    String c = CurlCommand.of(sent("POST", "http://h/", List.of(), body));

    assertThat(c)
        .isEqualTo(
            "curl -X POST 'http://h/' --data-raw '"
                + "a".repeat(Exchange.BODY_LIMIT)
                + "' # body cut at 65536 characters for the report");
  }

  @Test
  void revealed_showsSensitiveValues() {
    List<Header> h = List.of(new Header("Authorization", "Basic dTpw", true));

    assertThat(CurlCommand.of("GET", "http://h/", h, "", true))
        .isEqualTo("curl 'http://h/' -H 'Authorization: Basic dTpw'");
    assertThat(CurlCommand.of("GET", "http://h/", h, "", false))
        .isEqualTo("curl 'http://h/' -H 'Authorization: ****'");
  }
}
