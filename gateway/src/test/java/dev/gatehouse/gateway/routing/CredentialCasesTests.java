package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.session.TestCredentials;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every credential case is handled by its own method, and no case is forgotten. */
class CredentialCasesTests {

  static final List<CredentialResolution> ONE_OF_EACH =
      List.of(
          new CredentialResolution.Found(TestCredentials.cookie()),
          new CredentialResolution.Malformed("forged-token"),
          new CredentialResolution.Oversized(),
          new CredentialResolution.Absent());

  final CredentialCases<String> names =
      new CredentialCases<>() {
        @Override
        public String found(SessionCredential credential) {
          return "found";
        }

        @Override
        public String malformed(String reason) {
          return "malformed:" + reason;
        }

        @Override
        public String oversized() {
          return "oversized";
        }

        @Override
        public String absent() {
          return "absent";
        }
      };

  @Test
  void permittedSubclassesWhenListedThenEachHasARowHere() {
    assertThat(Arrays.asList(CredentialResolution.class.getPermittedSubclasses()))
        .as("a new CredentialResolution variant needs a case in CredentialCases")
        .containsExactlyInAnyOrderElementsOf(ONE_OF_EACH.stream().map(Object::getClass).toList());
  }

  @Test
  void dispatchWhenEachVariantThenItsOwnCase() {
    assertThat(ONE_OF_EACH.stream().map(c -> CredentialCases.dispatch(c, names)))
        .containsExactly("found", "malformed:forged-token", "oversized", "absent");
  }
}
