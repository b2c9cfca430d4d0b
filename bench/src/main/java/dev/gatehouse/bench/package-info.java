/**
 * The Gatehouse benchmark: the same stub upstream reached directly, through a plain gateway route,
 * through Gatehouse with a warm cache and with caching off, plus revocation propagation; one table.
 */
@NullMarked
package dev.gatehouse.bench;

import org.jspecify.annotations.NullMarked;
