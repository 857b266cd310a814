package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * A hostile coupon endpoint and token endpoint on WireMock: every answer, good or bad, echoes the
 * credentials it received (query, headers, body) in its body and headers, so that whatever shows a
 * response shows them too unless coupon-fetch masks them.
 */
final class EchoStubs {
  /** Where each outcome is served; the path is all a config needs to change. */
  static final String OK = "/ok";

  static final String BEARER_OK = "/bearer-ok";
  static final String UNAUTHORIZED = "/unauthorized";
  static final String SERVER_ERROR = "/server-error";
  static final String NOT_JSON = "/not-json";
  static final String NO_CODE = "/no-code";
  static final String REDIRECT = "/redirect";
  static final String SLOW = "/slow";
  static final String TOKEN_OK = "/token-ok";
  static final String TOKEN_ECHO = "/token-echo";

  static final String STUB_ACCESS_TOKEN = "AtCHAN-1f6a8e";
  static final String STUB_REFRESH_TOKEN = "RtCHAN-4c9e1b";

  /** Everything a request could carry a credential in. */
  private static final String ECHO =
      "{{request.url}} {{request.headers.Authorization}} {{request.headers.[X-Api-Key]}}"
          + " {{request.headers.Cookie}} {{request.body}}";

  private EchoStubs() {}

  static void install(WireMockServer server) {
    String localhost = "http://localhost:" + server.port();
    server.stubFor(
        any(urlPathEqualTo(OK))
            .willReturn(echo(200, "{\"code\":\"OK-1\",\"echo\":\"" + ECHO + "\"}")));
    server.stubFor(
        any(urlPathEqualTo(BEARER_OK))
            .withHeader("Authorization", matching("Bearer \\S+"))
            .willReturn(echo(200, "{\"code\":\"BEARER-1\",\"echo\":\"" + ECHO + "\"}")));
    server.stubFor(
        any(urlPathEqualTo(BEARER_OK)).atPriority(10).willReturn(echo(401, "no token: " + ECHO)));
    server.stubFor(
        any(urlPathEqualTo(UNAUTHORIZED))
            .willReturn(
                echo(401, "denied: " + ECHO)
                    .withHeader(
                        "WWW-Authenticate", "Bearer error=\"{{request.headers.Authorization}}\"")));
    server.stubFor(any(urlPathEqualTo(SERVER_ERROR)).willReturn(echo(500, "oops: " + ECHO)));
    server.stubFor(any(urlPathEqualTo(NOT_JSON)).willReturn(echo(200, "<p>" + ECHO)));
    server.stubFor(
        any(urlPathEqualTo(NO_CODE)).willReturn(echo(200, "{\"echo\":\"" + ECHO + "\"}")));
    server.stubFor(
        any(urlPathEqualTo(REDIRECT))
            .willReturn(
                echo(302, "")
                    .withHeader(
                        "Location",
                        localhost
                            + OK
                            + "?k={{request.query.key}}&h={{request.headers.[X-Api-Key]}}")));
    server.stubFor(
        any(urlPathEqualTo(SLOW))
            .willReturn(echo(200, "{\"code\":\"LATE\"}").withFixedDelay(1_500)));
    server.stubFor(
        post(urlPathEqualTo(TOKEN_OK))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\""
                            + STUB_ACCESS_TOKEN
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                            + "\"refresh_token\":\""
                            + STUB_REFRESH_TOKEN
                            + "\"}")));
    server.stubFor(
        post(urlPathEqualTo(TOKEN_ECHO))
            .willReturn(
                echo(
                        400,
                        "{\"error\":\"invalid_client\",\"error_description\":\"you sent "
                            + ECHO
                            + "\"}")
                    .withHeader("Content-Type", "application/json")));
  }

  private static ResponseDefinitionBuilder echo(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("X-Echo", "{{request.headers.Authorization}} {{request.query.key}}")
        .withBody(body)
        .withTransformers("response-template");
  }
}
