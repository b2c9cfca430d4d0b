/**
 * What gateway and auth-service must agree on, written once: the session token format, the keyed
 * proofs the gateway attaches to requests it relays to auth-service, the RFC 7662 introspection
 * response, the {@code X-Gatehouse-*} header names and the revocation event. Plain Java: the JSON
 * field names are Jackson annotations, read by whichever Jackson a service brings.
 */
@NullMarked
package dev.gatehouse.protocol;

import org.jspecify.annotations.NullMarked;
