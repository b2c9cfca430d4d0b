/**
 * The chaos soak (issue 13): mixed traffic across two gateways for minutes while auth-service,
 * Redis, PostgreSQL and a gateway are killed, frozen and restarted on a schedule; it ends by
 * printing what every request got per phase and the figures that must be 0. Not part of CI.
 */
@NullMarked
package dev.gatehouse.bench.soak;

import org.jspecify.annotations.NullMarked;
