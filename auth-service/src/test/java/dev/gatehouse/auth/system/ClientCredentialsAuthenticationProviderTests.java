package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

class ClientCredentialsAuthenticationProviderTests {

  private final ClientCredentialsAuthenticationProvider provider =
      new ClientCredentialsAuthenticationProvider(
          new IntrospectionClientProperties("my:client", "p@ss word+/é"));

  @Test
  void authenticateWhenFormEncodedCredentialsMatchThenClientAuthenticated() {
    Authentication result = provider.authenticate(basic("my%3Aclient", "p%40ss+word%2B%2F%C3%A9"));

    assertThat(result.isAuthenticated()).isTrue();
    assertThat(result.getName()).isEqualTo("my:client");
    assertThat(result.getAuthorities())
        .extracting(Object::toString)
        .containsExactly(ClientCredentialsAuthenticationProvider.ROLE);
  }

  @Test
  void authenticateWhenSecretOrIdWrongThenBadCredentials() {
    for (UsernamePasswordAuthenticationToken attempt :
        new UsernamePasswordAuthenticationToken[] {
          basic("my%3Aclient", "p%40ss+word%2B%2F%C3%A9x"),
          basic("other", "p%40ss+word%2B%2F%C3%A9"),
          // Sent without form-urlencoding: '+' decodes to a space.
          basic("my%3Aclient", "p@ss word+/é"),
          basic("my%3Aclient", "%zz"),
          basic("my%3Aclient", "")
        }) {
      assertThatExceptionOfType(BadCredentialsException.class)
          .isThrownBy(() -> provider.authenticate(attempt));
    }
  }

  private static UsernamePasswordAuthenticationToken basic(String id, String secret) {
    return UsernamePasswordAuthenticationToken.unauthenticated(id, secret);
  }
}
