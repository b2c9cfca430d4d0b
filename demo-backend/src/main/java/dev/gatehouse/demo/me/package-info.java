/** {@code GET /api/me}: the caller's identity, read from the verified internal JWT. */
@NullMarked
package dev.gatehouse.demo.me;

import org.jspecify.annotations.NullMarked;
