package dev.gatehouse.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.protocol.RevocationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The revocation service and {@code GET /internal/revocations}, on PostgreSQL. */
class RevocationFeedIntegrationTests extends AbstractIntegrationTests {

  @Autowired private RevocationService revocations;

  @Test
  void revocationsWhenSeveralRevokedThenListedInSequenceOrder() {
    long start = lastSeq();
    TestUser user = createUser("user");
    List<LoggedIn> sessions = List.of(login(user), login(user), login(user));
    List<RevocationEvent> revoked = new ArrayList<>();
    for (LoggedIn session : sessions) {
      revoked.add(revocations.revokeSession(session.sid(), "operator-1", "admin").orElseThrow());
    }

    MvcTestResult result = feed("?after=" + start);

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(revoked)
        .extracting(RevocationEvent::seq)
        .containsExactly(start + 1, start + 2, start + 3);
    String body = body(result);
    assertThat(JsonPath.<List<Integer>>read(body, "$.events[*].seq"))
        .containsExactly((int) start + 1, (int) start + 2, (int) start + 3);
    assertThat(JsonPath.<List<String>>read(body, "$.events[*].sid"))
        .containsExactlyElementsOf(sessions.stream().map(s -> s.sid().toString()).toList());
    assertThat(JsonPath.<List<String>>read(body, "$.events[*].userId"))
        .containsOnly(user.id().toString());
    assertThat(JsonPath.<List<String>>read(body, "$.events[*].reason")).containsOnly("admin");
    assertThat(JsonPath.<String>read(body, "$.events[0].revokedAt"))
        .isEqualTo(revoked.get(0).revokedAt().toString());
    assertThat(JsonPath.<Integer>read(body, "$.next")).isEqualTo((int) start + 3);
    assertThat(JsonPath.<Map<String, Object>>read(body, "$.events[0]"))
        .containsOnlyKeys("seq", "sid", "userId", "revokedAt", "reason");
  }

  @Test
  void revocationsWhenPagedWithLimitThenNextContinues() {
    long start = lastSeq();
    TestUser user = createUser("user");
    for (int i = 0; i < 5; i++) {
      revocations.revokeSession(login(user).sid(), "operator-1", "admin");
    }

    MvcTestResult first = feed("?after=" + start + "&limit=2");
    long next = ((Number) JsonPath.read(body(first), "$.next")).longValue();
    MvcTestResult second = feed("?after=" + next + "&limit=2");
    long afterSecond = ((Number) JsonPath.read(body(second), "$.next")).longValue();
    MvcTestResult third = feed("?after=" + afterSecond + "&limit=2");
    long afterThird = ((Number) JsonPath.read(body(third), "$.next")).longValue();
    MvcTestResult empty = feed("?after=" + afterThird + "&limit=2");

    assertThat(next).isEqualTo(start + 2);
    assertThat(second)
        .bodyJson()
        .extractingPath("$.events[*].seq")
        .asArray()
        .containsExactly((int) start + 3, (int) start + 4);
    assertThat(third)
        .bodyJson()
        .extractingPath("$.events[*].seq")
        .asArray()
        .containsExactly((int) start + 5);
    assertThat(afterThird).isEqualTo(start + 5);
    assertThat(empty)
        .bodyJson()
        .isStrictlyEqualTo("{\"events\":[],\"next\":%d}".formatted(start + 5));
  }

  @Test
  void revocationsWhenDefaultsThenFromTheStart() {
    revocations.revokeSession(login(createUser("user")).sid(), "operator-1", "admin");

    assertThat(feed("")).bodyJson().extractingPath("$.events[0].seq").isEqualTo(1);
  }

  @Test
  void revocationsWhenParametersInvalidThenBadRequestProblem() {
    for (String query :
        List.of(
            "?after=-1",
            "?after=abc",
            "?limit=0",
            "?limit=1001",
            "?limit=x",
            "?after=1e3",
            "?limit=-5")) {
      assertThat(feed(query))
          .as(query)
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(feed("?limit=1001"))
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("limit: must be less than or equal to 1000");
    assertThat(feed("?limit=1000")).hasStatus(HttpStatus.OK);
  }

  @Test
  void revocationsWhenNoClientCredentialsThenUnauthorized() {
    assertThat(mvc.get().uri("/internal/revocations")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void revokeSessionWhenAlreadyRevokedOrUnknownThenNothingLogged() {
    LoggedIn session = login(createUser("user"));
    revocations.revokeSession(session.sid(), "operator-1", "admin");
    long seq = lastSeq();

    assertThat(revocations.revokeSession(session.sid(), "operator-1", "admin")).isEmpty();
    assertThat(revocations.revokeSession(UUID.randomUUID(), "operator-1", "admin")).isEmpty();
    assertThat(lastSeq()).isEqualTo(seq);
    assertThat(
            jdbc.sql("SELECT revoked_by FROM sessions WHERE sid = ?")
                .param(session.sid())
                .query(String.class)
                .single())
        .isEqualTo("operator-1");
  }

  @Test
  void revokeAllForUserWhenSeveralSessionsThenEachRevokedAndLogged() {
    TestUser user = createUser("user");
    TestUser other = createUser("user");
    LoggedIn first = login(user);
    LoggedIn second = login(user);
    LoggedIn untouched = login(other);

    List<RevocationEvent> events = revocations.revokeAllForUser(user.id(), "operator-1", "admin");

    assertThat(events)
        .extracting(RevocationEvent::sid)
        .containsExactlyInAnyOrder(first.sid(), second.sid());
    assertThat(events).extracting(RevocationEvent::userId).containsOnly(user.id());
    assertThat(introspect(first.token())).bodyJson().extractingPath("$.active").isEqualTo(false);
    assertThat(introspect(second.token())).bodyJson().extractingPath("$.active").isEqualTo(false);
    assertThat(introspect(untouched.token())).bodyJson().extractingPath("$.active").isEqualTo(true);
    assertThat(revocations.revokeAllForUser(user.id(), "operator-1", "admin")).isEmpty();
  }

  @Test
  void disableUserWhenSessionsActiveThenAllRevokedAndLoginRefused() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    List<RevocationEvent> events = revocations.disableUser(user.id(), "operator-1");

    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.sid()).isEqualTo(session.sid());
              assertThat(event.reason()).isEqualTo(RevocationService.REASON_USER_DISABLED);
            });
    assertThat(introspect(session.token())).bodyJson().extractingPath("$.active").isEqualTo(false);
    assertThat(
            mvc.post()
                .uri("/login")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"username\":\"%s\",\"password\":\"%s\"}"
                        .formatted(user.username(), user.password())))
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void revokeSessionWhenConcurrentThenSequenceNumbersUniqueAndContiguous() throws Exception {
    TestUser user = createUser("user");
    List<UUID> sids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sids.add(login(user).sid());
    }
    long start = lastSeq();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(sids.size());
    try {
      List<Future<Optional<RevocationEvent>>> futures = new ArrayList<>();
      for (UUID sid : sids) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return revocations.revokeSession(sid, "operator-1", "admin");
                }));
      }
      go.countDown();
      List<Long> seqs = new ArrayList<>();
      for (Future<Optional<RevocationEvent>> future : futures) {
        seqs.add(future.get(30, TimeUnit.SECONDS).orElseThrow().seq());
      }
      assertThat(seqs)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrder(
              start + 1, start + 2, start + 3, start + 4, start + 5, start + 6);
    } finally {
      pool.shutdownNow();
    }
  }

  private long lastSeq() {
    return jdbc.sql("SELECT last_seq FROM revocation_counter WHERE id = 1")
        .query(Long.class)
        .single();
  }

  private MvcTestResult feed(String query) {
    return mvc.get()
        .uri("/internal/revocations" + query)
        .header(HttpHeaders.AUTHORIZATION, clientCredentials())
        .exchange();
  }
}
