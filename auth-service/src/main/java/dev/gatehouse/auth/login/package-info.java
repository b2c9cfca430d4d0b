/**
 * The login form and JSON login (creates a fresh session and sets the session cookie) and logout.
 */
@NullMarked
package dev.gatehouse.auth.login;

import org.jspecify.annotations.NullMarked;
