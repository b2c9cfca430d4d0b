/**
 * Forward-auth endpoint for proxies that keep their own gateway (nginx {@code auth_request},
 * Traefik ForwardAuth).
 */
@NullMarked
package dev.gatehouse.auth.internal;

import org.jspecify.annotations.NullMarked;
