package dev.couponfetch.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what a test logs (slf4j-simple writes to {@code System.err}, see the test resources'
 * {@code simplelogger.properties}) so that the test can read it, and shows it only when the test
 * failed: the warnings a test provokes on purpose stay out of the build's console. Register as an
 * instance {@code @RegisterExtension} field; tests run one at a time.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    original = System.err;
    captured.reset();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setErr(original);
    if (context.getExecutionException().isPresent()) {
      original.print(text());
    }
  }

  /** What was logged so far in this test. */
  public String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }
}
