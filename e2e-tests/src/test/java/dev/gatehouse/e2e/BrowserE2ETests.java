package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.totp.TestTotp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What a person sees in a real browser (headless Debian Chromium) in front of the three real
 * services: the redirect to the login form and back, the greeting, the session cookie's flags as
 * the browser stored them, notes that survive a reload, a logout that the Back button cannot undo,
 * and an operator ending a user's sessions from the admin page in a second browser.
 */
class BrowserE2ETests {

  private static final String SESSION_COOKIE = "GATEHOUSE_SESSION";
  private static GatehouseStack stack;

  @RegisterExtension final Browsers browsers = new Browsers();

  @BeforeAll
  static void start() {
    stack = GatehouseStack.sharedForBrowsers();
  }

  @Test
  void pageWhenAnonymousThenLoginFormWithNextThenGreetedByName() {
    HeadlessChromium alice = browsers.open("alice");

    alice.open(stack.gateway("/"));

    assertOnLoginPageWithNext(alice, "%2F");
    assertThat(alice.driver.switchTo().activeElement().getDomProperty("id"))
        .as("the username field has focus (autofocus)")
        .isEqualTo("username");
    assertThat(alice.driver.findElement(By.cssSelector("label[for=username]")).getText())
        .isEqualTo("Username");
    assertThat(alice.driver.findElement(By.cssSelector("label[for=password]")).getText())
        .isEqualTo("Password");
    browsers.screenshot(alice, "login-form", "login");

    submitLogin(alice, "alice", stack.alicePassword);

    awaitGreeting(alice, "alice");
    assertThat(alice.location().getPath()).isEqualTo("/");
    browsers.screenshot(alice, "greeted");
  }

  @Test
  void loginWhenPasswordWrongOrUserUnknownThenSameMessageAndUsernameKept() {
    HeadlessChromium browser = browsers.open("visitor");
    browser.open(stack.gateway("/login?next=%2F"));

    submitLogin(browser, "alice", "not-her-password");
    String wrongPassword = loginError(browser);
    assertThat(browser.driver.findElement(By.id("username")).getDomProperty("value"))
        .isEqualTo("alice");
    assertThat(browser.driver.findElement(By.id("password")).getDomProperty("value")).isEmpty();
    assertThat(browser.driver.findElement(By.id("username")).getDomAttribute("aria-invalid"))
        .isEqualTo("true");
    browsers.screenshot(browser, "wrong-password");

    browser.driver.findElement(By.id("username")).clear();
    submitLogin(browser, "nobody-" + UUID.randomUUID(), "whatever");
    String unknownUser = loginError(browser);

    assertThat(wrongPassword).isEqualTo("Invalid username or password.").isEqualTo(unknownUser);
    assertThat(browser.driver.manage().getCookieNamed(SESSION_COOKIE)).isNull();
  }

  @Test
  void sessionCookieWhenLoggedInThenHttpOnlyAndSameSiteLax() {
    HeadlessChromium alice = signedIn("alice", stack.alicePassword);

    Cookie session = alice.driver.manage().getCookieNamed(SESSION_COOKIE);
    assertThat(session).as("the browser stored the session cookie").isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.getPath()).isEqualTo("/");
    assertThat((String) alice.driver.executeScript("return document.cookie"))
        .as("scripts on the page cannot read the session cookie")
        .doesNotContain(SESSION_COOKIE)
        .doesNotContain(session.getValue());
  }

  @Test
  void noteWhenAddedThenListedAndStillThereAfterReload() {
    HeadlessChromium alice = signedIn("alice", stack.alicePassword);
    String text = "Water the plants " + UUID.randomUUID().toString().substring(0, 8);

    WebElement input = alice.driver.findElement(By.id("note-text"));
    input.sendKeys(text);
    alice.driver.findElement(By.cssSelector("#note-form button[type=submit]")).click();

    alice.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notes"), text));
    assertThat(input.getDomProperty("value")).as("the field is cleared after adding").isEmpty();

    alice.driver.navigate().refresh();

    awaitGreeting(alice, "alice");
    alice.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notes"), text));
    assertThat(alice.driver.findElement(By.id("no-notes")).isDisplayed()).isFalse();
    browsers.screenshot(alice, "note-after-reload", "greeting");
  }

  @Test
  void logoutThenLoginPageAndBackDoesNotShowTheSignedInPage() throws Exception {
    HeadlessChromium alice = signedIn("alice", stack.alicePassword);
    assertThat(cacheControlOfPageFor(alice.driver.manage().getCookieNamed(SESSION_COOKIE)))
        .as("the signed-in page is never stored, so Back has to ask the gateway again")
        .contains("no-store");

    alice.driver.findElement(By.cssSelector("form[action='/logout'] button")).click();

    alice.waiting().until(ExpectedConditions.urlContains("/login"));
    assertThat(alice.location().getPath()).isEqualTo("/login");
    assertThat(alice.driver.manage().getCookieNamed(SESSION_COOKIE)).isNull();
    browsers.screenshot(alice, "logged-out");

    alice.driver.navigate().back();

    assertOnLoginPageWithNext(alice, "%2F");
    assertThat(alice.driver.findElements(By.id("greeting"))).isEmpty();
    assertThat(alice.driver.getPageSource()).doesNotContain("Hello, alice");
    browsers.screenshot(alice, "after-back");
  }

  @Test
  void operatorWhenEndsAliceSessionsOnAdminPageThenHerNextNavigationLandsOnLogin() {
    HeadlessChromium alice = signedIn("alice", stack.alicePassword);
    String aliceSid = currentSid(alice);
    HeadlessChromium admin = signedIn("admin", stack.adminPassword);

    admin.open(stack.gateway("/admin"));
    admin.driver.findElement(By.id("user")).sendKeys("alice");
    admin.driver.findElement(By.cssSelector("form[role=search] button[type=submit]")).click();

    admin
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("account-heading"), "alice"));
    assertThat(
            admin
                .driver
                .findElement(By.cssSelector("section[aria-labelledby=account-heading]"))
                .getText())
        .as("alice's session is listed")
        .contains(aliceSid);
    browsers.screenshot(admin, "alice-sessions", "admin");

    admin.driver.findElement(By.linkText("Log out everywhere")).click();
    admin
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("confirm-heading"), "Log alice out everywhere?"));
    alice.open(stack.gateway("/"));
    awaitGreeting(alice, "alice");
    browsers.screenshot(admin, "confirm");
    admin
        .driver
        .findElement(By.cssSelector("form[aria-labelledby=confirm-heading] button[type=submit]"))
        .click();

    admin
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[role=status]"), "Logged alice out everywhere"));
    assertThat(admin.driver.findElement(By.cssSelector("[role=status]")).getText())
        .as("the confirmation page ended nothing; its form ended all of alice's sessions")
        .matches("Logged alice out everywhere: [1-9][0-9]* sessions? ended\\.");
    assertThat(
            admin
                .driver
                .findElement(By.cssSelector("section[aria-labelledby=account-heading]"))
                .getText())
        .contains("No active sessions.")
        .doesNotContain(aliceSid);
    browsers.screenshot(admin, "ended");

    // Revocation reaches the gateway through its feed (polled every second) or pub/sub.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              alice.open(stack.gateway("/"));
              assertThat(alice.location().getPath()).isEqualTo("/login");
            });
    assertOnLoginPageWithNext(alice, "%2F");
    browsers.screenshot(alice, "after-force-logout");
  }

  @Test
  void pagesWhenLoadedThenTheirStylesheetsApply() {
    HeadlessChromium alice = browsers.open("alice");
    alice.open(stack.gateway("/login"));
    assertThat(brokenStylesheets(alice))
        .as(
            "stylesheets of the login page that did not load through the gateway (/login/assets/** is auth-service's)")
        .isEmpty();

    submitLogin(alice, "alice", stack.alicePassword);
    awaitGreeting(alice, "alice");
    assertThat(brokenStylesheets(alice))
        .as("stylesheets of the demo page that did not load through the gateway")
        .isEmpty();
  }

  private HeadlessChromium signedIn(String username, String password) {
    HeadlessChromium browser = browsers.open(username);
    browser.open(stack.gateway("/"));
    assertOnLoginPageWithNext(browser, "%2F");
    submitLogin(browser, username, password);
    if ("admin".equals(username)) {
      // The demo admin's role requires MFA: the second step asks for the authenticator's code.
      submitCode(browser, stack.adminTotp);
    }
    awaitGreeting(browser, username);
    return browser;
  }

  private static void submitCode(HeadlessChromium browser, TestTotp totp) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
    try {
      browser.driver.findElement(By.id("code")).sendKeys(totp.nextCode());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
    browser
        .driver
        .findElement(By.cssSelector("form[action='/login/mfa'] button[type=submit]"))
        .click();
  }

  /** The session id of the browser's session, as the backend sees it in the gateway's token. */
  private static String currentSid(HeadlessChromium browser) {
    return (String)
        browser.driver.executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            fetch('/api/me').then(response => response.json()).then(me => done(me.sid));
            """);
  }

  private static void submitLogin(HeadlessChromium browser, String username, String password) {
    browser.driver.findElement(By.id("username")).sendKeys(username);
    browser.driver.findElement(By.id("password")).sendKeys(password);
    browser.driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
  }

  private static void awaitGreeting(HeadlessChromium browser, String username) {
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("greeting"), "Hello, " + username + "!"));
  }

  private static String loginError(HeadlessChromium browser) {
    return browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")))
        .getText();
  }

  private static void assertOnLoginPageWithNext(HeadlessChromium browser, String next) {
    browser.waiting().until(ExpectedConditions.urlContains("/login?next="));
    URI location = browser.location();
    assertThat(location.getPath()).isEqualTo("/login");
    assertThat(location.getRawQuery()).isEqualTo("next=" + next);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
  }

  /** The {@code href} of every stylesheet link whose sheet has no rules (not found, wrong type). */
  @SuppressWarnings("unchecked")
  private static List<String> brokenStylesheets(HeadlessChromium browser) {
    return (List<String>)
        browser.driver.executeScript(
            """
        return [...document.querySelectorAll('link[rel=stylesheet]')]
            .filter(link => {
              try {
                return !link.sheet || link.sheet.cssRules.length === 0;
              } catch (notLoaded) {
                return true;
              }
            })
            .map(link => link.href);
        """);
  }

  /** {@code Cache-Control} of the demo page as the gateway serves it to this session. */
  private static String cacheControlOfPageFor(Cookie session) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<Void> page =
        http.send(
            HttpRequest.newBuilder(stack.gateway("/"))
                .header("Accept", "text/html")
                .header("Cookie", SESSION_COOKIE + "=" + session.getValue())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(page.statusCode()).isEqualTo(200);
    return String.join(", ", page.headers().allValues("Cache-Control"));
  }
}
