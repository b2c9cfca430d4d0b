package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageIntegrationTests extends AbstractIntegrationTests {

  @Test
  void pageWhenGatewayTokenThenHtml() {
    HttpResponse<String> response = get("/", gatewayToken().sign());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.body())
        .contains("<html lang=\"en\">", "app.js", "<form method=\"post\" action=\"/logout\">");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/index.html", "/app.js", "/app.css"})
  void pageWhenNoTokenThenUnauthorized(String path) {
    HttpResponse<String> response = get(path, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEmpty();
  }
}
