package dev.gatehouse.bench.sessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} (4.1) as a child process, spreading its requests over a file of session
 * tokens with a Lua script: each thread starts at its own offset and walks the whole list, so every
 * session is asked for about equally often. Load from outside the JVM: an in-process load loop
 * would compete with the services for the same two cores through the JIT and the GC as well.
 */
final class Wrk {

  /** A request per token, round-robin; the template gets the token as {@code %s}. */
  private static final String SCRIPT =
      """
      -- Written by the Gatehouse benchmark (bench/sessions).
      local tokens = {}
      for line in io.lines("%1$s") do tokens[#tokens + 1] = line end
      counter = 0
      offset = 0
      base = 0
      thread_count = 0
      function init(args)
        if args[1] then base = tonumber(args[1]) end
      end
      function setup(thread)
        thread:set("offset", thread_count * 7919)
        thread_count = thread_count + 1
      end
      function request()
        counter = counter + 1
        local token = tokens[((base + offset + counter) %% #tokens) + 1]
        %2$s
      end
      """;

  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(\\w+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(\\w+)");

  private Wrk() {}

  /** What one wrk run reported. */
  record Result(long requests, long failed, double seconds, double p50Millis, double p99Millis) {

    double perSecond() {
      return requests / seconds;
    }
  }

  /**
   * A Lua script asking {@code POST path} with a form body {@code token=<token>} (RFC 7662
   * introspection) and the given headers.
   */
  static Path introspectionScript(
      Path tokens, String path, Map<String, String> headers, Path file) {
    StringBuilder lua = new StringBuilder("return wrk.format(\"POST\", \"" + path + "\", {");
    headers.forEach(
        (name, value) ->
            lua.append("[\"").append(name).append("\"]=\"").append(value).append("\","));
    lua.append("}, \"token=\" .. token)");
    return write(file, SCRIPT.formatted(tokens, lua));
  }

  /** A Lua script asking {@code GET path} with the session cookie {@code cookie=<token>}. */
  static Path cookieScript(Path tokens, String path, String cookie, Path file) {
    String lua =
        "return wrk.format(\"GET\", \"" + path + "\", {[\"Cookie\"]=\"" + cookie + "=\" .. token})";
    return write(file, SCRIPT.formatted(tokens, lua));
  }

  /** Runs wrk for {@code duration} and parses its summary. */
  static Result run(String baseUrl, Path script, int threads, int connections, Duration duration) {
    return run(baseUrl, script, threads, connections, duration, 0);
  }

  /**
   * As {@link #run(String, Path, int, int, Duration)}, starting {@code start} tokens into the list:
   * two wrk processes on the same list do not ask for the same session at the same moment.
   */
  static Result run(
      String baseUrl, Path script, int threads, int connections, Duration duration, int start) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                baseUrl,
                "--",
                Integer.toString(start)));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed (" + process.exitValue() + "):\n" + output);
      }
      return parse(output);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not run wrk (apt-get install wrk)", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while wrk ran", ex);
    }
  }

  static Result parse(String output) {
    Matcher requests = REQUESTS.matcher(output);
    if (!requests.find()) {
      throw new IllegalStateException("unexpected wrk output:\n" + output);
    }
    long count = Long.parseLong(requests.group(1));
    double seconds = seconds(Double.parseDouble(requests.group(2)), requests.group(3));
    long failed = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      failed += Long.parseLong(non2xx.group(1));
    }
    Matcher errors = ERRORS.matcher(output);
    if (errors.find()) {
      for (int i = 1; i <= 4; i++) {
        failed += Long.parseLong(errors.group(i));
      }
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    for (String line : output.split("\n")) {
      Matcher percentile = PERCENTILE.matcher(line);
      if (percentile.find()) {
        double millis =
            seconds(Double.parseDouble(percentile.group(2)), percentile.group(3)) * 1000;
        if (percentile.group(1).equals("50")) {
          p50 = millis;
        } else {
          p99 = millis;
        }
      }
    }
    return new Result(count, failed, seconds, p50, p99);
  }

  private static double seconds(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1_000_000;
      case "ms" -> value / 1_000;
      case "s" -> value;
      case "m" -> value * 60;
      case "h" -> value * 3600;
      default -> throw new IllegalArgumentException("unknown wrk unit " + unit);
    };
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not write " + file, ex);
    }
  }
}
