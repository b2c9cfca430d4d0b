package dev.gatehouse.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.gateway.system.RedisSeal;
import dev.gatehouse.gateway.token.SealedKeyEntries.Published;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The format of a published key, without Redis: only an entry a gateway holding the secret wrote,
 * for the kid it names, and before its expiry, is served; every other one is refused and counted.
 */
class SealedKeyEntriesTests {

  static final String SECRET = "a-shared-secret-of-enough-length";

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
  final MeterRegistry meters = new SimpleMeterRegistry();
  final JsonMapper json = JsonMapper.builder().build();
  final SealedKeyEntries entries = entries(SECRET);
  final JWK key = SigningKeys.SigningKey.generate(clock).key().toPublicJWK();

  @Test
  void readWhenWrittenWithTheSecretThenLiveUntilItsExpiry() {
    String entry = entries.write(key, clock.instant().plusSeconds(60));

    assertThat(entries.read(key.getKeyID(), entry)).isEqualTo(new Published.Live(key));
    clock.advance(Duration.ofSeconds(60));
    assertThat(entries.read(key.getKeyID(), entry)).isInstanceOf(Published.Expired.class);
    assertThat(refusals()).isZero();
  }

  @Test
  void readWhenWrittenUnderAnotherSecretThenForgedAndCounted() {
    String entry =
        entries("another-secret-of-enough-length").write(key, clock.instant().plusSeconds(60));

    assertThat(entries.read(key.getKeyID(), entry))
        .isEqualTo(new Published.Forged("its MAC does not verify"));
    assertThat(refusals()).isEqualTo(1);
  }

  @Test
  void readWhenFieldNameIsNotItsKidThenForged() {
    String entry = entries.write(key, clock.instant().plusSeconds(60));

    assertThat(entries.read("another-kid", entry)).isInstanceOf(Published.Forged.class);
    assertThat(refusals()).isEqualTo(1);
  }

  @Test
  void readWhenExpiryPushedForwardByAWriterThenForged() {
    String entry = entries.write(key, clock.instant().plusSeconds(60));
    String later = entry.replaceFirst("\"expiresAt\":\\d+", "\"expiresAt\":" + Long.MAX_VALUE);

    assertThat(entries.read(key.getKeyID(), later))
        .isEqualTo(new Published.Forged("its MAC does not verify"));
  }

  @Test
  void readWhenNotAnEntryThenForged() {
    assertThat(entries.read(key.getKeyID(), "{\"jwk\":{}}"))
        .isEqualTo(new Published.Forged("not a published key"));
    assertThat(entries.read(key.getKeyID(), "not json"))
        .isEqualTo(new Published.Forged("unreadable"));
    assertThat(refusals()).isEqualTo(2);
  }

  private SealedKeyEntries entries(String secret) {
    return new SealedKeyEntries(
        RedisSeal.forPublishedKeys(secret), json, clock, RedisPublishedKeys.HASH, meters);
  }

  private double refusals() {
    return meters.get(RedisSeal.FAILURES_METER).tag("kind", "jwks").counter().count();
  }
}
