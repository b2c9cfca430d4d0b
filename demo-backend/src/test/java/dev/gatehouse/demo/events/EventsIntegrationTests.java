package dev.gatehouse.demo.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.AbstractIntegrationTests;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventsIntegrationTests extends AbstractIntegrationTests {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eventsWhenGatewayTokenThenStreamOfTicksNamingTheCallersSubAndSid() throws Exception {
    String sub = UUID.randomUUID().toString();
    String sid = UUID.randomUUID().toString();
    String token = gatewayToken().subject(sub).sessionId(sid).sign();

    HttpResponse<Stream<String>> response =
        http.send(
            request("/api/events", token).header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofLines());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    try (Stream<String> lines = response.body()) {
      List<String> data = lines.filter(line -> line.startsWith("data:")).limit(2).toList();
      assertThat(data)
          .hasSize(2)
          .allSatisfy(
              line ->
                  assertThat(line)
                      .contains("\"sub\":\"" + sub + "\"")
                      .contains("\"sid\":\"" + sid + "\""));
      assertThat(data.get(0)).contains("\"seq\":0");
      assertThat(data.get(1)).contains("\"seq\":1");
    }
  }

  @Test
  void eventsWhenNoTokenThen401() {
    assertThat(get("/api/events", null).statusCode()).isEqualTo(401);
  }
}
