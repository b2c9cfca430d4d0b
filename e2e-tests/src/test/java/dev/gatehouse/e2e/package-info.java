/** End-to-end tests: the three real services started from their packaged jars. */
@NullMarked
package dev.gatehouse.e2e;

import org.jspecify.annotations.NullMarked;
