package dev.gatehouse.auth.binding;

import dev.gatehouse.auth.binding.BindingOutcome.Bound;
import dev.gatehouse.auth.binding.BindingOutcome.Challenged;
import dev.gatehouse.auth.binding.BindingOutcome.Ended;
import dev.gatehouse.auth.binding.BindingOutcome.Refused;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.protocol.SessionBinding;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DBSC endpoints (W3C WebAppSec DBSC draft §8.3 registration, §8.4 refresh), routed by the
 * gateway with {@code auth: optional} and {@code gatehouse.binding: off}: {@code POST
 * /session-binding/register} with {@code Secure-Session-Response} and the session cookie (or the
 * gateway's JWT), {@code POST /session-binding/refresh} with {@code Sec-Secure-Session-Id} and,
 * after a 403 challenge, {@code Secure-Session-Response}. The proof is the credential of a refresh;
 * a session cookie or gateway JWT that comes with it must name the same session. Answers are never
 * cached; refusals are RFC 9457 problems with a stable {@code error}. 404 while binding is off.
 */
@RestController
final class BindingController {

  private final BindingProperties properties;
  private final BindingService service;
  private final BindingCaller caller;
  private final BindingCookies cookies;
  private final BindingInstructions instructions;

  BindingController(
      BindingProperties properties,
      BindingService service,
      BindingCaller caller,
      BindingCookies cookies,
      BindingInstructions instructions) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(service, "service cannot be null");
    Assert.notNull(caller, "caller cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    Assert.notNull(instructions, "instructions cannot be null");
    this.properties = properties;
    this.service = service;
    this.caller = caller;
    this.cookies = cookies;
    this.instructions = instructions;
  }

  @PostMapping(SessionBinding.REGISTRATION_PATH)
  ResponseEntity<?> register(HttpServletRequest request) {
    if (!properties.enabled()) {
      return notFound();
    }
    return answer(
        service.register(
            caller.session(request), request.getHeader(SessionBinding.RESPONSE_HEADER)),
        request);
  }

  @PostMapping(SessionBinding.REFRESH_PATH)
  ResponseEntity<?> refresh(HttpServletRequest request) {
    if (!properties.enabled()) {
      return notFound();
    }
    return answer(
        service.refresh(
            request.getHeader(SessionBinding.SESSION_ID_HEADER),
            caller.session(request),
            request.getHeader(SessionBinding.RESPONSE_HEADER)),
        request);
  }

  private ResponseEntity<?> answer(BindingOutcome outcome, HttpServletRequest request) {
    if (outcome instanceof Bound bound) {
      AccessLog.identify(request, bound.sid(), null);
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.SET_COOKIE, cookies.issue(bound.credential()))
          .contentType(MediaType.APPLICATION_JSON)
          .body(instructions.of(bound.sid().toString(), request));
    }
    if (outcome instanceof Ended ended) {
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.SET_COOKIE, cookies.clear())
          .contentType(MediaType.APPLICATION_JSON)
          .body(BindingInstructions.end(ended.sessionIdentifier()));
    }
    if (outcome instanceof Challenged challenged) {
      AccessLog.identify(request, challenged.sid(), null);
      return problem(
          HttpStatus.FORBIDDEN.value(),
          "challenge_required",
          "sign the challenge in Secure-Session-Challenge",
          Optional.of(challengeHeader(challenged.challenge(), challenged.sid().toString())));
    }
    Refused refused = (Refused) outcome;
    AccessLog.identify(request, refused.sid(), null);
    return problem(
        refused.status(),
        refused.error(),
        refused.detail(),
        Optional.ofNullable(refused.challenge())
            .map(c -> challengeHeader(c, String.valueOf(refused.sid()))));
  }

  /** RFC 9651: a string item with the {@code id} parameter (draft §8.4). */
  private static String challengeHeader(String challenge, String sessionIdentifier) {
    return "\"" + challenge + "\";id=\"" + sessionIdentifier + "\"";
  }

  private static ResponseEntity<?> notFound() {
    return problem(404, "not_found", "device-bound sessions are not enabled", Optional.empty());
  }

  private static ResponseEntity<?> problem(
      int status, String error, String detail, Optional<String> challenge) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
    problem.setProperty("error", error);
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status)
            .cacheControl(CacheControl.noStore())
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    challenge.ifPresent(value -> builder.header(SessionBinding.CHALLENGE_HEADER, value));
    return builder.body(problem);
  }
}
