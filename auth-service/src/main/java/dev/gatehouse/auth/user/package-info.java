/** User accounts, password hashing and the demo users of the embedded profile. */
@NullMarked
package dev.gatehouse.auth.user;

import org.jspecify.annotations.NullMarked;
