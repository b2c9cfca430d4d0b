/**
 * Revocation fan-out: Redis pub/sub for speed and the auth-service revocation feed for certainty.
 */
@NullMarked
package dev.gatehouse.gateway.revocation;

import org.jspecify.annotations.NullMarked;
