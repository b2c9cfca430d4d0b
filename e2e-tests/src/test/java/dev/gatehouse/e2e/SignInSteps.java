package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.totp.TestTotp;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The steps of the sign-in pages as a user goes through them: password, code, enrollment. */
final class SignInSteps {

  private SignInSteps() {}

  /** Fills in and submits the password form (the browser is on the login page or going there). */
  static void password(HeadlessChromium browser, String username, String password) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    browser.driver.findElement(By.id("username")).sendKeys(username);
    browser.driver.findElement(By.id("password")).sendKeys(password);
    browser.driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
  }

  /** The second step of an enrolled user: a fresh code from the authenticator. */
  static void code(HeadlessChromium browser, TestTotp authenticator) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
    browser.driver.findElement(By.id("code")).sendKeys(nextCode(authenticator));
    browser.driver.findElement(By.xpath("//input[@id='code']/ancestor::form//button")).click();
  }

  /**
   * Enrollment at sign-in (a role that requires MFA, none set up): reads the setup key from the
   * page as an authenticator app would, confirms it with a first code and leaves the recovery-codes
   * page. Returns the authenticator.
   */
  static TestTotp enroll(HeadlessChromium browser) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("totp-secret")));
    TestTotp authenticator =
        new TestTotp(browser.driver.findElement(By.id("totp-secret")).getText());
    code(browser, authenticator);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
    browser.driver.findElement(By.id("continue")).click();
    return authenticator;
  }

  private static String nextCode(TestTotp authenticator) {
    try {
      return authenticator.nextCode();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
