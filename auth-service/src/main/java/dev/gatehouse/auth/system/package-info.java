/**
 * Cross-cutting configuration: security filter chains, client authentication, errors, clock, access
 * log.
 */
@NullMarked
package dev.gatehouse.auth.system;

import org.jspecify.annotations.NullMarked;
