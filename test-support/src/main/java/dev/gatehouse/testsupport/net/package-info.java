@NullMarked
package dev.gatehouse.testsupport.net;

import org.jspecify.annotations.NullMarked;
