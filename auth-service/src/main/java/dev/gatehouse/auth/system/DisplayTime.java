package dev.gatehouse.auth.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the HTML pages show instants: UTC, to the second, unambiguous whatever the reader's zone (the
 * pages also carry the ISO-8601 value in {@code <time datetime>}). Templates call it as the model
 * attribute {@code times}.
 */
public final class DisplayTime {

  /** The one instance; stateless. */
  public static final DisplayTime INSTANCE = new DisplayTime();

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private DisplayTime() {}

  public String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
