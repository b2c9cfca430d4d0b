package dev.gatehouse.auth.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.protocol.SessionBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** DBSC is off unless {@code gatehouse.binding.enabled}: no offer at login, endpoints 404. */
class SessionBindingDisabledIntegrationTests extends AbstractIntegrationTests {

  @Test
  void loginWhenBindingDisabledThenNoRegistrationHeader() {
    TestUser user = createUser("user");

    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"username\":\"%s\",\"password\":\"%s\"}"
                    .formatted(user.username(), user.password()))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result).doesNotContainHeader(SessionBinding.REGISTRATION_HEADER);
  }

  @ParameterizedTest
  @ValueSource(strings = {SessionBinding.REGISTRATION_PATH, SessionBinding.REFRESH_PATH})
  void endpointWhenBindingDisabledThen404(String path) {
    MvcTestResult result =
        mvc.post().uri(path).header(SessionBinding.SESSION_ID_HEADER, "x").exchange();

    assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("not_found");
  }
}
