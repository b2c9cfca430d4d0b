@NullMarked
package dev.gatehouse.gateway.system;

import org.jspecify.annotations.NullMarked;
