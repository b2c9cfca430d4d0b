package dev.gatehouse.demo.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.demo.AbstractIntegrationTests;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotesIntegrationTests extends AbstractIntegrationTests {

  private final String alice = userToken("alice");

  private final String bob = userToken("bob");

  @Test
  void addWhenValidThenCreatedWithLocationAndListed() {
    HttpResponse<String> created = postJson("/api/notes", alice, "{\"text\":\"buy milk\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    DocumentContext note = JsonPath.parse(created.body());
    String id = note.read("$.id", String.class);
    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(note.read("$.text", String.class)).isEqualTo("buy milk");
    assertThat(Instant.parse(note.read("$.createdAt", String.class)))
        .isBeforeOrEqualTo(Instant.now());
    assertThat(created.headers().firstValue("Location")).hasValue("/api/notes/" + id);

    HttpResponse<String> fetched = get("/api/notes/" + id, alice);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(JsonPath.parse(fetched.body()).read("$.text", String.class)).isEqualTo("buy milk");

    HttpResponse<String> listed = get("/api/notes", alice);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(JsonPath.parse(listed.body()).read("$[*].id", List.class)).containsExactly(id);
  }

  @Test
  void listWhenAnotherUserHasNotesThenTheyAreInvisible() {
    String id =
        JsonPath.parse(postJson("/api/notes", alice, "{\"text\":\"alice's secret\"}").body())
            .read("$.id", String.class);

    HttpResponse<String> bobsList = get("/api/notes", bob);
    HttpResponse<String> bobsFetch = get("/api/notes/" + id, bob);

    assertThat(bobsList.statusCode()).isEqualTo(200);
    assertThat(bobsList.body()).isEqualTo("[]");
    assertThat(bobsFetch.statusCode()).isEqualTo(404);
    assertThat(bobsFetch.body()).doesNotContain("alice's secret");
  }

  @Test
  void addWhenTextAtMaximumLengthThenCreated() {
    String text = "x".repeat(1000);

    assertThat(postJson("/api/notes", alice, "{\"text\":\"" + text + "\"}").statusCode())
        .isEqualTo(201);
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        argumentSet("empty text", "{\"text\":\"\"}"),
        argumentSet("blank text", "{\"text\":\"   \"}"),
        argumentSet("text of 1001 characters", "{\"text\":\"" + "x".repeat(1001) + "\"}"),
        argumentSet("text missing", "{}"),
        argumentSet("text null", "{\"text\":null}"),
        argumentSet("text not a string", "{\"text\":[\"a\"]}"),
        argumentSet("malformed JSON", "{\"text\":"),
        argumentSet("empty body", ""),
        argumentSet("JSON null", "null"));
  }

  @ParameterizedTest
  @MethodSource("invalidBodies")
  void addWhenBodyInvalidThenBadRequestProblemDetail(String body) {
    HttpResponse<String> response = postJson("/api/notes", alice, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JsonPath.parse(response.body()).read("$.status", Integer.class)).isEqualTo(400);
    assertThat(get("/api/notes", alice).body()).isEqualTo("[]");
  }

  @Test
  void getWhenIdNotUuidThenBadRequest() {
    assertThat(get("/api/notes/42", alice).statusCode()).isEqualTo(400);
  }

  @Test
  void addWhenNoTokenThenUnauthorized() {
    assertThat(postJson("/api/notes", null, "{\"text\":\"hi\"}").statusCode()).isEqualTo(401);
  }

  private static String userToken(String username) {
    return gatewayToken().subject(UUID.randomUUID().toString()).username(username).sign();
  }
}
