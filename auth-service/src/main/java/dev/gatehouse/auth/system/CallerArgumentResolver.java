package dev.gatehouse.auth.system;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link Caller} handler argument from the verified gateway JWT, and names the caller's
 * session and user in the access log: a controller that acts for a caller declares it and can no
 * longer forget the log line. A request without a usable token is refused with {@link
 * Caller#from}'s 401, through the same exception handling as a failure inside the handler.
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Caller.class.equals(parameter.getParameterType());
  }

  @Override
  public Caller resolveArgument(
      MethodParameter parameter,
      @Nullable ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      @Nullable WebDataBinderFactory binderFactory) {
    Caller caller = Caller.from(jwt());
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    if (request != null) {
      AccessLog.identify(request, caller.sid(), caller.userId().toString());
    }
    return caller;
  }

  /** The principal {@code @AuthenticationPrincipal Jwt} would give: null unless it is a JWT. */
  private static @Nullable Jwt jwt() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.getPrincipal() instanceof Jwt jwt ? jwt : null;
  }

  @Override
  public String toString() {
    return "CallerArgumentResolver";
  }
}
