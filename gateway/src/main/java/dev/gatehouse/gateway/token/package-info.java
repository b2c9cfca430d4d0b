@NullMarked
package dev.gatehouse.gateway.token;

import org.jspecify.annotations.NullMarked;
