package dev.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The sessions' {@code Cookie} header values, one a line, for wrk's script to read. They are
 * credentials: the file is readable by its owner only and deleted when the run ends.
 */
record CookieFile(Path path) implements AutoCloseable {

  static CookieFile write(Path directory, List<SessionCookie> sessions) {
    try {
      Path file =
          Files.createTempFile(
              directory,
              "sessions-",
              ".txt",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, sessions.stream().map(SessionCookie::header).toList());
      return new CookieFile(file);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not write the session list", ex);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not delete " + path, ex);
    }
  }
}
