package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The member names of the revocation feed and pub/sub messages are the contract. */
class RevocationEventTests {

  private static final UUID SID = UUID.fromString("6f1c2b9e-0c1d-4c53-9a55-1d2f3e4a5b6c");
  private static final UUID USER = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void writeWhenFeedEntryThenAllMembers() {
    RevocationEvent event = new RevocationEvent(7, SID, USER, AT, "logout");

    assertThat(json.readTree(json.writeValueAsString(event)))
        .isEqualTo(
            json.readTree(
                """
                {"seq":7,"sid":"%s","userId":"%s","revokedAt":"2026-12-01T10:00:00Z",
                 "reason":"logout"}"""
                    .formatted(SID, USER)));
  }

  @Test
  void writeWhenAnnouncementThenNoReason() {
    RevocationEvent event = new RevocationEvent(7, SID, USER, AT, "logout").announcement();

    assertThat(json.readTree(json.writeValueAsString(event)).propertyNames())
        .containsExactlyInAnyOrder("seq", "sid", "userId", "revokedAt");
  }

  @Test
  void readWhenWrittenThenSameEvent() {
    RevocationEvent event = new RevocationEvent(7, SID, USER, AT, "admin");

    assertThat(json.readValue(json.writeValueAsString(event), RevocationEvent.class))
        .isEqualTo(event);
  }

  @Test
  void readWhenOnlySidUserIdSeqThenTheRestAbsent() {
    RevocationEvent event =
        json.readValue(
            "{\"sid\":\"%s\",\"userId\":\"%s\",\"seq\":3,\"extra\":1}".formatted(SID, USER),
            RevocationEvent.class);

    assertThat(event).isEqualTo(new RevocationEvent(3, SID, USER, null, null));
  }

  @Test
  void writeWhenChangedThenKindInFeedEntryAndAnnouncement() {
    RevocationEvent event = RevocationEvent.changed(8, SID, USER, AT, "roles-changed");

    assertThat(json.readTree(json.writeValueAsString(event)).get("kind").asString())
        .isEqualTo("changed");
    assertThat(json.readTree(json.writeValueAsString(event.announcement())).propertyNames())
        .containsExactlyInAnyOrder("seq", "sid", "userId", "revokedAt", "kind");
    assertThat(json.readValue(json.writeValueAsString(event), RevocationEvent.class).isChange())
        .isTrue();
  }

  @Test
  void readWhenNoKindThenRevocationAsBefore() {
    RevocationEvent event =
        json.readValue(
            "{\"sid\":\"%s\",\"userId\":\"%s\",\"seq\":3}".formatted(SID, USER),
            RevocationEvent.class);

    assertThat(event.isChange()).isFalse();
    assertThat(json.readTree(json.writeValueAsString(event)).has("kind")).isFalse();
  }

  @Test
  void readWhenUnknownKindThenNotAChange() {
    RevocationEvent event =
        json.readValue(
            "{\"sid\":\"%s\",\"seq\":3,\"kind\":\"future\"}".formatted(SID), RevocationEvent.class);

    assertThat(event.isChange()).isFalse();
  }
}
