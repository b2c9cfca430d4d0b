/** Assertions on what a service writes to its console. */
@NullMarked
package dev.gatehouse.testsupport.logs;

import org.jspecify.annotations.NullMarked;
