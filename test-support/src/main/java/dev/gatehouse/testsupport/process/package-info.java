@NullMarked
package dev.gatehouse.testsupport.process;

import org.jspecify.annotations.NullMarked;
