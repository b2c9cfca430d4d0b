/** RFC 6238 TOTP codes for tests, computed from a secret as an authenticator app would. */
@NullMarked
package dev.gatehouse.testsupport.totp;

import org.jspecify.annotations.NullMarked;
