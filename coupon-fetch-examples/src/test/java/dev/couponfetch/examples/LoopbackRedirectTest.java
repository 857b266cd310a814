package dev.couponfetch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackRedirectTest {
  @Test
  void parse_ipv4WithPort_listensThereAndSendsItVerbatim() {
    LoopbackRedirect r = LoopbackRedirect.parse("http://127.0.0.1:8765/cb?tenant=a%20b");

    assertThat(r.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(r.port()).isEqualTo(8765);
    assertThat(r.path()).isEqualTo("/cb");
    assertThat(r.resolve(8765)).hasToString("http://127.0.0.1:8765/cb?tenant=a%20b");
  }

  @Test
  void parse_noPort_anyPortAndTheBoundOneIsSent() {
    LoopbackRedirect r = LoopbackRedirect.parse("http://localhost/oauth/callback");

    assertThat(r.port()).isZero();
    assertThat(r.bindAddress().isLoopbackAddress()).isTrue();
    assertThat(r.resolve(50123)).isEqualTo(URI.create("http://localhost:50123/oauth/callback"));
  }

  @Test
  void parse_ipv6Loopback_bindsToIt() {
    LoopbackRedirect r = LoopbackRedirect.parse("http://[::1]:9000/");

    assertThat(r.bindAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(r.path()).isEqualTo("/");
  }

  @Test
  void hostSpellings_ipLiteralAlsoInItsCanonicalForm_nameOnlyAsWritten() {
    assertThat(LoopbackRedirect.parse("http://127.0.0.1:1/cb").hostSpellings())
        .containsExactly("127.0.0.1");
    assertThat(LoopbackRedirect.parse("http://127.000.0.1:1/cb").hostSpellings())
        .containsExactly("127.000.0.1", "127.0.0.1");
    assertThat(LoopbackRedirect.parse("http://[0:0::1]:1/cb").hostSpellings())
        .containsExactly("[0:0::1]", "[::1]");
    assertThat(LoopbackRedirect.parse("http://LocalHost:1/cb").hostSpellings())
        .containsExactly("localhost");
  }

  @Test
  void parse_null_usesTheDefaultWithAnyPort() {
    LoopbackRedirect r = LoopbackRedirect.parse(null);

    assertThat(r.isDefault()).isTrue();
    assertThat(r.resolve(4000)).hasToString("http://127.0.0.1:4000/callback");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1:8765/cb",
        "http://app.acme.example/cb",
        "http://10.0.0.5:8765/cb",
        "http://127.0.0.1.nip.io:8765/cb",
        "http://user@127.0.0.1:8765/cb",
        "http://127.0.0.1:8765/cb#frag",
        "com.acme.app:/callback",
        "not a uri"
      })
  void parse_notAReceivableLoopbackUri_rejectedNamingTheField(String uri) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LoopbackRedirect.parse(uri))
        .withMessageContaining("auth.redirectUri")
        .withMessageContaining("http://127.0.0.1:8765/callback");
  }
}
