/**
 * TOTP multi-factor authentication (RFC 6238): enrollment, recovery codes, the second login step,
 * step-up of a password-only session, and the operator's reset.
 */
@NullMarked
package dev.gatehouse.auth.mfa;

import org.jspecify.annotations.NullMarked;
