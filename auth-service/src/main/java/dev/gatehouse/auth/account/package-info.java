/**
 * Users manage their own sessions: {@code GET /account/sessions}, {@code DELETE
 * /account/sessions/{sid}}, "log out other devices", and the {@code GET /account} page. A user can
 * see and end only their own sessions; another user's session id is answered as unknown (404).
 */
@NullMarked
package dev.gatehouse.auth.account;

import org.jspecify.annotations.NullMarked;
