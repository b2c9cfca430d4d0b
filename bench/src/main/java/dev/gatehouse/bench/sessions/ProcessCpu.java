package dev.gatehouse.bench.sessions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (user + system, in clock ticks of 10 ms): one
 * process, or every process of a given name (PostgreSQL's backends are one process per connection).
 */
final class ProcessCpu {

  /** {@code getconf CLK_TCK} on Linux x86-64 and arm64. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  static Duration of(long pid) {
    return ticksToDuration(ticks(Path.of("/proc", Long.toString(pid), "stat")));
  }

  /** The summed CPU time of every live process whose command name is {@code name}. */
  static Duration ofAllNamed(String name) {
    long total = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        Path stat = process.resolve("stat");
        String line = read(stat);
        if (line != null && line.contains("(" + name + ")")) {
          total += ticks(line);
        }
      }
    } catch (IOException ex) {
      return Duration.ZERO;
    }
    return ticksToDuration(total);
  }

  private static long ticks(Path stat) {
    String line = read(stat);
    return line == null ? 0 : ticks(line);
  }

  /** Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces. */
  private static long ticks(String line) {
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static @Nullable String read(Path stat) {
    try {
      return Files.readString(stat);
    } catch (IOException ex) {
      // The process ended between the listing and the read.
      return null;
    }
  }

  private static Duration ticksToDuration(long ticks) {
    return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
  }
}
