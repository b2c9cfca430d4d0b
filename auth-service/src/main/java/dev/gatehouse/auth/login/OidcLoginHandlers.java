package dev.gatehouse.auth.login;

import dev.gatehouse.auth.binding.SessionBindingOffer;
import dev.gatehouse.auth.login.LoginService.LoginResult;
import dev.gatehouse.auth.mfa.MfaPages;
import dev.gatehouse.auth.oidc.OidcAccounts;
import dev.gatehouse.auth.oidc.OidcAccounts.Resolution;
import dev.gatehouse.auth.oidc.OidcPendingLogins.ProviderLogin;
import dev.gatehouse.auth.oidc.OidcRequests;
import dev.gatehouse.auth.oidc.ProviderAssurance;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.auth.system.SeeOther;
import dev.gatehouse.auth.user.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;

/**
 * What follows the provider's answer. Success (Spring Security validated the ID token): find or
 * create the account ({@link OidcAccounts}), then log in through {@link LoginService} like a
 * password login (the same session, cookie, replaced-session revocation, audit and metrics) and 303
 * to the page the login began from, checked by {@link SafeRedirect}; or Gatehouse's own second step
 * when one is due. Anything refused renders the sign-in page with a clear message and a 4xx (503
 * when the provider could not be reached), and no session exists.
 */
@Component
final class OidcLoginHandlers
    implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

  static final String NO_ACCOUNT =
      "There is no Gatehouse account for you yet. Ask an administrator to create one.";
  static final String REFUSED = "This account is disabled.";
  static final String USERNAME_TAKEN =
      "An account with your username exists already and is not linked to your identity provider."
          + " Ask an administrator.";
  static final String NO_USERNAME = "Your identity provider did not send a usable username.";
  static final String NOT_OIDC = "This identity provider is not set up for OpenID Connect.";
  static final String FAILED = "Sign-in with your identity provider failed. Try again.";
  static final String UNREACHABLE =
      "Your identity provider cannot be reached right now. Try again later;"
          + " if you are signed in already, nothing changed.";
  static final String CANCELLED = "Sign-in was cancelled or refused by your identity provider.";

  private static final Logger log = LoggerFactory.getLogger(OidcLoginHandlers.class);

  private final OidcAccounts accounts;
  private final ProviderAssurance assurance;
  private final LoginService logins;
  private final LoginMetrics metrics;
  private final SessionCookies cookies;
  private final PresentedSession presented;
  private final LoginProviders providers;
  private final LoginProperties properties;
  private final ViewResolver views;
  private final SessionBindingOffer bindingOffer;

  OidcLoginHandlers(
      OidcAccounts accounts,
      ProviderAssurance assurance,
      LoginService logins,
      LoginMetrics metrics,
      SessionCookies cookies,
      PresentedSession presented,
      LoginProviders providers,
      LoginProperties properties,
      @Qualifier("thymeleafViewResolver") ViewResolver views,
      SessionBindingOffer bindingOffer) {
    Assert.notNull(bindingOffer, "bindingOffer cannot be null");
    this.bindingOffer = bindingOffer;
    Assert.notNull(accounts, "accounts cannot be null");
    Assert.notNull(assurance, "assurance cannot be null");
    Assert.notNull(logins, "logins cannot be null");
    Assert.notNull(metrics, "metrics cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    Assert.notNull(presented, "presented cannot be null");
    Assert.notNull(providers, "providers cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(views, "views cannot be null");
    this.accounts = accounts;
    this.assurance = assurance;
    this.logins = logins;
    this.metrics = metrics;
    this.cookies = cookies;
    this.presented = presented;
    this.providers = providers;
    this.properties = properties;
    this.views = views;
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    noStore(response);
    String target =
        SafeRedirect.sanitize((String) request.getAttribute(OidcRequests.NEXT_ATTRIBUTE));
    if (!(authentication instanceof OAuth2AuthenticationToken token)
        || !(token.getPrincipal() instanceof OidcUser user)) {
      // A registration without the openid scope: plain OAuth 2.0 proves no identity.
      metrics.countProvider("oidc_failed");
      render(loginPage(HttpStatus.BAD_REQUEST, target, NOT_OIDC), request, response);
      return;
    }
    Resolution resolution = accounts.resolve(token.getAuthorizedClientRegistrationId(), user);
    if (!(resolution instanceof Resolution.Linked linked)) {
      refuse(resolution, target, request, response);
      return;
    }
    ProviderLogin login = assurance.login(user.getIdToken());
    LoginResult result =
        logins.federatedLogin(
            new AuthenticatedUser(linked.account().id(), linked.account().username()),
            login,
            assurance.multiFactor(login),
            presented(request));
    if (result instanceof LoginResult.Success success) {
      AccessLog.identify(request, success.session().sid(), success.user().id().toString());
      response.addHeader(HttpHeaders.SET_COOKIE, cookies.issue(success.session().token()));
      bindingOffer
          .registrationHeader(success.session().sid())
          .ifPresent(value -> response.addHeader(SessionBindingOffer.headerName(), value));
      render(new ModelAndView(new SeeOther(target)), request, response);
    } else if (result instanceof LoginResult.SecondFactor second) {
      render(MfaPages.code(HttpStatus.OK, second.challenge(), target, null), request, response);
    } else if (result instanceof LoginResult.Enroll enroll) {
      render(MfaPages.enroll(HttpStatus.OK, enroll.pending(), target, null), request, response);
    } else {
      render(loginPage(HttpStatus.UNAUTHORIZED, target, FAILED), request, response);
    }
  }

  private void refuse(
      Resolution resolution,
      String target,
      HttpServletRequest request,
      HttpServletResponse response) {
    String outcome = "oidc_refused";
    HttpStatus status = HttpStatus.FORBIDDEN;
    String message;
    if (resolution instanceof Resolution.NoAccount) {
      outcome = "oidc_no_account";
      message = NO_ACCOUNT;
    } else if (resolution instanceof Resolution.UsernameTaken) {
      status = HttpStatus.CONFLICT;
      message = USERNAME_TAKEN;
    } else if (resolution instanceof Resolution.NoUsername) {
      message = NO_USERNAME;
    } else {
      message = REFUSED;
    }
    metrics.countProvider(outcome);
    render(loginPage(status, target, message), request, response);
  }

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) {
    noStore(response);
    String error =
        (exception instanceof OAuth2AuthenticationException oauth)
            ? oauth.getError().getErrorCode()
            : "authentication_failed";
    // The error code and the exception class only: descriptions may quote provider answers.
    log.info("OIDC login failed: {} ({})", error, exception.getClass().getSimpleName());
    metrics.countProvider("oidc_failed");
    HttpStatus status = HttpStatus.UNAUTHORIZED;
    String message = FAILED;
    if (unreachable(exception)) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      message = UNREACHABLE;
    } else if ("access_denied".equals(error) || "login_required".equals(error)) {
      status = HttpStatus.FORBIDDEN;
      message = CANCELLED;
    } else if ("authorization_request_not_found".equals(error)) {
      status = HttpStatus.BAD_REQUEST;
    }
    String target =
        SafeRedirect.sanitize((String) request.getAttribute(OidcRequests.NEXT_ATTRIBUTE));
    render(loginPage(status, target, message), request, response);
  }

  /** The token endpoint, the JWKS or the UserInfo endpoint did not answer (connection, timeout). */
  private static boolean unreachable(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException
          || cause instanceof org.springframework.web.client.ResourceAccessException
          || cause.getClass().getSimpleName().equals("RemoteKeySourceException")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    String message = String.valueOf(exception.getMessage());
    return message.contains("I/O error") || message.contains("Couldn't retrieve remote JWK set");
  }

  private ModelAndView loginPage(HttpStatus status, String target, String message) {
    return LoginController.page(
        status, target, null, message, providers.all(), properties.passwordEnabled());
  }

  private LoginService.Presented presented(HttpServletRequest request) {
    return new LoginService.Presented(
        cookies.read(request),
        () -> presented.sid(request),
        request.getRemoteAddr(),
        request.getHeader(HttpHeaders.USER_AGENT));
  }

  private void render(ModelAndView page, HttpServletRequest request, HttpServletResponse response) {
    try {
      View view = page.getView();
      if (view == null) {
        view = views.resolveViewName(page.getViewName(), request.getLocale());
      }
      Assert.state(view != null, "No view " + page.getViewName());
      if (page.getStatus() != null) {
        response.setStatus(page.getStatus().value());
      }
      Map<String, Object> model = page.getModel();
      view.render(model, request, response);
    } catch (Exception ex) {
      throw new IllegalStateException("Could not render the sign-in answer", ex);
    }
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
  }
}
