/**
 * Resource-server configuration only (RFC 6750 bearer tokens, RFC 7519 JWT): no custom security
 * code.
 */
@NullMarked
package dev.gatehouse.demo.security;

import org.jspecify.annotations.NullMarked;
