@NullMarked
package dev.gatehouse.gateway.session;

import org.jspecify.annotations.NullMarked;
