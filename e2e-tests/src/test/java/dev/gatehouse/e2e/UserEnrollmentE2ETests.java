package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An account's life in real browsers (headless Chromium) in front of the three real services: an
 * operator creates a user on the operator page and gets an enrollment link; the new user opens it
 * in a second browser, sets a password and signs in with it.
 *
 * <p>Role {@code admin} requires TOTP (the default {@code gatehouse.mfa.required-roles}): the demo
 * admin enters a code computed from its seeded secret, and a new admin sets up an authenticator at
 * the first sign-in, reading the setup key from the page.
 */
class UserEnrollmentE2ETests {

  private static final String PASSWORD = "enrolled in a real browser";
  private static GatehouseStack stack;

  @RegisterExtension final Browsers browsers = new Browsers();

  @BeforeAll
  static void start() {
    stack = GatehouseStack.sharedForBrowsers();
  }

  @Test
  void adminCreatesUserWithEnrollmentLinkThenUserSetsPasswordInSecondBrowserAndSignsIn() {
    String username = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    HeadlessChromium admin = browsers.open("admin");
    admin.open(stack.gateway("/admin/ui/users"));
    SignInSteps.password(admin, "admin", stack.adminPassword);
    SignInSteps.code(admin, stack.adminTotp);
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("create-user")));

    admin.driver.findElement(By.id("username")).sendKeys(username);
    admin.driver.findElement(By.id("displayName")).sendKeys("Enrolled User");
    admin.driver.findElement(By.id("create-user")).click();
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("issued-link")));
    String link = admin.driver.findElement(By.id("issued-link")).getText();
    assertThat(admin.driver.findElement(By.id("users-notice")).getText())
        .contains("Created " + username);
    assertThat(link).startsWith(stack.gateway("/login/link?token=").toString());
    browsers.screenshot(admin, "created");

    HeadlessChromium user = browsers.open("user");
    user.open(java.net.URI.create(link));
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
    assertThat(user.driver.findElement(By.id("title")).getText()).isEqualTo("Set your password");
    user.driver.findElement(By.id("password")).sendKeys(PASSWORD);
    user.driver.findElement(By.id("confirm")).sendKeys(PASSWORD);
    user.driver.findElement(By.cssSelector("form[action='/login/link'] button")).click();
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("link-done")));
    browsers.screenshot(user, "password-set");

    user.driver.findElement(By.id("sign-in")).click();
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    SignInSteps.password(user, username, PASSWORD);
    user.open(stack.gateway("/"));
    user.waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("greeting"), "Hello, " + username + "!"));
    browsers.screenshot(user, "signed-in");

    user.open(java.net.URI.create(link));
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("link-error")));
    assertThat(user.driver.findElement(By.id("title")).getText())
        .as("the link works once")
        .isEqualTo("Link not valid");
  }

  @Test
  void adminRoleRemovedOnOperatorPageThenUsersNextAdminNavigationRefusedWhileStillSignedIn() {
    String username = "e2e-op-" + UUID.randomUUID().toString().substring(0, 8);
    HeadlessChromium admin = browsers.open("admin");
    admin.open(stack.gateway("/admin/ui/users"));
    SignInSteps.password(admin, "admin", stack.adminPassword);
    SignInSteps.code(admin, stack.adminTotp);
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("create-user")));
    admin.driver.findElement(By.id("username")).sendKeys(username);
    admin.driver.findElement(By.id("role-admin")).click();
    admin.driver.findElement(By.id("create-user")).click();
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("issued-link")));
    String link = admin.driver.findElement(By.id("issued-link")).getText();
    HeadlessChromium user = browsers.open("operator");
    user.open(java.net.URI.create(link));
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
    user.driver.findElement(By.id("password")).sendKeys(PASSWORD);
    user.driver.findElement(By.id("confirm")).sendKeys(PASSWORD);
    user.driver.findElement(By.cssSelector("form[action='/login/link'] button")).click();
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("link-done")));
    user.open(stack.gateway("/admin"));
    SignInSteps.password(user, username, PASSWORD);
    // Role admin requires MFA: the first sign-in sets up the authenticator.
    SignInSteps.enroll(user);
    user.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("manage-users")));

    admin.open(stack.gateway("/admin/ui/users/" + username + "/manage"));
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("role-admin")));
    admin.driver.findElement(By.id("role-admin")).click();
    admin.driver.findElement(By.id("change-roles")).click();
    admin
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("user-notice"), "Roles changed"));

    // The change reaches the gateway through its feed (polled every second) or pub/sub.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .pollInterval(java.time.Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              user.open(stack.gateway("/admin"));
              assertThat(user.driver.findElements(By.id("manage-users")))
                  .as("the operator page is refused")
                  .isEmpty();
            });
    user.open(stack.gateway("/"));
    user.waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("greeting"), "Hello, " + username + "!"));
    browsers.screenshot(user, "still-signed-in");
  }
}
