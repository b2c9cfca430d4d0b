package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.SessionCredential;

/**
 * Exhaustive handling of the sealed {@link CredentialResolution} without pattern matching for
 * {@code switch} (Java 17): each variant has its own method, and a variant this dispatch does not
 * know is an {@link IllegalStateException}, never silently "no credential". {@code
 * CredentialCasesTests} fails when {@link CredentialResolution} permits a type not handled here.
 */
interface CredentialCases<R> {

  R found(SessionCredential credential);

  R malformed(String reason);

  R oversized();

  R absent();

  static <R> R dispatch(CredentialResolution resolution, CredentialCases<R> cases) {
    if (resolution instanceof CredentialResolution.Found found) {
      return cases.found(found.credential());
    }
    if (resolution instanceof CredentialResolution.Malformed malformed) {
      return cases.malformed(malformed.reason());
    }
    if (resolution instanceof CredentialResolution.Oversized) {
      return cases.oversized();
    }
    if (resolution instanceof CredentialResolution.Absent) {
      return cases.absent();
    }
    throw new IllegalStateException(
        "unhandled credential resolution " + resolution.getClass().getSimpleName());
  }
}
