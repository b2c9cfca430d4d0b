/**
 * Opaque session tokens, the session cookie, session creation and the active-session check shared
 * by introspection and forward-auth.
 */
@NullMarked
package dev.gatehouse.auth.session;

import org.jspecify.annotations.NullMarked;
