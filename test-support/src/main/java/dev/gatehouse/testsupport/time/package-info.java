/** Time under the test's control. */
@NullMarked
package dev.gatehouse.testsupport.time;

import org.jspecify.annotations.NullMarked;
