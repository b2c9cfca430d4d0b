package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.totp.TestTotp;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * TOTP in a real browser (headless Chromium) in front of the three real services: the login's
 * second step, and an admin whose session has a password only meeting the step-up of {@code /admin}
 * (route metadata {@code gatehouse.mfa: required}), which leads through enrollment (the test reads
 * the key from the page and computes the code, as an authenticator app would) and back to {@code
 * /admin}.
 *
 * <p>The step-up test needs an admin without MFA, which the shipped policy ({@code
 * gatehouse.mfa.required-roles: admin}) never lets log in: it runs on a second stack where no role
 * requires MFA ({@link GatehouseStack#mfaOptional()}).
 */
class MfaBrowserE2ETests {

  private final JsonMapper json = JsonMapper.builder().build();

  @RegisterExtension final Browsers browsers = new Browsers();

  @BeforeAll
  static void start() {
    HeadlessChromium.requireInstalled();
  }

  @Test
  void adminLoginWhenPasswordRightThenCodePageThenAdminPage() throws Exception {
    GatehouseStack stack = GatehouseStack.shared();
    HeadlessChromium admin = browsers.open("admin");
    admin.open(stack.gateway("/admin"));

    submitLogin(admin, "admin", stack.adminPassword);
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
    WebElement code = admin.driver.findElement(By.id("code"));
    assertThat(code.getDomAttribute("autocomplete")).isEqualTo("one-time-code");
    assertThat(admin.driver.findElement(By.cssSelector("label[for=code]")).getText())
        .isEqualTo("One-time code");
    assertThat(admin.driver.manage().getCookieNamed("GATEHOUSE_SESSION"))
        .as("no session before the code")
        .isNull();
    browsers.screenshot(admin, "code-page", "mfa-code");

    code.sendKeys(stack.adminTotp.nextCode());
    admin.driver.findElement(By.cssSelector("form[action='/login/mfa'] button")).click();

    admin.waiting().until(ExpectedConditions.urlContains("/admin"));
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
    assertThat(admin.location().getPath()).isEqualTo("/admin");
  }

  @Test
  void adminPageWhenPasswordOnlySessionThenStepUpThroughEnrollmentAndBack() throws Exception {
    GatehouseStack stack = GatehouseStack.mfaOptional();
    resetDemoAdminMfa(stack);
    HeadlessChromium admin = browsers.open("admin");
    admin.open(stack.gateway("/login?next=%2F"));
    submitLogin(admin, "admin", stack.adminPassword);
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));

    admin.open(stack.gateway("/admin"));

    // gateway: 302 to /account/step-up?next=/admin; auth-service: not enrolled, so enrollment
    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("totp-secret")));
    assertThat(admin.location().getPath()).isEqualTo("/account/mfa/enroll");
    assertThat(admin.driver.findElements(By.cssSelector("svg[role=img]"))).hasSize(1);
    WebElement code = admin.driver.findElement(By.id("code"));
    assertThat(code.getDomAttribute("inputmode")).isEqualTo("numeric");
    assertThat(code.getDomAttribute("autocomplete")).isEqualTo("one-time-code");
    browsers.screenshot(admin, "enrollment", "mfa-enroll");
    String secret = admin.driver.findElement(By.id("totp-secret")).getText();

    code.sendKeys(new TestTotp(secret).nextCode());
    admin
        .driver
        .findElement(By.cssSelector("form[action='/account/ui/mfa/enroll'] button"))
        .click();

    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
    List<WebElement> codes = admin.driver.findElements(By.cssSelector("#recovery-codes li"));
    assertThat(codes).hasSize(10);
    browsers.screenshot(admin, "recovery-codes", "mfa-recovery-codes");
    admin.driver.findElement(By.id("continue")).click();

    admin.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
    assertThat(admin.location().getPath()).isEqualTo("/admin");
  }

  /**
   * The demo admin of the second stack is seeded with a TOTP secret; removing it (through the
   * operator API, with a session that has the code) leaves an admin who signs in with a password.
   */
  private void resetDemoAdminMfa(GatehouseStack stack) throws Exception {
    GatewayHttp gateway = new GatewayHttp(stack);
    HttpResponse<String> login =
        gateway.send(gateway.jsonLogin("admin", stack.adminPassword, stack.adminTotp.nextCode()));
    assertThat(login.statusCode()).as("admin login with a code").isEqualTo(200);
    String setCookie = GatewayHttp.sessionSetCookie(login).orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> reset =
        gateway.send(
            gateway
                .request("/admin/users/admin/mfa/reset")
                .header("Cookie", cookie)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    JsonNode body = json.readTree(reset.body());
    assertThat(body.get("wasEnrolled").asBoolean()).isTrue();
  }

  private static void submitLogin(HeadlessChromium browser, String username, String password) {
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    browser.driver.findElement(By.id("username")).sendKeys(username);
    browser.driver.findElement(By.id("password")).sendKeys(password);
    browser.driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
  }
}
