/**
 * Faults with real processes: the whole Gatehouse stack on restartable processes (PostgreSQL,
 * Redis, auth-service, two gateways, demo-backend), a TCP proxy that slows a link down, and a
 * traffic driver that checks status, latency and identity of every answer. Used by the end-to-end
 * fault tests and by the chaos soak.
 */
@NullMarked
package dev.gatehouse.testsupport.faults;

import org.jspecify.annotations.NullMarked;
