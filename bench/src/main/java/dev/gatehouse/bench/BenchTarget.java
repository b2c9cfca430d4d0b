package dev.gatehouse.bench;

import java.net.URI;

/**
 * One of the interleaved targets: what wrk asks for, whether each request carries one of the
 * bench's session cookies, and what is watched around each measured round.
 *
 * @param key the row's letter, {@code a} to {@code f}, as in the table and the CSV
 * @param label what the row measures
 * @param url {@code GET} this
 * @param withSessions whether requests carry the sessions' cookies, round-robin
 * @param watch introspection calls and CPU clocks read around each round
 */
record BenchTarget(String key, String label, URI url, boolean withSessions, Watch watch) {

  static final String DIRECT = "a";
  static final String PLAIN = "b";
  static final String WARM = "c";
  static final String COLD = "d";
  static final String NGINX = "e";
  static final String NGINX_CACHED = "f";

  /** {@code (c) Gatehouse, warm cache}. */
  String title() {
    return "(" + key + ") " + label;
  }
}
