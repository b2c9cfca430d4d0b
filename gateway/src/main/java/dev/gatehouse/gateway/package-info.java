/** Gatehouse gateway: session cookies in, short-lived signed internal JWTs out. */
@NullMarked
package dev.gatehouse.gateway;

import org.jspecify.annotations.NullMarked;
