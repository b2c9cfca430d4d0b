package dev.gatehouse.bench;

import java.time.Duration;
import java.util.List;

/** Everything one run measured: what the table, the CSV and the plot are drawn from. */
record BenchReport(
    BenchSettings settings,
    BenchEnvironment environment,
    List<TargetResult> targets,
    List<IssueTargets.Check> checks,
    List<FloodRow> floods,
    RevocationResult revocation,
    Duration wallTime) {}
