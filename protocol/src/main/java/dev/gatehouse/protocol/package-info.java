/**
 * What gateway and auth-service must agree on, written once: the session token format and the keyed
 * proofs the gateway attaches to requests it relays to auth-service.
 */
@NullMarked
package dev.gatehouse.protocol;

import org.jspecify.annotations.NullMarked;
