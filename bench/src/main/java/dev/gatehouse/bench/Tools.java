package dev.gatehouse.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Debian programs the benchmark drives (wrk, nginx): found on {@code PATH} or in the sbin
 * directories (nginx lives in {@code /usr/sbin}, which a non-root {@code PATH} often lacks), and
 * installed with {@code apt-get install -y} when missing, so the documented command works on a
 * fresh machine.
 */
final class Tools {

  private static final long INSTALL_MINUTES = 5;

  private Tools() {}

  /** Where {@code command} is, installing {@code debianPackage} first when it is missing. */
  static Optional<Path> findOrInstall(String command, String debianPackage, Path workDir) {
    Optional<Path> found = find(command);
    if (found.isPresent()) {
      return found;
    }
    progress(command + " not found: apt-get install -y " + debianPackage);
    Path log = workDir.resolve("apt-" + debianPackage + ".log");
    if (run(log, aptGet("install", "-y", debianPackage)) != 0) {
      // A fresh container often has no package lists yet.
      run(log, aptGet("update"));
      run(log, aptGet("install", "-y", debianPackage));
    }
    return find(command);
  }

  /** As {@link #findOrInstall}, failing with what to do when it cannot be had. */
  static Path require(String command, String debianPackage, Path workDir) {
    return findOrInstall(command, debianPackage, workDir)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    command
                        + " is not installed and `apt-get install -y "
                        + debianPackage
                        + "` did not install it (see "
                        + workDir.resolve("apt-" + debianPackage + ".log")
                        + "): install the Debian package "
                        + debianPackage
                        + " and run the benchmark again"));
  }

  static Optional<Path> find(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> directories = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
    return directories.stream()
        .filter(directory -> !directory.isBlank())
        .map(directory -> Path.of(directory, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The first line {@code command} prints (stdout and stderr together), e.g. its version. */
  static String firstLine(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      return output.lines().findFirst().orElse("").trim();
    } catch (IOException ex) {
      return "(unknown)";
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return "(unknown)";
    }
  }

  private static List<String> aptGet(String... arguments) {
    List<String> command = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      // Never prompts: without a password-less sudo the install fails and says so.
      command.addAll(List.of("sudo", "-n"));
    }
    command.add("apt-get");
    command.addAll(List.of(arguments));
    return command;
  }

  private static int run(Path log, List<String> command) {
    try {
      Files.writeString(
          log,
          "$ " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException ex) {
      // No apt-get or no sudo on this machine: the caller reports the missing program.
      return -1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("could not delete " + root, ex);
    }
  }

  private static void progress(String message) {
    System.err.println("[bench] " + message);
  }
}
