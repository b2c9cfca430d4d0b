/**
 * The demo backend: a stateless Spring MVC service that trusts only the gateway's verified internal
 * JWT.
 */
@NullMarked
package dev.gatehouse.demo;

import org.jspecify.annotations.NullMarked;
