package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SessionPurgeIntegrationTests extends AbstractIntegrationTests {

  @Autowired SessionPurge purge;

  @Test
  void purgeWhenSessionsEndedLongAgoThenDeletedAndLiveOnesKept() {
    TestUser user = createUser("user");
    LoggedIn live = login(user);
    LoggedIn revokedLongAgo = login(user);
    LoggedIn expiredLongAgo = login(user);
    LoggedIn revokedRecently = login(user);
    jdbc.sql(
            "UPDATE sessions SET revoked_at = created_at - INTERVAL '8' DAY, reason = 'test'"
                + " WHERE sid = :sid")
        .param("sid", revokedLongAgo.sid())
        .update();
    jdbc.sql(
            "UPDATE sessions SET expires_at = created_at - INTERVAL '8' DAY,"
                + " last_seen_at = created_at - INTERVAL '8' DAY WHERE sid = :sid")
        .param("sid", expiredLongAgo.sid())
        .update();
    jdbc.sql("UPDATE sessions SET revoked_at = created_at, reason = 'test' WHERE sid = :sid")
        .param("sid", revokedRecently.sid())
        .update();

    SessionPurge.Purged purged = purge.purge();

    assertThat(purged.sessions()).isGreaterThanOrEqualTo(2);
    assertThat(exists(live.sid())).isTrue();
    assertThat(exists(revokedRecently.sid())).isTrue();
    assertThat(exists(revokedLongAgo.sid())).isFalse();
    assertThat(exists(expiredLongAgo.sid())).isFalse();
    assertThat(isActive(live)).isTrue();
  }

  @Test
  void purgeWhenRevocationLogEntriesOlderThanRetentionThenOnlyThoseDeleted() {
    long old = insertRevocation(Duration.ofDays(8));
    long recent = insertRevocation(Duration.ofHours(2));

    purge.purge();

    assertThat(seqs()).doesNotContain(old).contains(recent);
  }

  private long insertRevocation(Duration ago) {
    long seq =
        jdbc.sql("SELECT COALESCE(MAX(seq), 0) + 1000 FROM revocation_log")
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO revocation_log (seq, sid, user_id, revoked_at, reason, actor)"
                + " VALUES (:seq, :sid, :user, :at, 'test', 'test')")
        .param("seq", seq)
        .param("sid", UUID.randomUUID())
        .param("user", UUID.randomUUID())
        .param(
            "at",
            java.time.OffsetDateTime.ofInstant(
                clock.instant().minus(ago), java.time.ZoneOffset.UTC))
        .update();
    return seq;
  }

  private java.util.List<Long> seqs() {
    return jdbc.sql("SELECT seq FROM revocation_log").query(Long.class).list();
  }

  private boolean exists(UUID sid) {
    return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE sid = :sid")
            .param("sid", sid)
            .query(Long.class)
            .single()
        > 0;
  }
}
