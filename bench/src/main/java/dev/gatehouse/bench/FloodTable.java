package dev.gatehouse.bench;

import java.util.List;

/** The flood phases' part of the benchmark's printed result ({@link ResultTable}). */
final class FloodTable {

  private static final String FLOOD_ROW = "%-44s %7s %7s %7s %6s %14s %7s %7s %7s%n";

  private FloodTable() {}

  static void append(StringBuilder out, BenchSettings settings, List<FloodRow> floods) {
    if (floods.isEmpty()) {
      return;
    }
    out.append(
        ResultTable.format(
            "flood: one client (%s, %d in flight) sends a new bearer token per request for %s,"
                + "%n  while the real users (127.0.0.1, wrk with %d connections, the bench's"
                + " sessions) keep requesting through the same gateway%n",
            Flood.ADDRESS,
            settings.floodConcurrency(),
            ResultTable.seconds(settings.duration()),
            settings.connections()));
    String floodHeader =
        ResultTable.format(
            FLOOD_ROW,
            "",
            "flood",
            "401",
            "429",
            "other",
            "introspections",
            "users",
            "users",
            "users");
    out.append(floodHeader);
    out.append(
        ResultTable.format(FLOOD_ROW, "", "req/s", "", "", "", "per s", "req/s", "ok %", "p99 ms"));
    String rule = "-".repeat(floodHeader.stripTrailing().length()) + "\n";
    out.append(rule);
    for (FloodRow row : floods) {
      Flood.Result flood = row.flood();
      out.append(
          ResultTable.format(
              FLOOD_ROW,
              row.label(),
              ResultTable.format("%,.0f", flood.requestsPerSecond()),
              ResultTable.format("%,d", flood.count(401)),
              ResultTable.format("%,d", flood.count(429)),
              ResultTable.format("%,d", flood.others()),
              ResultTable.format("%,.1f", row.introspectionsPerSecond()),
              ResultTable.format("%,.0f", row.users().requestsPerSecond()),
              ResultTable.format("%.2f", row.usersSuccessPercent()),
              ResultTable.format("%.2f", WrkResult.millis(row.users().p99Micros()))));
    }
    out.append(rule);
    for (FloodRow row : floods) {
      String others = row.flood().othersDetail();
      if (!others.isEmpty()) {
        out.append("  other answers to the flood, ").append(row.label()).append(": ");
        out.append(others).append('\n');
      }
    }
  }
}
