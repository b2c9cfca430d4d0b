package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The browsers of one test: opened on demand, photographed when the test fails (before they are
 * closed, which a {@code TestWatcher} would be too late for), and closed after each test.
 * Screenshots are named {@code <test method>-<step or "failure">-<browser>.png}; with {@code
 * -Dgatehouse.docs.screenshots=true} the ones meant for the README are also copied to {@code
 * docs/}.
 */
final class Browsers
    implements BeforeEachCallback, TestExecutionExceptionHandler, AfterEachCallback {

  private static final boolean DOCS = Boolean.getBoolean("gatehouse.docs.screenshots");
  private static final Path DOCS_DIR =
      Path.of(System.getProperty("gatehouse.e2e.docs-dir", "../docs"));

  private final List<HeadlessChromium> open = new ArrayList<>();
  private @Nullable String test;

  /** Starts a new browser with its own empty profile; {@code name} labels its screenshots. */
  HeadlessChromium open(String name) {
    return open(name, List.of());
  }

  /** A new browser started with extra Chromium switches ({@link HeadlessChromium#start}). */
  HeadlessChromium open(String name, List<String> extraArguments) {
    HeadlessChromium browser = HeadlessChromium.start(name, extraArguments);
    open.add(browser);
    return browser;
  }

  /** Saves the current page of {@code browser} as a key-step screenshot of the running test. */
  Path screenshot(HeadlessChromium browser, String step) {
    return browser.screenshot(test + "-" + step + "-" + browser.name);
  }

  /** A key-step screenshot that also illustrates the README as {@code docs/<doc>.png}. */
  void screenshot(HeadlessChromium browser, String step, String doc) {
    Path screenshot = screenshot(browser, step);
    if (DOCS) {
      try {
        Files.createDirectories(DOCS_DIR);
        Files.copy(screenshot, DOCS_DIR.resolve(doc + ".png"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    test = context.getRequiredTestMethod().getName();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    for (HeadlessChromium browser : open) {
      try {
        screenshot(browser, "failure");
      } catch (RuntimeException ex) {
        failure.addSuppressed(ex);
      }
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    @Nullable RuntimeException first = null;
    for (HeadlessChromium browser : open) {
      try {
        browser.close();
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        } else {
          first.addSuppressed(ex);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
