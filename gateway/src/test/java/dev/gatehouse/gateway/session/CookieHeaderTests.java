package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class CookieHeaderTests {

  @Test
  void valuesWhenNameSentTwiceThenBothReturned() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.COOKIE, "a=1; S=x; b=2");
    headers.add(HttpHeaders.COOKIE, "S=y");

    assertThat(CookieHeader.values(headers, "S")).containsExactly("x", "y");
    assertThat(CookieHeader.values(headers, "s")).as("names are case-sensitive").isEmpty();
  }

  @Test
  void withoutWhenSessionCookiePresentThenOthersKeptInOrder() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.COOKIE, "a=1; S=x;b=2 ; S=y");

    assertThat(CookieHeader.without(headers, "S")).isEqualTo("a=1; b=2");
  }

  @Test
  void setsWhenThatCookieIsSetOrClearedThenTrue() {
    assertThat(CookieHeader.sets(List.of("S=; Path=/; Max-Age=0; HttpOnly"), "S")).isTrue();
    assertThat(CookieHeader.sets(List.of("other=1", "S=abc; Path=/; HttpOnly"), "S")).isTrue();
    assertThat(CookieHeader.sets(List.of("other=; Max-Age=0"), "S")).isFalse();
    assertThat(CookieHeader.sets(List.of("SS=abc", "xS=1", "S"), "S")).isFalse();
  }
}
