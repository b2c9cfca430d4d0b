package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.gatehouse.protocol.Assurance;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the gateway reads auth-service's RFC 7662 answer: an incomplete active answer fails closed.
 */
class IntrospectionResponsesTests {

  private static final Instant IAT = Instant.ofEpochSecond(1_000);
  private static final Instant EXP = Instant.ofEpochSecond(5_000);
  private static final Instant AUTH = Instant.ofEpochSecond(900);

  @Test
  void readWhenActiveThenEveryField() {
    IntrospectionResponse response =
        IntrospectionResponse.active("u-1", "alice", "s-1", List.of("user"), 1_000, 5_000, 900);

    assertThat(IntrospectionResponses.read(response))
        .isEqualTo(
            new Introspection.Active("u-1", "alice", "s-1", List.of("user"), IAT, EXP, AUTH));
  }

  @Test
  void readWhenAmrAbsentThenPasswordOnlyWhichFailsClosedOnStepUpRoutes() {
    Introspection.Active active =
        (Introspection.Active)
            IntrospectionResponses.read(
                new IntrospectionResponse(true, "u", "a", "s", null, 1L, 2L, 3L));

    assertThat(active.amr()).containsExactly("pwd");
    assertThat(active.acr()).isEqualTo(Assurance.ACR_PASSWORD);
    assertThat(active.hasOtp()).isFalse();
  }

  @Test
  void readWhenPasswordAndOtpThenMfaAndBackToTheSameJson() {
    IntrospectionResponse response =
        IntrospectionResponse.active(
            "u-1", "alice", "s-1", List.of("user"), 1_000, 5_000, 900, Assurance.PASSWORD_AND_OTP);

    Introspection.Active active = (Introspection.Active) IntrospectionResponses.read(response);

    assertThat(active.hasOtp()).isTrue();
    assertThat(active.acr()).isEqualTo(Assurance.ACR_MFA);
    assertThat(IntrospectionResponses.of(active)).isEqualTo(response);
  }

  static Stream<Arguments> notActive() {
    return Stream.of(
        Arguments.of("active false", IntrospectionResponse.INACTIVE),
        Arguments.of(
            "active absent", new IntrospectionResponse(null, "u", "a", "s", null, 1L, 2L, 3L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notActive")
  void readWhenNotActiveThenInactive(String kind, IntrospectionResponse response) {
    assertThat(IntrospectionResponses.read(response)).isEqualTo(new Introspection.Inactive());
  }

  static Stream<Arguments> incomplete() {
    return Stream.of(
        Arguments.of("no sub", new IntrospectionResponse(true, null, "a", "s", null, 1L, 2L, 3L)),
        Arguments.of(
            "no username", new IntrospectionResponse(true, "u", null, "s", null, 1L, 2L, 3L)),
        Arguments.of("no sid", new IntrospectionResponse(true, "u", "a", null, null, 1L, 2L, 3L)),
        Arguments.of("no exp", new IntrospectionResponse(true, "u", "a", "s", null, 1L, null, 3L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("incomplete")
  void readWhenActiveButIncompleteThenUnavailableNotInactive(
      String kind, IntrospectionResponse response) {
    assertThatExceptionOfType(IntrospectionUnavailableException.class)
        .isThrownBy(() -> IntrospectionResponses.read(response));
  }

  @Test
  void readWhenOptionalFieldsAbsentThenNoRolesAndTimesFallBack() {
    IntrospectionResponse response =
        new IntrospectionResponse(true, "u-1", "alice", "s-1", null, null, 5_000L, null);

    assertThat(IntrospectionResponses.read(response))
        .isEqualTo(new Introspection.Active("u-1", "alice", "s-1", List.of(), EXP, EXP, EXP));
  }

  @Test
  void ofWhenReadBackThenSameIntrospection() {
    Introspection active =
        new Introspection.Active("u-1", "alice", "s-1", List.of("admin", "user"), IAT, EXP, AUTH);

    assertThat(IntrospectionResponses.read(IntrospectionResponses.of(active))).isEqualTo(active);
    assertThat(IntrospectionResponses.of(new Introspection.Inactive()))
        .isEqualTo(IntrospectionResponse.INACTIVE);
  }

  static Stream<Arguments> bindings() {
    IntrospectionResponse.Confirmation cnf = new IntrospectionResponse.Confirmation("jkt-1");
    return Stream.of(
        Arguments.argumentSet("absent: not bound", null, null, null, DeviceBinding.NONE),
        Arguments.argumentSet(
            "bound with cnf and bound_until",
            SessionBinding.BOUND,
            cnf,
            4_000L,
            DeviceBinding.bound("jkt-1", Instant.ofEpochSecond(4_000))),
        Arguments.argumentSet(
            "unverified", SessionBinding.UNVERIFIED, null, null, DeviceBinding.UNVERIFIED),
        Arguments.argumentSet(
            "bound without cnf: fails closed",
            SessionBinding.BOUND,
            null,
            4_000L,
            DeviceBinding.UNVERIFIED),
        Arguments.argumentSet(
            "bound without bound_until: fails closed",
            SessionBinding.BOUND,
            cnf,
            null,
            DeviceBinding.UNVERIFIED),
        Arguments.argumentSet(
            "pending with bound_until: not bound until the registration grace ends",
            SessionBinding.PENDING,
            null,
            4_000L,
            DeviceBinding.pending(Instant.ofEpochSecond(4_000))),
        Arguments.argumentSet(
            "pending without bound_until: fails closed",
            SessionBinding.PENDING,
            null,
            null,
            DeviceBinding.UNVERIFIED),
        Arguments.argumentSet(
            "unknown value: fails closed", "device", cnf, 4_000L, DeviceBinding.UNVERIFIED));
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void readWhenBindingMembersThenDeviceBinding(
      String binding,
      IntrospectionResponse.Confirmation cnf,
      Long boundUntil,
      DeviceBinding expected) {
    IntrospectionResponse response =
        IntrospectionResponse.active("u-1", "alice", "s-1", List.of("user"), 1_000, 5_000, 900)
            .withBinding(binding, cnf, boundUntil);

    assertThat(((Introspection.Active) IntrospectionResponses.read(response)).binding())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void ofWhenReadBackThenSameBinding(
      String binding,
      IntrospectionResponse.Confirmation cnf,
      Long boundUntil,
      DeviceBinding expected) {
    Introspection.Active active =
        new Introspection.Active("u-1", "alice", "s-1", List.of("user"), IAT, EXP, AUTH)
            .withBinding(expected);

    assertThat(IntrospectionResponses.read(IntrospectionResponses.of(active))).isEqualTo(active);
  }
}
