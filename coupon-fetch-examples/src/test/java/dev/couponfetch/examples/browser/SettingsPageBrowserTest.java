package dev.couponfetch.examples.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.couponfetch.examples.serve.SettingsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The settings page in a real browser: a merchant fills in a Basic-auth endpoint, presses Test
 * Configuration and reads the report, with the password never shown; or fills in an OAuth2
 * authorization code source, presses Fetch tokens, signs in in the new tab (a real OAuth2 server,
 * in this JVM) and then tests with the stored token. Needs Debian's chromium and chromium-driver
 * (skipped, saying so, without them); everything runs on 127.0.0.1.
 */
class SettingsPageBrowserTest {
  private static final String USERNAME = "acme";
  private static final String PASSWORD = "s3cret-Pa55";
  private static final String CODE = "SPRING-7K2Q";

  @TempDir static Path profile;

  private static final String CLIENT_SECRET = "S3CR3T-client-789";
  private static final String LOGIN_PASSWORD = "L0gin-Pa55-4417";
  private static final String SESSION_TOKEN = "sess-Zk81-token";
  private static final String SESSION_CODE = "SESSION-4F2A";
  private static final String OAUTH_CODE = "OAUTH-7K2Q";
  private static final String SINGLE_BODY =
      "{\"data\":{\"coupon\":\"ONE-4411\",\"expires\":\"2027-03-01T00:00:00Z\"}}";
  private static final String BULK_BODY =
      "{\"result\":[{\"data\":{\"coupon\":\"BULK-1\",\"expires\":\"2027-01-01T00:00:00Z\"}},"
          + "{\"data\":{\"coupon\":\"BULK-2\",\"expires\":\"2027-02-01T00:00:00Z\"}}]}";

  private static WireMockServer endpoint;
  private static MockOAuth2Server oauth;
  private static SettingsServer server;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() {
    Chromium.assumeInstalled();
    endpoint =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    endpoint.start();
    endpoint.stubFor(
        get(urlPathEqualTo("/coupon"))
            .atPriority(1)
            .withBasicAuth(USERNAME, PASSWORD)
            .willReturn(
                okJson(
                    "{\"data\":{\"coupon\":\""
                        + CODE
                        + "\",\"expires\":\"2027-03-01T00:00:00Z\"}}")));
    endpoint.stubFor(
        get(urlPathEqualTo("/coupon"))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Basic realm=\"coupons\"")
                    .withBody("{\"error\":\"bad credentials\"}")));
    endpoint.stubFor(
        get(urlPathEqualTo("/oauth-coupon"))
            .atPriority(1)
            .withHeader("Authorization", matching("Bearer [A-Za-z0-9._-]+"))
            .willReturn(okJson("{\"code\":\"" + OAUTH_CODE + "\"}")));
    endpoint.stubFor(
        get(urlPathEqualTo("/oauth-coupon"))
            .atPriority(10)
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"no token\"}")));
    endpoint.stubFor(
        post(urlPathEqualTo("/login"))
            .withRequestBody(
                equalToJson("{\"username\":\"acme\",\"password\":\"" + LOGIN_PASSWORD + "\"}"))
            .willReturn(okJson("{\"data\":{\"token\":\"" + SESSION_TOKEN + "\"}}")));
    endpoint.stubFor(
        get(urlPathEqualTo("/session-coupon"))
            .atPriority(1)
            .withHeader("X-Session-Token", equalTo(SESSION_TOKEN))
            .willReturn(okJson("{\"code\":\"" + SESSION_CODE + "\"}")));
    endpoint.stubFor(
        get(urlPathEqualTo("/session-coupon"))
            .atPriority(10)
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"log in first\"}")));
    endpoint.stubFor(get(urlPathEqualTo("/single")).willReturn(okJson(SINGLE_BODY)));
    endpoint.stubFor(get(urlPathEqualTo("/bulk")).willReturn(okJson(BULK_BODY)));
    oauth = new MockOAuth2Server();
    try {
      oauth.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = SettingsServer.start(0, true);
    driver = Chromium.start(profile);
  }

  @AfterAll
  static void stop() {
    // Each in its own step: a failed start leaves some of them null.
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.stop();
    }
    if (oauth != null) {
      oauth.shutdown();
    }
  }

  @BeforeEach
  void openPage() {
    // One tab: a test that failed half-way may have left the authorization's tab open.
    String first = driver.getWindowHandles().iterator().next();
    for (String handle : driver.getWindowHandles()) {
      if (!handle.equals(first)) {
        driver.switchTo().window(handle).close();
      }
    }
    driver.switchTo().window(first);
    driver.get(server.baseUri().toString());
  }

  @Test
  void testConfiguration_rightPassword_showsCouponAndMaskedAuthorization() throws IOException {
    fillBasicSource(PASSWORD);
    WebElement testButton = byId("testButton");
    // The keyboard way: focus the button and press Enter.
    driver.executeScript("arguments[0].focus()", testButton);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);

    String headline = awaitHeadline();
    Chromium.screenshot(driver, "settings-page-works");

    assertThat(headline).isEqualTo("Configuration Works!");
    assertThat(byId("result").getAttribute("class")).contains("works");
    assertThat(byId("coupons").findElements(By.tagName("li")))
        .singleElement()
        .extracting(WebElement::getText)
        .asString()
        .contains(CODE)
        .contains("2027-03-01T00:00:00Z");
    assertThat(byId("sentRequest").getText()).contains("Authorization: ****");
    assertThat(byId("receivedResponse").getText()).startsWith("HTTP 200");
    assertThat(byId("responseTree").getText()).contains(CODE);
  }

  @Test
  void testConfiguration_wrongPassword_explainsAndNeverShowsThePassword() throws IOException {
    String wrong = "wr0ng-Secret-93x";
    fillBasicSource(wrong);
    byId("testButton").click();

    String headline = awaitHeadline();
    Chromium.screenshot(driver, "settings-page-failed");

    assertThat(headline).startsWith("Configuration Failed:");
    assertThat(byId("result").getAttribute("class")).contains("failed");
    assertThat(byId("hint").getText()).isNotBlank();
    assertThat(byId("showSecrets").isSelected()).isFalse();
    assertThat(byId("configJson").getText())
        .contains("\"password\": \"****\"")
        .doesNotContain(wrong);
    assertThat(byId("result").getText()).doesNotContain(wrong);
    // A typed value is a property of the input, never an attribute: not in the page's source.
    assertThat(driver.getPageSource()).doesNotContain(wrong);

    byId("showSecrets").click();
    assertThat(byId("configJson").getText()).contains("\"password\": \"" + wrong + "\"");
  }

  @Test
  void fields_followAuthTypeAndRequestType() {
    assertThat(byId("username").isDisplayed()).isFalse();
    assertThat(byId("payload").isDisplayed()).isFalse();

    select("authType", "BASIC");
    assertThat(byId("username").isDisplayed()).isTrue();
    assertThat(byId("authParams").isDisplayed()).isFalse();

    select("authType", "QUERY_STRING");
    assertThat(byId("username").isDisplayed()).isFalse();
    assertThat(byId("password").isDisplayed()).isFalse();
    assertThat(byId("authParams").isDisplayed()).isTrue();
    assertThat(byId("authParams").findElements(By.className("kv-row"))).hasSize(1);

    // Another row from the keyboard: Enter on "Add parameter" adds one and focuses its name.
    WebElement add = driver.findElement(By.cssSelector(".add-row[data-for='authParams']"));
    driver.executeScript("arguments[0].focus()", add);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(byId("authParams").findElements(By.className("kv-row"))).hasSize(2);
    driver.switchTo().activeElement().sendKeys("api_key");
    assertThat(byId("configJson").getText()).contains("\"api_key\": \"****\"");

    select("authType", "OAUTH2");
    assertThat(byId("fetchTokensButton").isDisplayed()).isTrue();
    select("grant", "CLIENT_CREDENTIALS");
    assertThat(byId("fetchTokensButton").isDisplayed()).isFalse();
    assertThat(byId("authorizationUrl").isDisplayed()).isFalse();

    select("method", "POST_JSON");
    assertThat(byId("payload").isDisplayed()).isTrue();
    select("method", "GET");
    assertThat(byId("payload").isDisplayed()).isFalse();
  }

  @Test
  void loadJson_fillsTheFormThatWritesTheSameConfig() throws IOException {
    String config =
        "{\"name\":\"acme-query-key\",\"endpoint\":\"https://coupons.acme.example/c?p={{promotionId}}\","
            + "\"method\":\"POST_FORM\",\"payload\":{\"campaign\":\"spring\",\"count\":2},"
            + "\"headers\":{\"Accept\":\"application/json\"},"
            + "\"auth\":{\"type\":\"QUERY_STRING\",\"params\":{\"api_key\":\"k-123\"}},"
            + "\"couponType\":\"BULK\",\"mapping\":{\"code\":\"result.codes.*\","
            + "\"expiryFormat\":\"EPOCH_SECONDS\"},\"timeouts\":{\"connectMs\":2000,\"responseMs\":4000}}";
    byId("loadJson").findElement(By.xpath("ancestor::details/summary")).click();
    byId("loadJson").sendKeys(config);
    byId("loadJsonButton").click();

    assertThat(byId("configJson").getText()).contains("\"api_key\": \"****\"");
    byId("showSecrets").click();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(byId("configJson").getText())).isEqualTo(json.readTree(config));
  }

  @Test
  void testConfiguration_sessionLogin_logsInThenSendsTheSessionTokenAndShowsTheLoginMasked()
      throws IOException {
    byId("name").sendKeys("acme-session");
    byId("endpoint").sendKeys("http://127.0.0.1:" + endpoint.port() + "/session-coupon");
    select("authType", "SESSION");
    assertThat(byId("loginUrl").isDisplayed()).isTrue();
    assertThat(byId("tokenPlace").isDisplayed()).isTrue();
    assertThat(byId("signingSecret").isDisplayed()).isFalse();
    byId("loginUrl").sendKeys("http://127.0.0.1:" + endpoint.port() + "/login");
    select("loginMethod", "POST_JSON");
    byId("loginPayload")
        .sendKeys("{\"username\": \"acme\", \"password\": \"" + LOGIN_PASSWORD + "\"}");
    select("loginTokenFrom", "BODY");
    byId("loginTokenName").sendKeys("data.token");
    select("tokenPlace", "HEADER");
    byId("tokenName").sendKeys("X-Session-Token");
    byId("mappingCode").sendKeys("code");
    assertThat(byId("configJson").getText())
        .contains("\"password\": \"****\"")
        .doesNotContain(LOGIN_PASSWORD);

    byId("testButton").click();
    String headline = awaitHeadline();
    Chromium.screenshot(driver, "settings-page-session-login");

    assertThat(headline).isEqualTo("Configuration Works!");
    assertThat(byId("coupons").getText()).contains(SESSION_CODE);
    assertThat(byId("tokenRequestTitle").getText()).isEqualTo("Login request");
    assertThat(byId("tokenRequest").getText()).startsWith("POST http://127.0.0.1:");
    assertThat(byId("sentRequest").getText()).contains("X-Session-Token: ****");
    assertThat(byId("result").getText())
        .doesNotContain(LOGIN_PASSWORD)
        .doesNotContain(SESSION_TOKEN);
    assertThat(driver.getPageSource()).doesNotContain(LOGIN_PASSWORD);
    endpoint.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/login")));
  }

  @Test
  void fields_eachNewSchemeShowsItsOwn() {
    select("authType", "HMAC");
    assertThat(byId("signingSecret").isDisplayed()).isTrue();
    assertThat(byId("tokenPlace").isDisplayed()).isFalse();
    select("authType", "OAUTH2");
    assertThat(byId("tokenPlace").isDisplayed()).isTrue();
    assertThat(byId("clientKey").isDisplayed()).isFalse();
    select("clientAuth", "PRIVATE_KEY_JWT");
    assertThat(byId("clientKey").isDisplayed()).isTrue();
    select("tokenPlace", "QUERY");
    assertThat(byId("tokenPrefix").isDisplayed()).isFalse();
    assertThat(byId("clientCertificate").isDisplayed()).isTrue();
  }

  @Test
  void limits_collapsedThenTyped_writtenOnlyWhenFilled() throws IOException {
    assertThat(byId("limitMaxQueued").isDisplayed()).isFalse();
    assertThat(byId("configJson").getText()).doesNotContain("limits");
    byId("limitsDetails").findElement(By.tagName("summary")).click();
    byId("limitMaxConcurrent").sendKeys("4");
    byId("limitRequestsPerSecond").sendKeys("2.5");
    select("whenRateLimited", "FAIL");

    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(byId("configJson").getText()).get("limits"))
        .isEqualTo(
            json.readTree(
                "{\"maxConcurrent\":4,\"requestsPerSecond\":2.5,\"whenRateLimited\":\"FAIL\"}"));
  }

  @Test
  void limits_loadedFromJson_openedAndWrittenBackTheSame() throws IOException {
    String config =
        "{\"endpoint\":\"https://coupons.acme.example/c\",\"method\":\"GET\","
            + "\"auth\":{\"type\":\"NONE\"},\"couponType\":\"SINGLE\","
            + "\"limits\":{\"maxQueued\":0,\"requestsPerSecond\":10,\"whenRateLimited\":\"WAIT\"}}";
    byId("loadJson").findElement(By.xpath("ancestor::details/summary")).click();
    byId("loadJson").sendKeys(config);
    byId("loadJsonButton").click();

    assertThat(byId("loadJsonError").getText()).isEmpty();
    assertThat(byId("limitMaxQueued").isDisplayed()).isTrue();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(byId("configJson").getText())).isEqualTo(json.readTree(config));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"endpoint\":\"https://coupons.acme.example/c\",\"method\":\"GET\","
            + "\"auth\":{\"type\":\"HMAC\",\"signing\":{\"algorithm\":\"HMAC_SHA512\","
            + "\"secret\":\"c2VjcmV0\",\"secretEncoding\":\"BASE64\",\"keyId\":\"k1\","
            + "\"parts\":[\"METHOD\",\"PATH\",\"TIMESTAMP\",\"NONCE\",\"BODY_SHA256\"],"
            + "\"separator\":\"\\n\",\"timestampFormat\":\"EPOCH_MILLIS\",\"encoding\":\"BASE64\","
            + "\"signatureHeader\":\"X-Signature\",\"signaturePrefix\":\"sha512=\","
            + "\"timestampHeader\":\"X-Ts\",\"nonceHeader\":\"X-Nonce\",\"keyIdHeader\":\"X-Key\"}},"
            + "\"couponType\":\"SINGLE\"}",
        "{\"endpoint\":\"https://coupons.acme.example/c\",\"method\":\"GET\","
            + "\"auth\":{\"type\":\"SESSION\",\"login\":{\"url\":\"https://acme.example/login\","
            + "\"method\":\"POST_FORM\",\"payload\":{\"user\":\"acme\",\"pass\":\"pw-1\"},"
            + "\"headers\":{\"X-Client\":\"c-1\"},\"tokenFrom\":\"COOKIE\",\"tokenName\":\"SID\"},"
            + "\"tokenCookie\":\"SID\",\"tokenExpiredStatuses\":[401,419]},\"couponType\":\"SINGLE\"}",
        "{\"endpoint\":\"https://coupons.acme.example/c\",\"method\":\"GET\","
            + "\"auth\":{\"type\":\"OAUTH2\",\"grant\":\"CLIENT_CREDENTIALS\",\"clientId\":\"c\","
            + "\"tokenUrl\":\"https://auth.acme.example/token\",\"clientAuth\":\"PRIVATE_KEY_JWT\","
            + "\"clientKey\":\"-----BEGIN PRIVATE KEY-----\",\"clientKeyId\":\"kid-1\","
            + "\"clientAssertionAlgorithm\":\"ES256\",\"tokenParams\":{\"audience\":\"https://api\"},"
            + "\"tokenHeaders\":{\"X-Tenant\":\"t-1\"},\"tokenRequestFormat\":\"JSON\","
            + "\"accessTokenPath\":\"data.token\",\"expiresInPath\":\"data.expiresIn\","
            + "\"tokenHeader\":\"X-Auth-Token\"},\"couponType\":\"SINGLE\","
            + "\"tls\":{\"clientCertificate\":\"-----BEGIN CERTIFICATE-----\\n\","
            + "\"clientKey\":\"-----BEGIN PRIVATE KEY-----\\n\"}}"
      })
  void loadJson_newSchemes_fillTheFormThatWritesTheSameConfig(String config) throws IOException {
    byId("loadJson").findElement(By.xpath("ancestor::details/summary")).click();
    byId("loadJson").sendKeys(config);
    byId("loadJsonButton").click();

    assertThat(byId("loadJsonError").getText()).isEmpty();
    assertThat(byId("configJson").getText()).doesNotContain("pw-1").doesNotContain("c2VjcmV0");
    byId("showSecrets").click();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(byId("configJson").getText())).isEqualTo(json.readTree(config));
  }

  @Test
  void loadJson_customAuthAndMapper_saysWhatItCouldNotTakeAndShowsNoSetting() {
    String config =
        "{\"endpoint\":\"https://coupons.acme.example/c\",\"auth\":{\"type\":\"CUSTOM\","
            + "\"scheme\":\"acme-hmac\",\"settings\":{\"secret\":\"St-Zq71-hmac\"}},"
            + "\"mapping\":{\"mapper\":\"acme-csv\",\"code\":\"data.code\"}}";
    byId("loadJson").findElement(By.xpath("ancestor::details/summary")).click();
    byId("loadJson").sendKeys(config);
    byId("loadJsonButton").click();

    assertThat(byId("loadJsonError").getText())
        .isEqualTo("Filled in; not taken: auth.type CUSTOM, mapping.mapper acme-csv");
    assertThat(new Select(byId("authType")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("NONE");
    assertThat(byId("configJson").getText()).contains("\"code\": \"data.code\"");
    byId("showSecrets").click();
    assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("Zq71");
  }

  @Test
  void fetchTokens_authorizationInANewTab_thenTestConfigurationWorksWithTheBearerToken()
      throws IOException {
    fillAuthorizationCodeSource();
    String settingsTab = driver.getWindowHandle();

    byId("fetchTokensButton").click();
    String signInTab = awaitOtherTab(settingsTab);
    driver.switchTo().window(signInTab);
    // The mock provider signs in without a form and redirects straight to the callback.
    String title =
        new WebDriverWait(driver, Duration.ofSeconds(30))
            .until(
                d -> {
                  List<WebElement> h1 = d.findElements(By.tagName("h1"));
                  return h1.isEmpty() ? null : h1.get(0).getText();
                });
    Chromium.screenshot(driver, "fetch-tokens-callback");

    assertThat(title).isEqualTo("Tokens stored");
    assertThat(driver.getCurrentUrl()).startsWith(server.baseUri() + "api/oauth/callback?");
    assertThat(driver.findElement(By.tagName("main")).getText())
        .contains("Tokens stored for acme-oauth")
        .doesNotContain(CLIENT_SECRET);
    driver.close();
    driver.switchTo().window(settingsTab);
    assertThat(byId("fetchTokensStatus").getText()).contains("Sign in in the new tab");

    byId("testButton").click();
    String headline = awaitHeadline();
    Chromium.screenshot(driver, "fetch-tokens-then-test-works");

    assertThat(headline).isEqualTo("Configuration Works!");
    assertThat(byId("coupons").getText()).contains(OAUTH_CODE);
    assertThat(byId("sentRequest").getText())
        .contains("Authorization: ")
        .doesNotContain("eyJ"); // the JWT access token is masked
    assertThat(driver.getPageSource()).doesNotContain(CLIENT_SECRET);
    endpoint.verify(
        getRequestedFor(urlPathEqualTo("/oauth-coupon"))
            .withHeader("Authorization", matching("Bearer [A-Za-z0-9._-]+")));
  }

  @Test
  void fetchTokens_configTheServerCannotStart_showsWhyAndLeavesNoTab() throws IOException {
    fillAuthorizationCodeSource();
    byId("redirectUri").sendKeys("http://127.0.0.1:9/elsewhere");
    String settingsTab = driver.getWindowHandle();

    byId("fetchTokensButton").click();
    String headline = awaitHeadline();
    Chromium.screenshot(driver, "fetch-tokens-not-started");

    assertThat(headline).startsWith("Configuration Failed:");
    assertThat(byId("result").getText()).contains("auth.redirectUri: serve receives");
    assertThat(byId("fetchTokensStatus").getText()).startsWith("Not started");
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getWindowHandles().size() == 1);
    assertThat(driver.getWindowHandle()).isEqualTo(settingsTab);
  }

  @Test
  void clickToMap_singleResponse_mapsCodeAndExpiryAndRemapsWithoutCallingAgain()
      throws IOException {
    endpoint.resetRequests();
    byId("name").sendKeys("acme-single");
    byId("endpoint").sendKeys("http://127.0.0.1:" + endpoint.port() + "/single");
    assertThat(byId("liveCallWarning").getText()).contains("may use one up");
    assertThat(byId("liveCalls").getText()).endsWith(": 0");
    byId("testButton").click();
    // No mapping yet: the JSON body is no code, and the tree shows it.
    assertThat(awaitHeadline()).startsWith("Configuration Failed:");
    assertThat(byId("liveCalls").getText())
        .isEqualTo("Live calls to your endpoint since this page was opened: 1");

    treeValue("ONE-4411").click();
    menuItem("Use as coupon code").click();
    assertThat(byId("mappingCode").getAttribute("value")).isEqualTo("result.data.coupon");
    // The keyboard way: Enter on the value opens the menu, arrow down to the second choice.
    WebElement expires = treeValue("2027-03-01T00:00:00Z");
    driver.executeScript("arguments[0].focus()", expires);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Use as coupon code");
    driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(byId("mappingExpiry").getAttribute("value")).isEqualTo("result.data.expires");
    byId("expiryZone").sendKeys("Europe/Berlin");

    awaitText("remapNote", "Re-mapped from the response received at");
    assertThat(awaitHeadline()).isEqualTo("Configuration Works!");
    awaitText("mappingCodePreview", "Selects the code ONE-4411");
    awaitText("mappingExpiryPreview", "Expires 2027-03-01T00:00:00Z (UTC), 01/03/2027, 01:00:00");
    assertThat(byId("mappingExpiryPreview").getText()).contains("in Europe/Berlin");
    assertThat(byId("liveCalls").getText()).endsWith(": 1");
    endpoint.verify(1, getRequestedFor(urlPathEqualTo("/single")));
  }

  @Test
  void clickToMap_bulkResponse_wildcardSwitchesToBulkAndPreviewsEveryCode() throws IOException {
    endpoint.resetRequests();
    byId("name").sendKeys("acme-bulk");
    byId("endpoint").sendKeys("http://127.0.0.1:" + endpoint.port() + "/bulk");
    byId("mappingCode").sendKeys("result.0.data.coupon");
    byId("testButton").click();
    assertThat(awaitHeadline()).isEqualTo("Configuration Works!");
    awaitText("mappingCodePreview", "Selects the code BULK-1");

    treeValue("BULK-1").click();
    assertThat(menuItems())
        .containsExactly(
            "Use as coupon code",
            "Use as expiry",
            "Use as error message",
            "Use as coupon code for every element (result.*.data.coupon)",
            "Use as expiry for every element (result.*.data.coupon)");
    menuItem("Use as coupon code for every element (result.*.data.coupon)").click();
    assertThat(byId("mappingCode").getAttribute("value")).isEqualTo("result.*.data.coupon");
    assertThat(new Select(byId("couponType")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("BULK");
    treeValue("2027-02-01T00:00:00Z").click();
    menuItem("Use as expiry for every element (result.*.data.expires)").click();
    assertThat(byId("mappingExpiry").getAttribute("value")).isEqualTo("result.*.data.expires");

    awaitText("mappingCodePreview", "Selects 2 codes: BULK-1, BULK-2");
    awaitText("mappingExpiryPreview", "Expires 2027-01-01T00:00:00Z (UTC)");
    assertThat(byId("mappingExpiryPreview").getText()).contains("2 expiry dates in all");
    assertThat(byId("remapNote").getText()).contains("without calling the endpoint again");
    assertThat(byId("coupons").getText()).contains("BULK-1").contains("BULK-2");
    endpoint.verify(1, getRequestedFor(urlPathEqualTo("/bulk")));
  }

  @Test
  void result_wideScreen_besideTheFormAndAccessible() throws IOException {
    fillBasicSource(PASSWORD);
    byId("testButton").click();
    assertThat(awaitHeadline()).isEqualTo("Configuration Works!");

    // Wide: the result beside the form, in view while the mapping is edited.
    assertThat(byId("result").getRect().getX())
        .isGreaterThan(byId("settingsForm").getRect().getX() + 300);
    assertThat(byId("result").getCssValue("position")).isEqualTo("sticky");
    treeValue(CODE).click(); // the menu open, so the scan sees it too
    Chromium.screenshot(driver, "settings-page-wide");

    Results axe = new AxeBuilder().analyze(driver);
    assertThat(axe.getErrorMessage()).isNull();
    assertThat(axe.getPasses()).isNotEmpty(); // it ran
    assertThat(
            axe.getViolations().stream()
                .filter(v -> List.of("serious", "critical").contains(v.getImpact()))
                .map(v -> v.getId() + ": " + v.getHelp() + " " + v.getNodes().size() + " nodes"))
        .isEmpty();
  }

  @Test
  void result_timingBarsPerRequest() {
    fillBasicSource(PASSWORD);
    byId("testButton").click();
    assertThat(awaitHeadline()).isEqualTo("Configuration Works!");

    List<WebElement> bars = byId("timings").findElements(By.tagName("li"));
    assertThat(bars).hasSizeGreaterThanOrEqualTo(2); // the request, the mapping
    assertThat(bars.get(0).getText())
        .contains("request GET http://127.0.0.1:")
        .contains("first byte")
        .contains(" ms");
    assertThat(bars.get(0).findElements(By.tagName("rect"))).isNotEmpty();
    assertThat(bars.get(bars.size() - 1).getText()).startsWith("mapping").endsWith(" ms");
  }

  @Test
  void copyCurl_withoutSecrets_copiesTheMaskedRequest() {
    fillBasicSource(PASSWORD);
    byId("testButton").click();
    assertThat(awaitHeadline()).isEqualTo("Configuration Works!");

    assertThat(byId("curlSecrets").isSelected()).isFalse();
    driver.executeScript(
        "window.copied = null; navigator.clipboard.writeText ="
            + " (t) => { window.copied = t; return Promise.resolve(); };");
    byId("copyCurl").click();
    awaitText("curlStatus", "Copied, secrets masked.");
    String curl = (String) driver.executeScript("return window.copied");
    assertThat(curl)
        .startsWith("curl ")
        .contains("http://127.0.0.1:" + endpoint.port() + "/coupon")
        .contains("Authorization: ****")
        .doesNotContain(PASSWORD);
  }

  @Test
  void narrowScreen_stacksTheResultUnderTheForm() {
    driver.manage().window().setSize(new Dimension(700, 1200));
    try {
      driver.get(server.baseUri().toString());
      assertThat(byId("result").getRect().getY())
          .isGreaterThan(byId("settingsForm").getRect().getY() + 500);
      assertThat(byId("result").getRect().getX()).isEqualTo(byId("settingsForm").getRect().getX());
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 2400));
    }
  }

  private static WebElement treeValue(String value) {
    return byId("responseTree").findElements(By.cssSelector("[role='treeitem'].tree-leaf")).stream()
        .filter(
            li -> li.findElement(By.className("tree-value")).getText().equals("\"" + value + "\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no value " + value + " in the response tree"));
  }

  private static WebElement menuItem(String label) {
    return driver.findElements(By.cssSelector("[role='menu'] [role='menuitem']")).stream()
        .filter(b -> b.getText().equals(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no menu item " + label + ": " + menuItems()));
  }

  private static List<String> menuItems() {
    return driver.findElements(By.cssSelector("[role='menu'] [role='menuitem']")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static void awaitText(String id, String part) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .withMessage(() -> id + " never contained '" + part + "': " + byId(id).getText())
        .until(d -> byId(id).getText().contains(part));
  }

  private void fillAuthorizationCodeSource() {
    byId("name").sendKeys("acme-oauth");
    byId("endpoint").sendKeys("http://127.0.0.1:" + endpoint.port() + "/oauth-coupon");
    select("authType", "OAUTH2");
    select("grant", "AUTHORIZATION_CODE");
    byId("clientId").sendKeys("coupon-fetch-browser");
    byId("clientSecret").sendKeys(CLIENT_SECRET);
    // The mock server names itself localhost; the browser and the fetcher go to 127.0.0.1.
    byId("authorizationUrl").sendKeys(loopback(oauth.authorizationEndpointUrl("acme").toString()));
    byId("tokenUrl").sendKeys(loopback(oauth.tokenEndpointUrl("acme").toString()));
    byId("scope").sendKeys("openid coupons"); // mock-oauth2-server requires openid on /authorize
    byId("mappingCode").sendKeys("code");
  }

  private static String loopback(String url) {
    return url.replace("://localhost:", "://127.0.0.1:");
  }

  private static String awaitOtherTab(String known) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d ->
                d.getWindowHandles().stream()
                    .filter(h -> !h.equals(known))
                    .findFirst()
                    .orElse(null));
  }

  private void fillBasicSource(String password) {
    byId("name").sendKeys("acme-spring-sale");
    byId("endpoint").sendKeys("http://127.0.0.1:" + endpoint.port() + "/coupon");
    select("authType", "BASIC");
    byId("username").sendKeys(USERNAME);
    byId("password").sendKeys(password);
    byId("mappingCode").sendKeys("result.data.coupon");
    byId("mappingExpiry").sendKeys("result.data.expires");
  }

  private String awaitHeadline() {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              String text = byId("headline").getText();
              return text.isEmpty() ? null : text;
            });
  }

  private static void select(String id, String value) {
    new Select(byId(id)).selectByValue(value);
  }

  private static WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }
}
