package dev.couponfetch.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.AuthConfig;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RequestMethod;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Credentials are masked where they stand (or are echoed under their name), however short; in other
 * text only values long enough to search for are.
 */
class RedactorTest {
  private static final PreparedRequest REQUEST =
      PreparedRequest.of(
              RequestMethod.GET, URI.create("https://shop.example/codes"), List.of(), null, null)
          .withHeader("X-Api-Key", "header-key-4471", true)
          .withQueryParam("key", "k1", true);

  @Test
  void redactUrl_fetch_userinfoAndSensitiveParameterMasked() {
    Redactor redactor = Redactor.of(REQUEST, AuthConfig.none());

    assertThat(redactor.redactUrl("https://u:pw@cdn.example/next?key=other&page=2&k=key#key=x"))
        .isEqualTo("https://****@cdn.example/next?key=****&page=2&k=key#key=x");
  }

  @Test
  void credentialHeader_fetch_credentialNamesAndTheRequestsSensitiveOnes() {
    Redactor redactor = Redactor.of(REQUEST, AuthConfig.none());

    assertThat(redactor.credentialHeader("x-api-key")).isTrue();
    assertThat(redactor.credentialHeader("Set-Cookie")).isTrue();
    assertThat(redactor.credentialHeader("Content-Type")).isFalse();
    assertThat(redactor.header("X-Api-Key", "header-key-4471", false))
        .isEqualTo(new PreparedRequest.Header("X-Api-Key", "****", true));
    assertThat(redactor.header("Via", "proxy saw header-key-4471", false))
        .isEqualTo(new PreparedRequest.Header("Via", "proxy saw ****", false));
    assertThat(redactor.header("location", "https://u:pw@cdn.example/?key=k2", false))
        .isEqualTo(
            new PreparedRequest.Header("location", "https://****@cdn.example/?key=****", false));
  }

  @Test
  void redact_fetch_longAuthValuesOnlyAndNoTokenFields() {
    Redactor redactor = Redactor.of(REQUEST, AuthConfig.basic("u", "password-123"));

    assertThat(redactor.redact("{\"access_token\":\"at\",\"echo\":\"password-123\",\"k\":\"k1\"}"))
        .isEqualTo("{\"access_token\":\"at\",\"echo\":\"****\",\"k\":\"k1\"}");
    assertThat(redactor.reveals(new IllegalStateException("bad password-123"))).isTrue();
  }

  @Test
  void redactForm_tokenRequest_credentialFieldsMaskedWhateverTheirLength() {
    Redactor redactor = Redactor.forTokenRequest(List.of());

    assertThat(redactor.redactForm("grant_type=refresh_token&refresh_token=rt&Code=c&scope=a"))
        .isEqualTo("grant_type=refresh_token&refresh_token=****&Code=****&scope=a");
  }

  @Test
  void redact_tokenRequest_longSecretAndTokensMaskedWhereverTheyAppear() {
    Redactor redactor =
        Redactor.forTokenRequest(List.of("client-secret-7Hq2"))
            .plus(Redactor.tokenValues("{\"access_token\" : \"access-token-value-1\"}"));

    assertThat(
            redactor.redact(
                "error: bad secret client-secret-7Hq2 (encoded client-secret-7Hq2) for"
                    + " access-token-value-1"))
        .isEqualTo("error: bad secret **** (encoded ****) for ****");
  }
}
