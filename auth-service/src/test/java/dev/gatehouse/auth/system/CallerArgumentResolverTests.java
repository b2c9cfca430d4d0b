package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.ServletWebRequest;

/** A {@link Caller} argument is the verified JWT's caller, and names it in the access log. */
class CallerArgumentResolverTests {

  private final CallerArgumentResolver resolver = new CallerArgumentResolver();
  private final MockHttpServletRequest request = new MockHttpServletRequest();

  @AfterEach
  void clearContext() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void supportsParameterWhenCallerThenTrueOtherwiseFalse() throws Exception {
    assertThat(resolver.supportsParameter(parameter(0))).isTrue();
    assertThat(resolver.supportsParameter(parameter(1))).isFalse();
  }

  @Test
  void resolveArgumentWhenGatewayJwtThenCallerAndAccessLogTagged() throws Exception {
    UUID userId = UUID.randomUUID();
    UUID sid = UUID.randomUUID();
    authenticate(jwt(userId.toString(), sid.toString(), "alice"));

    Caller caller = resolve();

    assertThat(caller).isEqualTo(new Caller(userId, sid, "alice"));
    assertThat(request.getAttribute(AccessLog.SID)).isEqualTo(sid.toString());
    assertThat(request.getAttribute(AccessLog.USER)).isEqualTo(userId.toString());
  }

  @Test
  void resolveArgumentWhenNoJwtThenInvalidBearerTokenAndNothingLogged() {
    SecurityContextHolder.getContext()
        .setAuthentication(new TestingAuthenticationToken("someone", "pw", "ROLE_USER"));

    assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(this::resolve);
    assertThat(request.getAttribute(AccessLog.SID)).isNull();
  }

  @Test
  void resolveArgumentWhenJwtWithoutSidThenInvalidBearerTokenAndNothingLogged() {
    authenticate(jwt(UUID.randomUUID().toString(), "not-a-uuid", "alice"));

    assertThatExceptionOfType(InvalidBearerTokenException.class).isThrownBy(this::resolve);
    assertThat(request.getAttribute(AccessLog.USER)).isNull();
  }

  private Caller resolve() throws Exception {
    return resolver.resolveArgument(parameter(0), null, new ServletWebRequest(request), null);
  }

  private static void authenticate(Jwt jwt) {
    SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
  }

  private static Jwt jwt(String sub, String sid, String username) {
    return Jwt.withTokenValue("t")
        .header("alg", "ES256")
        .subject(sub)
        .claim("sid", sid)
        .claim("preferred_username", username)
        .issuedAt(Instant.now())
        .expiresAt(Instant.now().plusSeconds(60))
        .build();
  }

  private static MethodParameter parameter(int index) throws NoSuchMethodException {
    Method method = Handler.class.getDeclaredMethod("handle", Caller.class, String.class);
    return new MethodParameter(method, index);
  }

  @SuppressWarnings("unused")
  private static final class Handler {
    void handle(Caller caller, String other) {}
  }
}
