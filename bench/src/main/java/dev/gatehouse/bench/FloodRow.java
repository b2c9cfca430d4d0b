package dev.gatehouse.bench;

/**
 * One line of the flood table: the flood's statuses, the real users' load beside it (wrk with the
 * bench's sessions, as in row c) and the introspection calls the gateway made over the phase.
 *
 * @param label what the flood sent, and where
 * @param flood the hostile client's side
 * @param users the real users' side
 * @param introspections the gateway's introspection calls during the phase
 */
record FloodRow(String label, Flood.Result flood, WrkResult users, long introspections) {

  double introspectionsPerSecond() {
    return introspections / (flood.elapsed().toNanos() / 1e9);
  }

  double usersSuccessPercent() {
    return users.successPercent();
  }
}
