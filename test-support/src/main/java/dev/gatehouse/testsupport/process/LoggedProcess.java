package dev.gatehouse.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process started in a work directory with its output (stdout and stderr together) in {@code
 * <work-dir>/<name>.log}: what a failing test shows of the services and Redis nodes it started.
 */
public record LoggedProcess(Process process, Path log) {

  public static LoggedProcess start(String name, Path workDir, List<String> command) {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new LoggedProcess(process, log);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start " + name, ex);
    }
  }
}
