@NullMarked
package dev.gatehouse.gateway.routing;

import org.jspecify.annotations.NullMarked;
