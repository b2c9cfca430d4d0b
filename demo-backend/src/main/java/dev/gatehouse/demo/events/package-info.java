/** A long-lived event stream (server-sent events) for the caller, named by its verified JWT. */
@NullMarked
package dev.gatehouse.demo.events;

import org.jspecify.annotations.NullMarked;
