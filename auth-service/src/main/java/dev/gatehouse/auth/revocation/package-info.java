/**
 * Session revocation (database first, then a best-effort Redis publish) and the revocation feed
 * that gateways poll.
 */
@NullMarked
package dev.gatehouse.auth.revocation;

import org.jspecify.annotations.NullMarked;
