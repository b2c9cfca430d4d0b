package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.auth.AbstractIntegrationTests;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The access log line of auth-service carries the request's facts as SLF4J key-values (members of
 * the JSON logs in the {@code prod} profile): the client address as the gateway vouched for it, the
 * method, path, status, latency, {@code sid}, user id and the W3C trace id the caller sent. Never
 * the password or the session token.
 */
// Tracing is off by default (application.yml); on, as an operator turns it on.
@TestPropertySource(properties = "management.tracing.export.enabled=true")
class AccessLogIntegrationTests extends AbstractIntegrationTests {

  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

  @BeforeEach
  void attach() {
    accessLog.start();
    accessLogger().addAppender(accessLog);
  }

  @AfterEach
  void detach() {
    accessLogger().detachAppender(accessLog);
  }

  @Test
  void loginWhenTracedThenAccessLogCarriesItsFactsAsKeyValues() {
    TestUser user = createUser("user");

    MvcTestResult result =
        mvc.post()
            .uri("/login?next=/x")
            .contentType(MediaType.APPLICATION_JSON)
            .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
            .with(
                request -> {
                  request.setRemoteAddr("198.51.100.7");
                  return request;
                })
            .content(
                "{\"username\":\"%s\",\"password\":\"%s\"}"
                    .formatted(user.username(), user.password()))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    String token = sessionCookieValue(result);
    ILoggingEvent line = lineFor("/login");
    Map<String, String> values = keyValues(line);
    assertThat(values)
        .containsEntry("client_address", "198.51.100.7")
        .containsEntry("method", "POST")
        .containsEntry("path", "/login")
        .containsEntry("status", "200")
        .containsEntry("user_id", user.id().toString())
        .containsEntry("trace_id", TRACE_ID)
        .containsKeys("sid", "latency_ms");
    assertThat(values.get("sid")).isNotEqualTo("-");
    assertThat(line.getFormattedMessage())
        .startsWith("POST /login 200 ")
        .contains("client=198.51.100.7", "trace=" + TRACE_ID);
    assertThat(line.getFormattedMessage() + values)
        .doesNotContain(user.password())
        .doesNotContain(token)
        .doesNotContain("next=");
  }

  @Test
  void requestWhenAnonymousThenIdsAreDashes() {
    mvc.get().uri("/account").header(HttpHeaders.ACCEPT, "application/json").exchange();

    assertThat(keyValues(lineFor("/account")))
        .containsEntry("sid", "-")
        .containsEntry("user_id", "-")
        .containsEntry("status", "401");
  }

  private ILoggingEvent lineFor(String path) {
    List<ILoggingEvent> lines =
        accessLog.list.stream().filter(event -> path.equals(keyValues(event).get("path"))).toList();
    assertThat(lines).as("access log lines for %s", path).hasSize(1);
    return lines.get(0);
  }

  private static Map<String, String> keyValues(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    return pairs == null
        ? Map.of()
        : pairs.stream()
            .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
  }

  private static Logger accessLogger() {
    return (Logger) LoggerFactory.getLogger("dev.gatehouse.auth.access");
  }
}
