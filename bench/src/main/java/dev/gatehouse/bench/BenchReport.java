package dev.gatehouse.bench;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run measured: what the table, the CSV and the plot are drawn from.
 *
 * @param targets the closed-loop rounds of (a) to (f)
 * @param paced the paced phase's rounds ({@link BenchSettings#pacedRate()}), empty when left out
 */
record BenchReport(
    BenchSettings settings,
    BenchEnvironment environment,
    List<TargetResult> targets,
    List<TargetResult> paced,
    List<IssueTargets.Check> checks,
    List<FloodRow> floods,
    RevocationResult revocation,
    Duration wallTime) {}
