package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Sign-in through an OpenID provider as a person does it, in headless Chromium in front of the
 * three real services: the requested page sends the browser to the sign-in page, its provider
 * button to the provider's own login page ({@link OpenIdProvider}, interactive), and the provider
 * back through the gateway to auth-service, which creates the Gatehouse session and returns the
 * browser to the page it asked for; the backend then sees the user in the gateway's token. The
 * browser holds the Gatehouse cookie only, never a provider token.
 */
class OidcBrowserE2ETests {

  private static GatehouseStack stack;

  @RegisterExtension final Browsers browsers = new Browsers();

  @BeforeAll
  static void start() {
    stack = GatehouseStack.sharedForBrowsers();
  }

  @Test
  void loginWhenThroughTheProviderThenBackOnTheRequestedPageAndTheBackendSeesTheUser() {
    String username = "carol-" + UUID.randomUUID().toString().substring(0, 8);
    HeadlessChromium carol = browsers.open("carol");

    carol.open(stack.gateway("/index.html"));

    WebElement button =
        carol
            .waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.id("provider-" + OpenIdProvider.REGISTRATION)));
    assertThat(button.getText()).isEqualTo("Sign in with " + OpenIdProvider.CLIENT_NAME);
    browsers.screenshot(carol, "sign-in-page");
    button.click();

    // The provider's own page, on its own origin.
    WebElement subject =
        carol.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    assertThat(carol.location().toString()).startsWith(OpenIdProvider.shared().issuer());
    subject.sendKeys("corp-" + username);
    carol
        .driver
        .findElement(By.name("claims"))
        .sendKeys(
            "{\"preferred_username\": \""
                + username
                + "\", \"name\": \"Carol\", \"groups\": [\"corp-staff\"], \"amr\": [\"pwd\"]}");
    browsers.screenshot(carol, "provider-login");
    carol.driver.findElement(By.cssSelector("input[type=submit]")).click();

    carol
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("greeting"), "Hello, " + username + "!"));
    assertThat(carol.location().getPath()).isEqualTo("/index.html");
    assertThat(carol.location().getPort()).isEqualTo(stack.gatewayPort);
    browsers.screenshot(carol, "greeted");
    @SuppressWarnings("unchecked")
    Map<String, Object> me =
        (Map<String, Object>)
            carol.driver.executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                fetch('/api/me').then(response => response.json()).then(done);
                """);
    assertThat(me).containsEntry("username", username);
    assertThat((List<Object>) me.get("roles")).containsExactly("user");
    // The gateway origin holds the Gatehouse session cookie, nothing from the provider.
    assertThat(carol.driver.manage().getCookies())
        .extracting(Cookie::getName)
        .contains("GATEHOUSE_SESSION")
        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("token"));
  }
}
