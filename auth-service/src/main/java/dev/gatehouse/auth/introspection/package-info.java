/** RFC 7662 token introspection for the gateway. */
@NullMarked
package dev.gatehouse.auth.introspection;

import org.jspecify.annotations.NullMarked;
