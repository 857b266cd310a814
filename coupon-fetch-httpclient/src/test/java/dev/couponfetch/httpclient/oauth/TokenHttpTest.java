package dev.couponfetch.httpclient.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.couponfetch.Exchange;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.internal.text.Redactor;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A token exchange as shown: its credentials are masked where they stand, however short; elsewhere
 * only values long enough to search for are, so that a short secret does not show itself as {@code
 * ****} in unrelated text.
 */
class TokenHttpTest {
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
  void shown_shortClientSecret_maskedInItsFieldAndHeaderOnly() {
    Redactor redactor = Redactor.forTokenRequest(List.of("json"));

    Exchange.SentRequest shown =
        TokenHttp.shown(
            tokenRequest("grant_type=client_credentials&client_secret=json&scope=json"), redactor);

    assertThat(shown.body())
        .isEqualTo("grant_type=client_credentials&client_secret=****&scope=json");
    assertThat(shown.headers())
        .extracting(PreparedRequest.Header::toString)
        .contains("Accept: application/json", "Authorization: ****");
  }

  @Test
  void responseShown_shortSecretAndTokens_tokensMaskedByFieldShortSecretLeftInText() {
    Redactor redactor = Redactor.forTokenRequest(List.of("json"));
    TokenHttp.Response response =
        new TokenHttp.Response(
            200,
            List.of(new PreparedRequest.Header("Content-Type", "application/json", false)),
            "application/json",
            "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"token_type\":\"Bearer\"}");

    Exchange.ReceivedResponse shown = response.shown(redactor);

    assertThat(shown.body())
        .isEqualTo(
            "{\"access_token\":\"****\",\"refresh_token\":\"****\",\"token_type\":\"Bearer\"}");
    assertThat(shown.headers())
        .extracting(PreparedRequest.Header::toString)
        .containsExactly("Content-Type: application/json");
  }
}
