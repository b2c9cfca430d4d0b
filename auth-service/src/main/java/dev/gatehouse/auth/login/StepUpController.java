package dev.gatehouse.auth.login;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.binding.SessionBindingOffer;
import dev.gatehouse.auth.mfa.MfaPages;
import dev.gatehouse.auth.mfa.MfaService;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.NewSession;
import dev.gatehouse.auth.session.ProviderOrigin;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Confirmation;
import dev.gatehouse.auth.system.Pages;
import dev.gatehouse.auth.system.SeeOther;
import dev.gatehouse.protocol.Assurance;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The second factor of a logged-in user, in the account area (the gateway's {@code account} route,
 * so the caller is the verified gateway JWT and every form carries a CSRF token):
 *
 * <ul>
 *   <li>{@code /account/step-up?next=}: where the gateway sends a password-only session that
 *       reached a route with {@code gatehouse.mfa: required} (RFC 9470). A right code replaces the
 *       session with a new one whose {@code amr} is {@code ["pwd","otp"]} (the old one is revoked
 *       with reason {@code replaced}, as at re-login) and goes back to {@code next}; a user without
 *       an authenticator is led through enrollment first;
 *   <li>{@code /account/mfa/enroll}: set up an authenticator (QR code and key), confirmed by a
 *       first code, which also steps the session up; the recovery codes are shown once;
 *   <li>{@code /account/ui/mfa/recovery-codes}: replace the recovery codes, after a confirmation.
 * </ul>
 *
 * <p>An enrolled user replaces the authenticator or the recovery codes only from a session that
 * passed the current one ({@code otp} in {@code amr}); others are sent to step-up first.
 */
@Controller
final class StepUpController {

  private static final String HOME = "/account";
  private static final String STEP_UP_ACTION = "/account/ui/step-up";
  private static final String ENROLL_ACTION = "/account/ui/mfa/enroll";

  private final MfaService mfa;
  private final SessionService sessions;
  private final RevocationService revocations;
  private final SessionCookies cookies;
  private final SessionBindingOffer bindingOffer;

  StepUpController(
      MfaService mfa,
      SessionService sessions,
      RevocationService revocations,
      SessionCookies cookies,
      SessionBindingOffer bindingOffer) {
    Assert.notNull(bindingOffer, "bindingOffer cannot be null");
    this.bindingOffer = bindingOffer;
    Assert.notNull(mfa, "mfa cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    this.mfa = mfa;
    this.sessions = sessions;
    this.revocations = revocations;
    this.cookies = cookies;
  }

  @GetMapping("/account/step-up")
  ModelAndView stepUpForm(
      @RequestParam(required = false) @Nullable String next,
      Caller caller,
      CsrfToken csrf,
      HttpServletResponse response) {
    noStore(response);
    String target = SafeRedirect.sanitize(next);
    if (mfa.requirement(caller.userId()) != MfaService.Requirement.CODE) {
      return new ModelAndView(SeeOther.to("/account/mfa/enroll", Map.of("next", target)));
    }
    csrf.getToken();
    return codePage(HttpStatus.OK, caller, target, null);
  }

  @PostMapping("/account/ui/step-up")
  ModelAndView stepUp(
      @RequestParam(required = false) @Nullable String code,
      @RequestParam(required = false) @Nullable String next,
      Caller caller,
      HttpServletRequest request,
      HttpServletResponse response) {
    noStore(response);
    String target = SafeRedirect.sanitize(next);
    if (!StringUtils.hasText(code) || code.length() > 32) {
      return codePage(HttpStatus.BAD_REQUEST, caller, target, LoginController.MISSING_CODE);
    }
    MfaService.Check check = mfa.verify(caller.userId(), code, request.getRemoteAddr());
    if (check instanceof MfaService.Check.Throttled throttled) {
      long seconds = throttled.retryAfter().toSeconds();
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      return codePage(
          HttpStatus.TOO_MANY_REQUESTS, caller, target, LoginController.tooManyAttempts(seconds));
    }
    if (!(check instanceof MfaService.Check.Passed)) {
      return codePage(HttpStatus.UNAUTHORIZED, caller, target, LoginController.WRONG_CODE);
    }
    replaceSession(caller, request, response);
    return new ModelAndView(new SeeOther(target));
  }

  @GetMapping("/account/mfa/enroll")
  ModelAndView enrollForm(
      @RequestParam(required = false) @Nullable String next,
      Caller caller,
      @AuthenticationPrincipal @Nullable Jwt jwt,
      CsrfToken csrf,
      HttpServletResponse response) {
    noStore(response);
    csrf.getToken();
    String target = SafeRedirect.sanitize(next == null ? HOME : next);
    if (needsStepUpFirst(caller, jwt)) {
      return stepUpFirst("/account/mfa/enroll");
    }
    MfaService.PendingEnrollment pending =
        mfa.startEnrollment(caller.userId(), caller.username(), false);
    return enrollPage(HttpStatus.OK, caller, pending, target, null);
  }

  @PostMapping("/account/ui/mfa/enroll")
  ModelAndView enroll(
      @RequestParam(required = false) @Nullable String challenge,
      @RequestParam(required = false) @Nullable String code,
      @RequestParam(required = false) @Nullable String next,
      Caller caller,
      @AuthenticationPrincipal @Nullable Jwt jwt,
      HttpServletRequest request,
      HttpServletResponse response) {
    noStore(response);
    String target = SafeRedirect.sanitize(next == null ? HOME : next);
    if (needsStepUpFirst(caller, jwt)) {
      return stepUpFirst("/account/mfa/enroll");
    }
    if (!StringUtils.hasText(challenge) || challenge.length() > 64) {
      return new ModelAndView(SeeOther.to("/account/mfa/enroll", Map.of("next", target)));
    }
    MfaService.Check check =
        StringUtils.hasText(code) && code.length() <= 32
            ? mfa.confirmEnrollment(challenge, caller.userId(), code, request.getRemoteAddr())
            : new MfaService.Check.Rejected(false);
    if (check instanceof MfaService.Check.Passed passed) {
      replaceSession(caller, request, response);
      return MfaPages.recoveryCodes(passed.recoveryCodes(), target);
    }
    if (check instanceof MfaService.Check.Rejected rejected && rejected.challengeEnded()) {
      return new ModelAndView(SeeOther.to("/account/mfa/enroll", Map.of("next", target)));
    }
    String error =
        check instanceof MfaService.Check.Throttled throttled
            ? LoginController.tooManyAttempts(throttled.retryAfter().toSeconds())
            : LoginController.WRONG_CODE;
    HttpStatus status =
        check instanceof MfaService.Check.Throttled
            ? HttpStatus.TOO_MANY_REQUESTS
            : HttpStatus.UNAUTHORIZED;
    return mfa.pendingEnrollment(challenge)
        .map(pending -> enrollPage(status, caller, pending, target, error))
        .orElseGet(
            () -> new ModelAndView(SeeOther.to("/account/mfa/enroll", Map.of("next", target))));
  }

  @GetMapping("/account/ui/mfa/recovery-codes")
  ModelAndView confirmRecoveryCodes(
      Caller caller, @AuthenticationPrincipal @Nullable Jwt jwt, CsrfToken csrf, Model model) {
    if (needsStepUpFirst(caller, jwt)) {
      return stepUpFirst(HOME);
    }
    return Pages.confirm(
        model,
        caller,
        csrf,
        new Confirmation(
            "Your account",
            HOME,
            "Replace your recovery codes?",
            List.of(
                new Confirmation.Detail(
                    "Recovery codes left",
                    Integer.toString(mfa.status(caller.userId()).recoveryCodesLeft()))),
            "Your current recovery codes stop working. The new ones are shown once.",
            "/account/ui/mfa/recovery-codes",
            "Replace recovery codes",
            false,
            HOME));
  }

  @PostMapping("/account/ui/mfa/recovery-codes")
  ModelAndView regenerateRecoveryCodes(
      Caller caller, @AuthenticationPrincipal @Nullable Jwt jwt, HttpServletResponse response) {
    noStore(response);
    if (needsStepUpFirst(caller, jwt)) {
      return stepUpFirst(HOME);
    }
    List<String> codes =
        mfa.regenerateRecoveryCodes(
            caller.userId(), new Actor(caller.userId().toString(), caller.username()));
    if (codes.isEmpty()) {
      return new ModelAndView(SeeOther.to("/account/mfa/enroll", Map.of("next", HOME)));
    }
    return MfaPages.recoveryCodes(codes, HOME);
  }

  /**
   * Replacing an authenticator or the recovery codes of an enrolled user needs the current factor:
   * a password-only session (one from before the enrollment, say, or a stolen one) steps up first.
   * The session's {@code amr} is the one the gateway copied into the JWT.
   */
  private boolean needsStepUpFirst(Caller caller, @Nullable Jwt jwt) {
    List<String> amr = (jwt != null) ? jwt.getClaimAsStringList("amr") : null;
    boolean hasOtp = amr != null && Assurance.isMultiFactor(amr);
    return !hasOtp && mfa.requirement(caller.userId()) == MfaService.Requirement.CODE;
  }

  private static ModelAndView stepUpFirst(String next) {
    return new ModelAndView(SeeOther.to("/account/step-up", Map.of("next", next)));
  }

  /** A new session with the second factor; the password-only one ends (no fixation). */
  private void replaceSession(
      Caller caller, HttpServletRequest request, HttpServletResponse response) {
    revocations.revokeSession(
        caller.sid(),
        new Actor(caller.userId().toString(), caller.username()),
        AuditAction.SESSION_REPLACED,
        RevocationService.REASON_REPLACED);
    // A session from a provider login keeps its provider session (back-channel logout finds the
    // new one) and the provider's methods, plus Gatehouse's code.
    Optional<ProviderOrigin> origin = sessions.providerOrigin(caller.sid());
    List<String> amr = Assurance.PASSWORD_AND_OTP;
    if (origin.isPresent()) {
      List<String> methods = new ArrayList<>(origin.get().amr());
      if (!methods.contains(Assurance.OTP)) {
        methods.add(Assurance.OTP);
      }
      amr = methods;
    }
    NewSession session =
        sessions.create(
            caller.userId(),
            request.getRemoteAddr(),
            request.getHeader(HttpHeaders.USER_AGENT),
            amr,
            origin.map(ProviderOrigin::idp).orElse(null));
    AccessLog.identify(request, session.sid(), caller.userId().toString());
    response.addHeader(HttpHeaders.SET_COOKIE, cookies.issue(session.token()));
    // The step-up's new session starts unbound: the browser registers its key again.
    bindingOffer
        .registrationHeader(session.sid())
        .ifPresent(value -> response.addHeader(SessionBindingOffer.headerName(), value));
  }

  private static ModelAndView codePage(
      HttpStatus status, Caller caller, String target, @Nullable String error) {
    ModelAndView page = MfaPages.page(status, "code", "Confirm it is you", target, error);
    page.addObject("action", STEP_UP_ACTION);
    page.addObject("cancel", HOME);
    page.addObject("signedInAs", caller.username());
    return page;
  }

  private static ModelAndView enrollPage(
      HttpStatus status,
      Caller caller,
      MfaService.PendingEnrollment pending,
      String target,
      @Nullable String error) {
    ModelAndView page = MfaPages.page(status, "enroll", "Set up two-factor sign-in", target, error);
    page.addObject("action", ENROLL_ACTION);
    page.addObject("challenge", pending.challenge());
    page.addObject("pending", pending);
    page.addObject("cancel", HOME);
    page.addObject("signedInAs", caller.username());
    return page;
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
  }
}
