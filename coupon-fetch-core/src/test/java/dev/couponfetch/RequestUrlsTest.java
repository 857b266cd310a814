package dev.couponfetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.PreparedRequest.QueryParam;
import dev.couponfetch.internal.request.Urls;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestUrlsTest {
  @Test
  void merge_noParams_returnsEndpointItself() {
    URI endpoint = URI.create("https://a.example/x?y=1");

    assertThat(Urls.merge(endpoint, List.of(), false)).isSameAs(endpoint);
  }

  @Test
  void merge_existingQuery_keptRawAndParamsAppendedEncoded() {
    URI endpoint = URI.create("https://a.example:8443/p%2Fq?campaign=spring&tag=a%20b&flag");

    URI merged = Urls.merge(endpoint, List.of(new QueryParam("api key", "v&=+ é", true)), false);

    assertThat(merged.toString())
        .isEqualTo(
            "https://a.example:8443/p%2Fq?campaign=spring&tag=a%20b&flag&api%20key=v%26%3D%2B%20%C3%A9");
  }

  @Test
  void merge_sameNamedParam_replaced() {
    URI endpoint = URI.create("https://a.example/?key=old&x=1&key=older&k%65y2=z");

    URI merged =
        Urls.merge(
            endpoint,
            List.of(new QueryParam("key", "new", true), new QueryParam("key2", "n2", false)),
            false);

    assertThat(merged.getRawQuery()).isEqualTo("x=1&key=new&key2=n2");
  }

  @Test
  void merge_noQueryOrPath_addsOne() {
    assertThat(
            Urls.merge(
                URI.create("https://a.example"), List.of(new QueryParam("k", "v", false)), false))
        .hasToString("https://a.example?k=v");
    assertThat(
            Urls.merge(
                URI.create("https://a.example/x?"),
                List.of(new QueryParam("k", "v", false)),
                false))
        .hasToString("https://a.example/x?k=v");
  }

  @Test
  void merge_mask_hidesOnlySensitiveValues() {
    URI endpoint = URI.create("https://a.example/x?a=1");

    URI shown =
        Urls.merge(
            endpoint,
            List.of(new QueryParam("key", "s3cret", true), new QueryParam("lang", "en", false)),
            true);

    assertThat(shown).hasToString("https://a.example/x?a=1&key=****&lang=en");
  }

  @Test
  void encodeComponent_onlyUnreservedLeftAsIs() {
    assertThat(Urls.encodeComponent("AZaz09-._~ !*'()/?#[]@$&+,;=%"))
        .isEqualTo("AZaz09-._~%20%21%2A%27%28%29%2F%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%25");
    assertThat(Urls.encodeComponent("日本😀")).isEqualTo("%E6%97%A5%E6%9C%AC%F0%9F%98%80");
  }
}
