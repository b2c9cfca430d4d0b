/** The shipped Grafana dashboard as tests read it. */
@NullMarked
package dev.gatehouse.testsupport.grafana;

import org.jspecify.annotations.NullMarked;
