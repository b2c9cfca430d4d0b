package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CrossSiteRuleTests {

  static final CrossSiteRule RULE =
      new CrossSiteRule(List.of("https://gateway.example/", "https://partner.example"));

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.argumentSet("neither header (curl)", List.of(), null, false),
        Arguments.argumentSet("allowed origin", List.of("https://gateway.example"), null, false),
        Arguments.argumentSet(
            "allowed, other case", List.of("HTTPS://Gateway.Example"), null, false),
        Arguments.argumentSet(
            "second allowed origin", List.of("https://partner.example"), null, false),
        Arguments.argumentSet(
            "the Host's own origin", List.of("http://localhost:9000"), null, false),
        Arguments.argumentSet("foreign origin", List.of("https://evil.example"), null, true),
        Arguments.argumentSet(
            "allowed host, other port", List.of("https://gateway.example:8443"), null, true),
        Arguments.argumentSet(
            "user-info trick", List.of("https://gateway.example@evil.example"), null, true),
        Arguments.argumentSet(
            "two Origin headers",
            List.of("https://gateway.example", "https://gateway.example"),
            null,
            true),
        Arguments.argumentSet("Origin null", List.of("null"), null, true),
        Arguments.argumentSet(
            "Origin null, same-origin fetch", List.of("null"), "same-origin", false),
        Arguments.argumentSet("Origin null, same-site fetch", List.of("null"), "same-site", true),
        Arguments.argumentSet("cross-site fetch, no Origin", List.of(), "cross-site", true),
        Arguments.argumentSet(
            "cross-site fetch, allowed Origin",
            List.of("https://gateway.example"),
            "Cross-Site",
            true),
        Arguments.argumentSet("unparseable Origin", List.of("::not a url::"), null, true));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void refusesWhenCrossSiteThenTrue(List<String> origins, String fetchSite, boolean refused) {
    assertThat(RULE.refuses(origins, fetchSite, "localhost:9000")).isEqualTo(refused);
  }
}
