package dev.couponfetch.examples;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.AuthType;
import dev.couponfetch.ClientAuthMethod;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.CouponType;
import dev.couponfetch.LoginConfig;
import dev.couponfetch.MappingConfig;
import dev.couponfetch.OAuth2Grant;
import dev.couponfetch.RequestMethod;
import dev.couponfetch.SigningConfig;
import dev.couponfetch.TokenPlacement;
import java.util.List;
import java.util.Map;

/** One configuration per authentication type and request type, for the demo server's endpoints. */
final class DemoConfigs {
  /**
   * A demo configuration, its title, the variables it is called with, and whether the demo must
   * first run the authorization code flow for it (playing the merchant's browser).
   */
  record DemoCase(
      String title,
      CouponSourceConfig config,
      Map<String, String> variables,
      boolean authorizeFirst) {
    DemoCase(String title, CouponSourceConfig config, Map<String, String> variables) {
      this(title, config, variables, false);
    }
  }

  static final Map<String, String> VARIABLES =
      Map.of("email", "ada@example.com", "visitorId", "visitor-42");

  private DemoConfigs() {}

  static List<DemoCase> all(DemoCouponServer server, DemoOAuthServer oauth) {
    return List.of(
        new DemoCase(
            "No auth, GET, single code",
            CouponSourceConfig.builder(server.url("/open/coupon"))
                .name("demo-open")
                .mapping(MappingConfig.code("result.0.data.coupon"))
                .build(),
            VARIABLES),
        new DemoCase(
            "Basic auth, POST JSON with {{email}}",
            CouponSourceConfig.builder(server.url("/basic/coupons"))
                .name("demo-basic")
                .method(RequestMethod.POST_JSON)
                .payloadJson("{\"campaign\":\"spring\",\"email\":\"{{email}}\"}")
                .auth(AuthConfig.basic(DemoCouponServer.USER, DemoCouponServer.PASSWORD))
                .mapping(
                    MappingConfig.builder()
                        .code("result.coupon.code")
                        .expiry("result.coupon.expires")
                        .build())
                .build(),
            VARIABLES),
        new DemoCase(
            "Digest auth (SHA-256), GET",
            CouponSourceConfig.builder(server.url("/digest/coupon"))
                .name("demo-digest")
                .auth(AuthConfig.digest(DemoCouponServer.USER, DemoCouponServer.PASSWORD))
                .mapping(MappingConfig.code("result.coupon"))
                .build(),
            VARIABLES),
        new DemoCase(
            "API key in the query string, GET, epoch-seconds expiry",
            CouponSourceConfig.builder(server.url("/query/coupon?visitor={{visitorId}}"))
                .name("demo-query")
                .auth(AuthConfig.queryString(Map.of("api_key", DemoCouponServer.API_KEY)))
                .mapping(
                    MappingConfig.builder()
                        .code("result.data.code")
                        .expiry("result.data.validUntil")
                        .build())
                .build(),
            VARIABLES),
        new DemoCase(
            "API key in a header, POST form, plain-text body",
            CouponSourceConfig.builder(server.url("/header/coupon"))
                .name("demo-header")
                .method(RequestMethod.POST_FORM)
                .payloadJson("{\"campaign\":\"spring\",\"visitor\":\"{{visitorId}}\"}")
                .auth(AuthConfig.headers(Map.of("X-Api-Key", DemoCouponServer.API_KEY)))
                .build(),
            VARIABLES),
        new DemoCase(
            "No auth, GET, BULK codes with expiries (JsonPath)",
            CouponSourceConfig.builder(server.url("/bulk/coupons"))
                .name("demo-bulk")
                .couponType(CouponType.BULK)
                .mapping(
                    MappingConfig.builder()
                        .code("$.codes[*].code")
                        .expiry("$.codes[*].expires")
                        .build())
                .build(),
            VARIABLES),
        new DemoCase(
            "OAuth2 client credentials, GET, JWT checked by the endpoint",
            CouponSourceConfig.builder(server.url("/oauth/coupon"))
                .name("demo-oauth2-client-credentials")
                .auth(
                    oauth2(oauth, OAuth2Grant.CLIENT_CREDENTIALS)
                        .clientAuth(ClientAuthMethod.CLIENT_SECRET_BASIC)
                        .build())
                .mapping(MappingConfig.code("result.coupon.code"))
                .build(),
            VARIABLES),
        new DemoCase(
            "OAuth2 authorization code + PKCE, the browser step played by the demo, GET",
            CouponSourceConfig.builder(server.url("/oauth/coupon"))
                .name("demo-oauth2-authorization-code")
                .auth(
                    oauth2(oauth, OAuth2Grant.AUTHORIZATION_CODE)
                        .authorizationUrl(oauth.authorizationUrl())
                        .redirectUri(server.url("/oauth/callback"))
                        .clientAuth(ClientAuthMethod.CLIENT_SECRET_POST)
                        .build())
                .mapping(MappingConfig.code("result.coupon.code"))
                .build(),
            VARIABLES,
            true),
        new DemoCase(
            "Mutual TLS: a client certificate of the merchant's private CA, GET over HTTPS",
            CouponSourceConfig.builder(server.mtlsUrl("/mtls/coupon"))
                .name("demo-mtls")
                .trustedCertificates(DemoCertificates.caPem())
                .clientCertificate(DemoCertificates.client())
                .mapping(MappingConfig.code("result.coupon.code"))
                .build(),
            VARIABLES),
        new DemoCase(
            "Session login (POST JSON), then GET with the token in X-Session-Token",
            CouponSourceConfig.builder(server.url("/session/coupon"))
                .name("demo-session")
                .auth(
                    AuthConfig.builder(AuthType.SESSION)
                        .login(
                            LoginConfig.builder(server.url("/session/login"))
                                .field("username", DemoCouponServer.USER)
                                .field("password", DemoCouponServer.PASSWORD)
                                .tokenName("data.token")
                                .build())
                        .tokenPlacement(TokenPlacement.header(DemoSessions.TOKEN_HEADER))
                        .build())
                .mapping(MappingConfig.code("result.coupon.code"))
                .build(),
            VARIABLES),
        hmac(server));
  }

  /** The built-in {@code HMAC} type against an endpoint that checks freshness and replays. */
  private static DemoCase hmac(DemoCouponServer server) {
    SigningConfig signing =
        SigningConfig.builder()
            .secret(DemoCouponServer.HMAC_SECRET)
            .keyId(DemoCouponServer.HMAC_KEY_ID)
            .parts(
                SigningConfig.Part.METHOD,
                SigningConfig.Part.PATH,
                SigningConfig.Part.QUERY,
                SigningConfig.Part.TIMESTAMP,
                SigningConfig.Part.NONCE,
                SigningConfig.Part.BODY_SHA256)
            .signatureHeader("X-Signature")
            .signaturePrefix("sha256=")
            .timestampHeader("X-Timestamp")
            .nonceHeader("X-Nonce")
            .keyIdHeader("X-Key-Id")
            .build();
    return new DemoCase(
        "Request signing (HMAC-SHA256 over method, path, query, timestamp, nonce, body hash),"
            + " POST JSON",
        CouponSourceConfig.builder(server.url("/hmac/coupon?campaign=spring"))
            .name("demo-hmac")
            .method(RequestMethod.POST_JSON)
            .payloadJson("{\"campaign\":\"spring\",\"email\":\"{{email}}\"}")
            .auth(AuthConfig.builder(AuthType.HMAC).signing(signing).build())
            .mapping(MappingConfig.code("result.coupon"))
            .build(),
        VARIABLES);
  }

  private static AuthConfig.Builder oauth2(DemoOAuthServer oauth, OAuth2Grant grant) {
    return AuthConfig.builder(AuthType.OAUTH2)
        .grant(grant)
        .tokenUrl(oauth.tokenUrl())
        .clientId(DemoOAuthServer.CLIENT_ID)
        .clientSecret(DemoOAuthServer.CLIENT_SECRET)
        .scope("coupons");
  }
}
