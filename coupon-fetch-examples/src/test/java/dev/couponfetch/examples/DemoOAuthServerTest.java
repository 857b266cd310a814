package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.couponfetch.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's own authorization server checks what a real one would. */
class DemoOAuthServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIRECT = "http://127.0.0.1:9/callback";

  private final MutableClock clock = new MutableClock(Instant.now());
  private final CodeVerifier verifier = new CodeVerifier();
  private DemoOAuthServer oauth;

  @BeforeEach
  void start() {
    oauth = DemoOAuthServer.start(clock);
  }

  @AfterEach
  void stop() {
    oauth.close();
  }

  @Test
  void authorize_redirectsBackWithCodeStateAndIssuerOfTheSameOrigin() throws Exception {
    URI back = oauth.playBrowser(authorizationUri(verifier));

    Map<String, String> query = query(back);
    assertThat(back.toString()).startsWith(REDIRECT + "?");
    assertThat(query).containsEntry("state", "st-1").containsKey("code");
    assertThat(query.get("iss")).isEqualTo(oauth.issuer()).startsWith("http://127.0.0.1:");
  }

  @Test
  void authorize_withoutPkce_redirectsWithInvalidRequest() throws Exception {
    URI plain =
        URI.create(
            oauth.authorizationUrl()
                + "?response_type=code&client_id=demo-client&state=st-1&redirect_uri="
                + enc(REDIRECT));

    assertThat(query(oauth.playBrowser(plain))).containsEntry("error", "invalid_request");
  }

  @Test
  void authorize_nonLoopbackRedirect_400WithoutRedirect() throws Exception {
    URI elsewhere =
        URI.create(
            authorizationUri(verifier)
                .toString()
                .replace(enc(REDIRECT), enc("https://evil.example/")));

    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(elsewhere).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void token_codeWithVerifier_accessAndRefreshToken_thenCodeRefused() throws Exception {
    String code = query(oauth.playBrowser(authorizationUri(verifier))).get("code");

    HttpResponse<String> first = exchange(code, verifier);
    HttpResponse<String> again = exchange(code, verifier);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode tokens = JSON.readTree(first.body());
    assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.path("refresh_token").asText()).isNotEmpty();
    assertThat(oauth.verifier().verify("Bearer " + tokens.path("access_token").asText()))
        .isEqualTo(DemoOAuthServer.CLIENT_ID);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("invalid_grant").doesNotContain(code);
  }

  @Test
  void token_wrongCodeVerifier_invalidGrant() throws Exception {
    String code = query(oauth.playBrowser(authorizationUri(verifier))).get("code");

    HttpResponse<String> r = exchange(code, new CodeVerifier());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_grant");
  }

  @Test
  void token_codeOlderThanItsLifetime_invalidGrant() throws Exception {
    String code = query(oauth.playBrowser(authorizationUri(verifier))).get("code");
    clock.advance(DemoGrants.CODE_LIFETIME.plusSeconds(1));

    assertThat(exchange(code, verifier).body()).contains("invalid_grant");
  }

  @Test
  void token_refreshToken_rotates_oldOneRefused() throws Exception {
    String code = query(oauth.playBrowser(authorizationUri(verifier))).get("code");
    String refresh = JSON.readTree(exchange(code, verifier).body()).path("refresh_token").asText();

    HttpResponse<String> renewed =
        post(form("grant_type", "refresh_token", "refresh_token", refresh), true);
    HttpResponse<String> replayed =
        post(form("grant_type", "refresh_token", "refresh_token", refresh), true);

    assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
    assertThat(JSON.readTree(renewed.body()).path("refresh_token").asText())
        .isNotEmpty()
        .isNotEqualTo(refresh);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(replayed.body()).contains("invalid_grant");
  }

  @Test
  void token_clientCredentials_secretPost_200() throws Exception {
    HttpResponse<String> r =
        post(
            form(
                "grant_type", "client_credentials",
                "client_id", DemoOAuthServer.CLIENT_ID,
                "client_secret", DemoOAuthServer.CLIENT_SECRET),
            false);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).has("refresh_token")).isFalse();
  }

  @Test
  void token_wrongSecret_401InvalidClient_secretNotEchoed() throws Exception {
    String wrong = "not-the-s3cret";
    HttpResponse<String> basic =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
                .header("Authorization", "Basic " + basic(DemoOAuthServer.CLIENT_ID, wrong))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> post =
        post(
            form(
                "grant_type",
                "client_credentials",
                "client_id",
                DemoOAuthServer.CLIENT_ID,
                "client_secret",
                wrong),
            false);

    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.body()).contains("invalid_client").doesNotContain(wrong);
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(post.body()).contains("invalid_client").doesNotContain(wrong);
  }

  @Test
  void accessToken_expired_refusedByVerifier() {
    String expired = oauth.accessToken(DemoOAuthServer.CLIENT_ID, Duration.ofMinutes(-5));

    assertThat(oauth.keys().getKeys()).hasSize(1);
    assertThatThrownBy(() -> oauth.verifier().verify("Bearer " + expired))
        .isInstanceOf(BearerVerifier.Refused.class)
        .hasMessageContaining("xpired");
  }

  private URI authorizationUri(CodeVerifier v) {
    return URI.create(
        oauth.authorizationUrl()
            + "?response_type=code&client_id=demo-client&scope=coupons&state=st-1"
            + "&redirect_uri="
            + enc(REDIRECT)
            + "&code_challenge="
            + CodeChallenge.compute(CodeChallengeMethod.S256, v).getValue()
            + "&code_challenge_method=S256");
  }

  private HttpResponse<String> exchange(String code, CodeVerifier v) throws Exception {
    return post(
        form(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            REDIRECT,
            "code_verifier",
            v.getValue()),
        true);
  }

  private HttpResponse<String> post(String form, boolean basicAuth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (basicAuth) {
      b.header(
          "Authorization",
          "Basic " + basic(DemoOAuthServer.CLIENT_ID, DemoOAuthServer.CLIENT_SECRET));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String form(String... pairs) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      s.append(i == 0 ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
    }
    return s.toString();
  }

  private static String basic(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(URI uri) {
    return Arrays.stream(uri.getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> p[0],
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                (a, b) -> b,
                LinkedHashMap::new));
  }
}
