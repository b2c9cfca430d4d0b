@NullMarked
package dev.gatehouse.testsupport.redis;

import org.jspecify.annotations.NullMarked;
