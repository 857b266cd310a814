package dev.couponfetch.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.couponfetch.PreparedRequest;
import dev.couponfetch.RequestMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redirect decisions, without a server (so https and other hosts need no network). */
class RedirectsTest {
  private static final PreparedRequest.Header LIT = new PreparedRequest.Header("X-Lit", "1", false);
  private static final PreparedRequest.Header KEY =
      new PreparedRequest.Header("X-Api-Key", "key-1234", true);

  private static PreparedRequest get(String uri, PreparedRequest.Header... headers) {
    return PreparedRequest.of(RequestMethod.GET, URI.create(uri), List.of(headers), null, null);
  }

  private static PreparedRequest post(String uri, PreparedRequest.Header... headers) {
    return PreparedRequest.of(
        RequestMethod.POST_JSON,
        URI.create(uri),
        List.of(headers),
        "{}".getBytes(StandardCharsets.UTF_8),
        "application/json");
  }

  private static BasicHttpResponse redirect(int status, String location) {
    BasicHttpResponse r = new BasicHttpResponse(status);
    if (location != null) {
      r.addHeader("Location", location);
    }
    return r;
  }

  private static Redirects.Decision decide(PreparedRequest req, int status, String location) {
    return new Redirects(req, false).decide(req, redirect(status, location));
  }

  @ParameterizedTest(name = "{1} against {0}")
  @CsvSource({
    "http://shop.example/api/v1/old?x=1, new, http://shop.example/api/v1/new",
    "http://shop.example/api/v1/old?x=1, ../v2/c?y=2, http://shop.example/api/v2/c?y=2",
    "http://shop.example/api/old?x=1, ?page=2, http://shop.example/api/old?page=2",
    "http://shop.example, next, http://shop.example/next",
    "http://shop.example/a, /caf\u00e9, http://shop.example/caf%C3%A9",
    "https://shop.example/a, //cdn.example/x, https://cdn.example/x",
    "http://shop.example/a, HTTP://Other.example:8080/b, http://other.example:8080/b",
    "http://shop.example/a, http://u:p@shop.example/b?c=d#e, http://shop.example/b?c=d#e",
    "http://shop.example/a, //u:p@cdn.example:81/x, http://cdn.example:81/x"
  })
  void decide_location_isResolvedAgainstTheCurrentUrl(String from, String location, String to) {
    assertThat(decide(get(from), 302, location).next().uri()).isEqualTo(URI.create(to));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ftp://shop.example/x",
    "javascript:alert(1)",
    "http://",
    "/a b",
    "http://shop.example/%zz"
  })
  void decide_locationThatIsNoHttpUrl_isRefused(String location) {
    assertThat(decide(get("http://shop.example/a"), 302, location).refusal())
        .isEqualTo("the Location is not an http or https URL");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"200", "300", "304", "305"})
  void decide_notARedirectStatus_isFinal(int status) {
    assertThat(decide(get("http://shop.example/a"), status, "/b"))
        .isEqualTo(Redirects.Decision.FINAL);
  }

  @Test
  void decide_noLocation_isFinal() {
    assertThat(decide(get("http://shop.example/a"), 302, null)).isEqualTo(Redirects.Decision.FINAL);
  }

  @Test
  void decide_httpsToHttp_isRefusedEvenOnTheSameHost() {
    Redirects.Decision d = decide(get("https://shop.example/a"), 301, "http://shop.example/a");

    assertThat(d.next()).isNull();
    assertThat(d.refusal()).isEqualTo("refusing to follow a redirect from https to http");
  }

  @Test
  void decide_httpToHttps_isFollowedWithoutCredentialsAsAnotherOrigin() {
    Redirects.Decision d = decide(get("http://shop.example/a", LIT), 301, "https://shop.example/a");

    assertThat(d.next().uri()).isEqualTo(URI.create("https://shop.example/a"));
    assertThat(decide(get("http://shop.example/a", KEY), 301, "https://shop.example/a"))
        .isEqualTo(Redirects.Decision.FINAL);
  }

  @Test
  void decide_defaultPortSpelledOut_isTheSameOrigin() {
    Redirects.Decision d =
        decide(get("https://shop.example/a", KEY), 302, "https://SHOP.example:443/b");

    assertThat(d.next().headers()).containsExactly(KEY);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"301", "302", "303"})
  void decide_postRedirectedToGet_dropsBodyAndContentTypeOnly(int status) {
    PreparedRequest.Header type = new PreparedRequest.Header("content-type", "text/plain", false);
    PreparedRequest next =
        decide(post("https://shop.example/a", LIT, KEY, type), status, "/b").next();

    assertThat(next.method()).isEqualTo(RequestMethod.GET);
    assertThat(next.body()).isNull();
    assertThat(next.contentType()).isNull();
    assertThat(next.headers()).containsExactly(LIT, KEY);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"307", "308"})
  void decide_postThrough307Or308_keepsMethodBodyAndContentType(int status) {
    PreparedRequest next = decide(post("https://shop.example/a", LIT, KEY), status, "/b").next();

    assertThat(next.method()).isEqualTo(RequestMethod.POST_JSON);
    assertThat(next.bodyText()).isEqualTo("{}");
    assertThat(next.contentType()).isEqualTo("application/json");
    assertThat(next.headers()).containsExactly(LIT, KEY);
  }

  @Test
  void decide_queryCredentials_areAddedAgainOnTheSameOriginOnly() {
    PreparedRequest req =
        get("https://shop.example/a?x=1").withQueryParam("key", "qs-secret", true);

    PreparedRequest same = decide(req, 302, "/b?key=echoed&y=2").next();
    assertThat(same.uri()).isEqualTo(URI.create("https://shop.example/b?y=2&key=qs-secret"));
    assertThat(same.displayUri()).isEqualTo("https://shop.example/b?y=2&key=****");

    assertThat(decide(req, 302, "https://other.example/b")).isEqualTo(Redirects.Decision.FINAL);
  }

  @Test
  void decide_anotherOriginWithoutCredentials_keepsThePlainHeaders() {
    PreparedRequest next =
        decide(post("https://shop.example/a", LIT), 302, "https://cdn.example/b").next();

    assertThat(next.headers()).containsExactly(LIT);
    assertThat(next.queryParams()).isEmpty();
  }

  @Test
  void decide_credentialHeaderNotMarkedSensitive_stillKeepsTheRedirectOnOrigin() {
    PreparedRequest.Header cookie = new PreparedRequest.Header("Cookie", "sid=1", false);

    assertThat(decide(get("https://shop.example/a", cookie), 302, "https://cdn.example/b"))
        .isEqualTo(Redirects.Decision.FINAL);
  }

  @Test
  void decide_digest_neverLeavesTheOrigin() {
    PreparedRequest req = get("https://shop.example/a");
    Redirects redirects = new Redirects(req, true);

    assertThat(redirects.decide(req, redirect(302, "https://cdn.example/b")))
        .isEqualTo(Redirects.Decision.FINAL);
    assertThat(redirects.decide(req, redirect(302, "/b")).next()).isNotNull();
  }

  @Test
  void decide_sixthRedirect_isRefused() {
    PreparedRequest req = get("https://shop.example/r0");
    Redirects redirects = new Redirects(req, false);
    for (int i = 1; i <= Redirects.MAX; i++) {
      req = redirects.decide(req, redirect(302, "/r" + i)).next();
      assertThat(req).isNotNull();
    }

    assertThat(redirects.decide(req, redirect(302, "/r99")).refusal())
        .isEqualTo("more than 5 in a row");
  }

  @Test
  void decide_backToAnEarlierUrl_isACircle() {
    PreparedRequest first = get("https://shop.example/a");
    Redirects redirects = new Redirects(first, false);
    PreparedRequest b = redirects.decide(first, redirect(302, "/b")).next();

    assertThat(redirects.decide(b, redirect(302, "/a")).refusal())
        .isEqualTo("they lead in a circle");
  }
}
