package dev.gatehouse.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottleKeysTests {

  @Test
  void usernameWhenCaseWidthOrSurroundingSpaceDiffersThenSameKey() {
    String key = ThrottleKeys.username("alice");

    assertThat(ThrottleKeys.username("ALICE")).isEqualTo(key);
    assertThat(ThrottleKeys.username(" alice\t")).isEqualTo(key);
    // Fullwidth letters: NFKC folds them into ASCII.
    assertThat(ThrottleKeys.username("ａｌｉｃｅ")).isEqualTo(key);
    assertThat(ThrottleKeys.username("alice2")).isNotEqualTo(key);
  }

  @Test
  void usernameWhenAnyInputThenFixedLengthHashWithoutTheName() {
    String secretLooking = "correct horse battery staple";

    String key = ThrottleKeys.username(secretLooking);
    String huge = ThrottleKeys.username("x".repeat(100_000));

    assertThat(key).startsWith("user:").hasSize(48).doesNotContain("horse");
    assertThat(huge).hasSize(48);
    assertThat(ThrottleKeys.fingerprint(key)).hasSize(8).isEqualTo(key.substring(5, 13));
  }

  @Test
  void clientWhenIpv4ThenTheAddress() {
    assertThat(ThrottleKeys.client("203.0.113.7")).isEqualTo("ip:203.0.113.7");
  }

  @Test
  void clientWhenIpv6ThenItsSlash64SoOneSubscriberIsOneClient() {
    String key = ThrottleKeys.client("2001:db8:1:2:aaaa:bbbb:cccc:dddd");

    assertThat(key).isEqualTo("ip6:2001:0db8:0001:0002::/64");
    assertThat(ThrottleKeys.client("2001:db8:1:2::1")).isEqualTo(key);
    assertThat(ThrottleKeys.client("[2001:db8:1:2::ffff]")).isEqualTo(key);
    assertThat(ThrottleKeys.client("2001:db8:1:3::1")).isNotEqualTo(key);
  }

  @Test
  void clientWhenIpv4MappedIpv6ThenTheIpv4Address() {
    assertThat(ThrottleKeys.client("::ffff:203.0.113.7")).isEqualTo("ip:203.0.113.7");
  }

  @Test
  void clientWhenMissingMalformedOrOverlongThenStillAKeyWithoutLookup() {
    assertThat(ThrottleKeys.client(null)).isEqualTo("ip:unknown");
    assertThat(ThrottleKeys.client(" ")).isEqualTo("ip:unknown");
    assertThat(ThrottleKeys.client("1:2:3")).isEqualTo("ip:1:2:3");
    assertThat(ThrottleKeys.client("gatehouse.invalid")).isEqualTo("ip:gatehouse.invalid");
    assertThat(ThrottleKeys.client("a".repeat(500))).startsWith("ip:#").hasSize(36);
  }
}
