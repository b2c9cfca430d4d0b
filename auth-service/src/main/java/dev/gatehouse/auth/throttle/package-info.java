/**
 * Login throttling: per submitted username (exponential backoff after consecutive failures) and per
 * client address (failures per fixed window), in this instance's memory or shared through Redis.
 */
@NullMarked
package dev.gatehouse.auth.throttle;

import org.jspecify.annotations.NullMarked;
