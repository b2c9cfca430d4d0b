package dev.gatehouse.bench;

/**
 * One target's measured round: wrk's result and what was watched over the same seconds.
 *
 * @param round 1, 2, ...
 */
record RoundResult(int round, WrkResult wrk, Watch.Delta watched) {}
