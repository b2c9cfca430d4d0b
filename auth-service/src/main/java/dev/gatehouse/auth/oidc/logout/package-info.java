/**
 * Logout with an OpenID provider: the receiver of OpenID Connect Back-Channel Logout 1.0 (the
 * provider tells Gatehouse that a user's provider session ended, and the Gatehouse sessions it
 * created are revoked through the revocation feature), and RP-Initiated Logout 1.0 (Gatehouse
 * logout also sends the browser to the provider's {@code end_session_endpoint}).
 */
@NullMarked
package dev.gatehouse.auth.oidc.logout;

import org.jspecify.annotations.NullMarked;
