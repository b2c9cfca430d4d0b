package dev.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One CSV per run, {@code bench-<UTC timestamp>.csv} in the results directory: a line per target
 * and round, then the target's {@code median} line (what the table shows), with the machine and
 * settings on every line so that files from several runs concatenate into one data set. The last
 * column, {@code load}, is {@code closed-loop} for the main rounds and {@code paced-<req/s>} for
 * the paced phase.
 */
final class ResultsCsv {

  private static final String HEADER =
      "started_utc,cores,cpu,java,wrk,upstream,connections,threads,sessions,warmup_s,duration_s,"
          + "target,label,round,requests,errors_non2xx,errors_socket,req_per_s,p50_ms,p90_ms,"
          + "p99_ms,p999_ms,max_ms,introspections_per_10k,gateway_cpu_us_per_req,"
          + "auth_cpu_us_per_req,nginx_cpu_us_per_req,load";

  private ResultsCsv() {}

  static Path write(Path directory, BenchReport report) {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    addLines(lines, report, report.targets(), "closed-loop");
    addLines(lines, report, report.paced(), "paced-" + report.settings().pacedRate());
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("bench-" + report.environment().stamp() + ".csv");
      Files.write(file, lines);
      return file;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not write the results to " + directory, ex);
    }
  }

  private static void addLines(
      List<String> lines, BenchReport report, List<TargetResult> results, String load) {
    for (TargetResult result : results) {
      for (RoundResult round : result.rounds()) {
        TargetResult single = new TargetResult(result.target(), List.of(round));
        lines.add(
            line(report, single, String.valueOf(round.round()), round.wrk().requests(), load));
      }
      long requests = result.rounds().stream().mapToLong(r -> r.wrk().requests()).sum();
      lines.add(line(report, result, "median", requests, load));
    }
  }

  private static String line(
      BenchReport report, TargetResult result, String round, long requests, String load) {
    BenchEnvironment environment = report.environment();
    BenchSettings settings = report.settings();
    long non2xx = result.rounds().stream().mapToLong(r -> r.wrk().non2xx()).sum();
    long socket = result.rounds().stream().mapToLong(r -> r.wrk().socketErrors()).sum();
    List<String> cells =
        List.of(
            environment.started().toString(),
            String.valueOf(environment.cores()),
            quote(environment.cpu()),
            quote(environment.java()),
            quote(environment.wrk().replaceFirst(" Copyright.*", "")),
            quote(environment.upstream()),
            String.valueOf(settings.connections()),
            String.valueOf(settings.threads()),
            String.valueOf(settings.sessions()),
            seconds(settings.warmup()),
            seconds(settings.duration()),
            result.target().key(),
            quote(result.target().label()),
            round,
            String.valueOf(requests),
            String.valueOf(non2xx),
            String.valueOf(socket),
            number(result.requestsPerSecond(), "%.1f"),
            number(result.p50Millis(), "%.3f"),
            number(result.p90Millis(), "%.3f"),
            number(result.p99Millis(), "%.3f"),
            number(result.p999Millis(), "%.3f"),
            number(result.maxMillis(), "%.3f"),
            optional(result, TargetResult::introspectionsPer10k),
            optional(result, TargetResult::gatewayCpuMicrosPerRequest),
            optional(result, TargetResult::authServiceCpuMicrosPerRequest),
            optional(result, TargetResult::nginxCpuMicrosPerRequest),
            load);
    return String.join(",", cells);
  }

  private static String optional(
      TargetResult result, Function<TargetResult, @Nullable Double> value) {
    Double found = value.apply(result);
    return found == null ? "" : number(found, "%.1f");
  }

  private static String number(double value, String pattern) {
    return String.format(Locale.ROOT, pattern, value);
  }

  private static String seconds(Duration duration) {
    return number(duration.toMillis() / 1000.0, "%.1f");
  }

  private static String quote(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
