package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.Reason;
import dev.couponfetch.TokenStores;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test} and {@code fetch} with OAuth2 configs and {@code --token-store}. */
class TokenStoreOptionTest {
  private static final String CLIENT_SECRET = "cc-secret-41d7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private MockOAuth2Server oauth;
  private WireMockServer coupons;

  @BeforeEach
  void start() throws IOException {
    oauth = new MockOAuth2Server();
    oauth.start(InetAddress.getByName("127.0.0.1"), 0);
    coupons =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    coupons.start();
    // Only a request carrying a JWT bearer token gets a coupon.
    coupons.stubFor(
        get(urlPathEqualTo("/coupon"))
            .withHeader("Authorization", matching("Bearer eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+"))
            .willReturn(okJson("{\"code\":\"CC-5150\"}")));
  }

  @AfterEach
  void stop() {
    coupons.stop();
    oauth.shutdown();
  }

  @Test
  void test_clientCredentialsWithTokenStore_worksShowsTokenRequestMasked() throws IOException {
    ObjectNode root = clientCredentials("cc-coupons");
    Path config = write(root);
    Path store = dir.resolve("tokens.json");

    CliRun run = test(config, store);

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.outLines().get(0)).isEqualTo("Configuration Works!");
    assertThat(run.out())
        .contains("CC-5150")
        .contains("Token request:")
        .contains(oauth.tokenEndpointUrl("acme").toString());
    String access =
        TokenStores.file(store)
            .get(CouponSourceConfig.fromJson(root.toString()).tokenKey())
            .orElseThrow()
            .accessToken()
            .orElseThrow()
            .reveal();
    assertThat(run.all()).doesNotContain(CLIENT_SECRET).doesNotContain(access);
  }

  @Test
  void test_tokenStoreThatCannotBeWritten_namesTheStoreAndTheFileSystemError() throws IOException {
    ObjectNode root = clientCredentials("cc-coupons");
    Path config = write(root);
    Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
    Path store = notAFolder.resolve("tokens.json");

    CliRun run = test(config, store);

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.outLines().get(0)).startsWith("Configuration Failed:");
    assertThat(run.out())
        .contains(Reason.OAUTH_TOKEN_FAILED.toString())
        .contains("The token store FileTokenStore{" + store + "} failed for 'cc-coupons'")
        .contains("cannot write token store " + store)
        .contains("is not a folder")
        .contains("Check the token store, not the OAuth2 client")
        .doesNotContain("check the token URL")
        .doesNotContain("Exception")
        .doesNotContain(CLIENT_SECRET);
  }

  @Test
  void fetch_authorizationCodeWithoutTokenStore_exit1SaysRunOauthAuthorize() throws IOException {
    Path config = write(config("ac-coupons"));

    CliRun run = CliRun.of("fetch", "--config", config.toString(), "--allow-private-network");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("error: " + Reason.OAUTH_NOT_AUTHORIZED)
        .contains("coupon-fetch oauth authorize --config " + config)
        .contains("--token-store");
  }

  @Test
  void test_authorizationCodeWithEmptyTokenStore_failsSaysRunOauthAuthorize() throws IOException {
    Path config = write(config("ac-coupons"));
    Path store = dir.resolve("empty.json");

    CliRun run = test(config, store);

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.outLines().get(0)).startsWith("Configuration Failed:");
    assertThat(run.out())
        .contains(Reason.OAUTH_NOT_AUTHORIZED.toString())
        .contains("oauth authorize --config " + config + " --token-store " + store);
  }

  @Test
  void fetch_unreadableTokenStore_exit2WithoutQuotingIt() throws IOException {
    Path config = write(config("ac-coupons"));
    Path store = Files.writeString(dir.resolve("broken.json"), "{\"tokens\": eyJleaked-token");

    CliRun run =
        CliRun.of(
            "fetch",
            "--config",
            config.toString(),
            "--token-store",
            store.toString(),
            "--allow-private-network");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: --token-store '")
        .contains("not a token store")
        .doesNotContain("eyJleaked")
        .doesNotContain("Exception");
  }

  private ObjectNode clientCredentials(String name) {
    ObjectNode root = config(name);
    ObjectNode auth = (ObjectNode) root.get("auth");
    auth.put("grant", "CLIENT_CREDENTIALS");
    auth.remove("authorizationUrl");
    return root;
  }

  private static CliRun test(Path config, Path store) {
    return CliRun.of(
        "test",
        "--config",
        config.toString(),
        "--token-store",
        store.toString(),
        "--allow-private-network");
  }

  private ObjectNode config(String name) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", name).put("endpoint", coupons.baseUrl() + "/coupon");
    root.putObject("auth")
        .put("type", "OAUTH2")
        .put("clientId", "coupon-fetch-cli")
        .put("clientSecret", CLIENT_SECRET)
        .put("authorizationUrl", oauth.authorizationEndpointUrl("acme").toString())
        .put("tokenUrl", oauth.tokenEndpointUrl("acme").toString());
    root.putObject("mapping").put("code", "result.code");
    return root;
  }

  private Path write(ObjectNode root) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".json");
    Files.writeString(file, root.toString());
    return file;
  }
}
