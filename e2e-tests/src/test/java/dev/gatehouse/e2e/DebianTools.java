package dev.gatehouse.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Debian tools the deployment tests run (nginx, openssl, docker-compose, bash), found on the
 * {@code PATH} or in {@code /usr/sbin} (nginx lives there and a normal user's {@code PATH} often
 * lacks it). A missing tool fails the test with the package that provides it, never a skip: a
 * deployment check that silently does not run protects nothing. {@code .ci/run} installs them.
 */
final class DebianTools {

  private DebianTools() {}

  /** The executable {@code command}, or a failure naming {@code debianPackage}. */
  static Path require(String command, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/sbin", "/usr/bin"))
        .filter(directory -> !directory.isBlank())
        .map(directory -> Path.of(directory, command))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the deployment tests need "
                        + command
                        + " (Debian package "
                        + debianPackage
                        + "): apt-get install -y "
                        + debianPackage
                        + " — .ci/run installs it"));
  }

  /** The result of a finished command: exit code and everything it printed (both streams). */
  record Result(int exitCode, String output) {}

  /** Runs {@code command} in {@code directory} and waits up to two minutes for it to end. */
  static Result run(Path directory, List<String> command) {
    try {
      Path output = Files.createTempFile("gatehouse-command-", ".log");
      try {
        Process process =
            new ProcessBuilder(new ArrayList<>(command))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("still running after 2 minutes: " + command);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("could not run " + command, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, ex);
    }
  }

  /** Like {@link #run}, but fails with the command's output unless it exits with 0. */
  static String runOrFail(Path directory, List<String> command) {
    Result result = run(directory, command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          command + " exited with " + result.exitCode() + ":\n" + result.output());
    }
    return result.output();
  }
}
