/**
 * Gatehouse auth-service: users, sessions, login/logout, RFC 7662 introspection and the revocation
 * log.
 */
@NullMarked
package dev.gatehouse.auth;

import org.jspecify.annotations.NullMarked;
