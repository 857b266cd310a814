package dev.couponfetch.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's repro through the command line: {@code fetch} config A, then {@code test} config B
 * with the same {@code name} and the same {@code --token-store}. B must get its own token from its
 * own token URL, and never be handed A's.
 */
class TokenIdentityCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private WireMockServer a;
  private WireMockServer b;

  @BeforeEach
  void start() {
    a = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    b = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    a.start();
    b.start();
    merchant(a, "victim-client", "AT-VICTIM-4711", "VICTIM-1");
    merchant(b, "attacker-client", "AT-ATTACKER-0815", "ATTACKER-1");
  }

  @AfterEach
  void stop() {
    a.stop();
    b.stop();
  }

  private static void merchant(WireMockServer s, String client, String token, String code) {
    OAuthMerchantStub.stub(s, client, token, code);
  }

  private Path config(WireMockServer s, String client) throws IOException {
    String json = OAuthMerchantStub.config("shop", s, client).toString();
    return Files.writeString(Files.createTempFile(dir, client, ".json"), json);
  }

  @Test
  void test_sameNameAfterAnotherMerchantsFetch_usesItsOwnTokenFromItsOwnTokenUrl()
      throws IOException {
    String store = dir.resolve("tokens.json").toString();
    String[] flags = {"--token-store", store, "--allow-private-network"};

    CliRun fetchA = CliRun.of(concat("fetch", "--config", config(a, "victim-client"), flags));
    CliRun testB = CliRun.of(concat("test", "--config", config(b, "attacker-client"), flags));

    assertThat(fetchA.exitCode()).as(fetchA.all()).isZero();
    assertThat(fetchA.out()).startsWith("VICTIM-1");
    assertThat(testB.exitCode()).as(testB.all()).isZero();
    assertThat(testB.outLines().get(0)).isEqualTo("Configuration Works!");
    assertThat(testB.out()).contains("ATTACKER-1").doesNotContain("AT-VICTIM");
    b.verify(1, postRequestedFor(urlEqualTo("/token")));
    b.verify(
        1,
        getRequestedFor(urlEqualTo("/coupons"))
            .withHeader("Authorization", equalTo("Bearer AT-ATTACKER-0815")));
    assertThat(b.findAll(getRequestedFor(urlEqualTo("/coupons")))).hasSize(1);
  }

  private static String[] concat(String command, String option, Path file, String... flags) {
    String[] all = new String[3 + flags.length];
    all[0] = command;
    all[1] = option;
    all[2] = file.toString();
    System.arraycopy(flags, 0, all, 3, flags.length);
    return all;
  }
}
