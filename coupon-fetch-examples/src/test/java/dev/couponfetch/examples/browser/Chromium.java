package dev.couponfetch.examples.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.net.PortProber;

/**
 * Debian's headless chromium driven through Debian's chromedriver, and nothing else: both paths are
 * given explicitly, so Selenium Manager never runs (it would look for, and download, a browser and
 * a driver), and the browser's own background traffic (updates, sync, metrics) is switched off.
 */
final class Chromium {
  static final File BROWSER = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");

  /**
   * Without a selenium-devtools jar for this browser's version, every start warns that there is no
   * CDP implementation; the tests use WebDriver only. Held here: JUL keeps loggers weakly.
   */
  private static final Logger CDP_FINDER =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private Chromium() {}

  /** Skips the calling test class, saying why and how to fix it, when either binary is missing. */
  static void assumeInstalled() {
    boolean installed = BROWSER.canExecute() && DRIVER.canExecute();
    String why =
        "Chromium browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver not found;"
            + " install Debian's chromium and chromium-driver (bash .ci/run does)";
    if (!installed) {
      // Surefire shows a class skipped in @BeforeAll as "Tests run: 0" without the reason.
      System.err.println("[coupon-fetch tests] " + why);
    }
    Assumptions.assumeTrue(installed, why);
  }

  /** A fresh headless browser whose profile lives in {@code profile}; quit it when done. */
  static ChromeDriver start(Path profile) {
    CDP_FINDER.setLevel(Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-proxy-server",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-features=OptimizationHints,MediaRouter,Translate",
        "--metrics-recording-only",
        "--no-pings",
        "--window-size=1280,2400",
        "--user-data-dir=" + profile.toAbsolutePath());
    // The constructor, not ChromeDriverService.Builder: the builder class carries @AutoService,
    // whose class file is not on the class path, and javac's warning about it fails -Werror.
    int port = PortProber.findFreePort();
    ChromeDriverService service;
    try {
      service =
          new ChromeDriverService(
              DRIVER, port, Duration.ofSeconds(60), List.of("--port=" + port), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return driver;
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  /**
   * Saves a screenshot as {@code <dir>/<name>.png}: the folder the system property {@code
   * cf.screenshots} names, else {@code target/screenshots} (a way to look at the page while
   * changing it; the README's picture comes from here).
   */
  static void screenshot(ChromeDriver driver, String name) throws IOException {
    String dir = System.getProperty("cf.screenshots");
    if (dir == null || dir.isBlank()) {
      dir = "target/screenshots";
    }
    Path folder = Files.createDirectories(Path.of(dir));
    Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }
}
