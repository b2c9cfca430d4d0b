/**
 * The Gatehouse benchmark: wrk drives the same static nginx upstream reached directly, through a
 * plain gateway route, through Gatehouse with a warm cache and with caching off, and through nginx
 * {@code auth_request} peers with and without {@code proxy_cache}, interleaved over several rounds;
 * then a token flood beside real users and revocation propagation. One table, a CSV and a latency
 * plot per run.
 */
@NullMarked
package dev.gatehouse.bench;

import org.jspecify.annotations.NullMarked;
