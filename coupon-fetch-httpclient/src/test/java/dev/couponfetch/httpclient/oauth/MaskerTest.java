package dev.couponfetch.httpclient.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A token request's credentials are masked where they stand, however short; elsewhere only values
 * long enough to search for are, so that a short secret does not show itself as {@code ****} in
 * unrelated text.
 */
class MaskerTest {
  private static HTTPRequest tokenRequest(String form) {
    HTTPRequest r =
        new HTTPRequest(HTTPRequest.Method.POST, URI.create("https://as.example/token"));
    r.setHeader("Content-Type", "application/x-www-form-urlencoded");
    r.setAccept("application/json");
    r.setAuthorization("Basic Y2xpZW50Ompzb24=");
    r.setBody(form);
    return r;
  }

  @Test
  void sentRequest_shortClientSecret_maskedInItsFieldAndHeaderOnly() {
    Masker masker = new Masker(List.of("json"));

    Exchange.SentRequest shown =
        masker.sentRequest(
            tokenRequest("grant_type=client_credentials&client_secret=json&scope=json"));

    assertThat(shown.body())
        .isEqualTo("grant_type=client_credentials&client_secret=****&scope=json");
    assertThat(shown.headers())
        .extracting(PreparedRequest.Header::toString)
        .contains("Accept: application/json", "Authorization: ****");
  }

  @Test
  void received_shortSecretAndTokens_tokensMaskedByFieldShortSecretLeftInText() {
    Masker masker = new Masker(List.of("json"));
    TokenHttp.Response response =
        new TokenHttp.Response(
            200,
            List.of(new PreparedRequest.Header("Content-Type", "application/json", false)),
            "application/json",
            "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"token_type\":\"Bearer\"}");

    Exchange.ReceivedResponse shown = masker.received(response);

    assertThat(shown.body())
        .isEqualTo(
            "{\"access_token\":\"****\",\"refresh_token\":\"****\",\"token_type\":\"Bearer\"}");
    assertThat(shown.headers())
        .extracting(PreparedRequest.Header::toString)
        .containsExactly("Content-Type: application/json");
  }

  @Test
  void mask_longSecretAndTokens_maskedWhereverTheyAppear() {
    Masker masker = new Masker(List.of("client-secret-7Hq2")).plus(List.of("access-token-value-1"));

    assertThat(
            masker.mask(
                "error: bad secret client-secret-7Hq2 (encoded client-secret-7Hq2) for"
                    + " access-token-value-1"))
        .isEqualTo("error: bad secret **** (encoded ****) for ****");
  }
}
