package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's OAuth2 endpoint really checks bearer tokens, so the demo proves they work. */
class DemoOAuthEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static DemoOAuthServer oauth;
  private static DemoCouponServer server;

  @BeforeAll
  static void start() {
    oauth = DemoOAuthServer.start();
    server = DemoCouponServer.start(oauth.verifier());
  }

  @AfterAll
  static void stop() {
    server.close();
    oauth.close();
  }

  @Test
  void oauthCoupon_clientCredentialsToken_200() throws Exception {
    HttpResponse<String> r = get("Bearer " + clientCredentialsToken());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"code\":\"OAUTH-").contains("\"client\":\"demo-client\"");
  }

  @Test
  void oauthCoupon_noToken_401WithBearerChallenge() throws Exception {
    HttpResponse<String> r = get(null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void oauthCoupon_tokenSignedByAnotherKey_401() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID(DemoOAuthServer.ISSUER_ID).generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(other.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(oauth.issuer())
                .subject("demo-client")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    forged.sign(new RSASSASigner(other));

    HttpResponse<String> r = get("Bearer " + forged.serialize());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain(forged.serialize());
  }

  @Test
  void oauthCoupon_expiredToken_401() throws Exception {
    String expired = oauth.accessToken("demo-client", Duration.ofHours(-1));

    HttpResponse<String> r = get("Bearer " + expired);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).containsIgnoringCase("expired");
  }

  @Test
  void oauthCoupon_tokenFromAnotherIssuer_401() throws Exception {
    try (DemoOAuthServer other = DemoOAuthServer.start()) {
      String token = other.accessToken("demo-client", Duration.ofMinutes(10));

      assertThat(get("Bearer " + token).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void oauthCoupon_serverWithoutVerifier_404() throws Exception {
    try (DemoCouponServer plain = DemoCouponServer.start()) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(plain.url("/oauth/coupon"))).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(404);
    }
  }

  private static String clientCredentialsToken() throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (DemoOAuthServer.CLIENT_ID + ":" + DemoOAuthServer.CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(oauth.tokenUrl()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body()).path("access_token").asText();
  }

  private static HttpResponse<String> get(String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/oauth/coupon")));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
