package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven by chromedriver, with its own fresh profile directory: two
 * instances share no cookies, exactly like two people on two machines. Both binaries are given by
 * path, so Selenium Manager never runs (and never tries to download anything).
 *
 * <p>Missing binaries fail the test with an install hint instead of skipping it: a browser test
 * that silently does not run protects nothing.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path SCREENSHOTS =
      Path.of(System.getProperty("gatehouse.e2e.screenshot-dir", "target/screenshots"));
  private static final Path CHROMIUM =
      Path.of(System.getProperty("gatehouse.e2e.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("gatehouse.e2e.chromedriver", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(10);

  final String name;
  final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(String name, ChromeDriver driver, Path profile) {
    this.name = name;
    this.driver = driver;
    this.profile = profile;
  }

  /** Fails, with the command that fixes it, when Chromium or chromedriver is not installed. */
  static void requireInstalled() {
    requireExecutable(CHROMIUM, "chromium");
    requireExecutable(CHROMEDRIVER, "chromium-driver");
  }

  static HeadlessChromium start(String name) {
    return start(name, List.of());
  }

  /** A browser with extra command-line switches, e.g. a certificate pin for a test's own CA. */
  static HeadlessChromium start(String name, List<String> extraArguments) {
    requireInstalled();
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    Path profile = createProfileDirectory(name);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // The machine's network is closed: without these, Chromium keeps calling Google's hosts.
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.addArguments(extraArguments);
    // No "save password?" prompts or leak checks: they are browser UI, not the page under test.
    options.setExperimentalOption(
        "prefs",
        Map.of("credentials_enable_service", false, "profile.password_manager_enabled", false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    try {
      return new HeadlessChromium(name, new ChromeDriver(service, options), profile);
    } catch (RuntimeException ex) {
      delete(profile);
      throw ex;
    }
  }

  void open(URI uri) {
    driver.get(uri.toString());
  }

  /** Waits up to 10 s; on timeout the message says what the page showed instead. */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.withMessage(this::describePage);
    return wait;
  }

  /** The current location as a URI, so tests can compare path and query exactly. */
  URI location() {
    return URI.create(driver.getCurrentUrl());
  }

  /** Saves what the page shows now as {@code <SCREENSHOTS>/<file>.png} and returns the path. */
  Path screenshot(String file) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(file + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          target,
          StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      delete(profile);
    }
  }

  private String describePage() {
    try {
      String text = driver.findElement(By.tagName("body")).getText().strip();
      return "the page at "
          + driver.getCurrentUrl()
          + " shows: "
          + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
    } catch (WebDriverException ex) {
      return "the page at " + driver.getCurrentUrl() + " could not be read";
    }
  }

  private static void requireExecutable(Path binary, String debianPackage) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "browser tests need "
              + binary
              + " (Debian package "
              + debianPackage
              + "): apt-get install -y chromium chromium-driver — .ci/run installs both");
    }
  }

  private static Path createProfileDirectory(String name) {
    try {
      return Files.createTempDirectory("gatehouse-chromium-" + name + "-");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ex) {
      // a temp directory left behind is harmless
    }
  }
}
