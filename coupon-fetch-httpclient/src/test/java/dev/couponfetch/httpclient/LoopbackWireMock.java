package dev.couponfetch.httpclient;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server on a dynamic port bound to 127.0.0.1, run by JUnit when a test class registers
 * it as a static {@code @RegisterExtension} field: started before the class's own
 * {@code @BeforeAll}, reset (stubs and journal) before each test's {@code @BeforeEach}, stopped
 * after the class's {@code @AfterAll}. Being a {@link WireMockServer}, tests stub and read the
 * journal on it directly. One instance per test class; not meant to be shared across classes.
 */
public final class LoopbackWireMock extends WireMockServer
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  public LoopbackWireMock(Extension... extensions) {
    super(options().dynamicPort().bindAddress("127.0.0.1").extensions(extensions));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    resetAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }
}
