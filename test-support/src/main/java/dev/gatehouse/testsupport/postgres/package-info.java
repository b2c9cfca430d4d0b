@NullMarked
package dev.gatehouse.testsupport.postgres;

import org.jspecify.annotations.NullMarked;
