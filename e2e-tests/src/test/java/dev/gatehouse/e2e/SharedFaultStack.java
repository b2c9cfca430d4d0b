package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.faults.FaultStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link FaultStack} of the fault tests, started by the first test class that needs it and
 * stopped when the JVM exits. Every test heals what it broke ({@link FaultStack#heal()}), so the
 * classes share it instead of paying for six JVM starts each.
 */
final class SharedFaultStack {

  /**
   * The longest any request may take while a fault lasts: the introspection timeout and the route
   * response timeout the gateways are configured with, plus 5 s for a loaded 2-core machine. A
   * correctness bound (nothing hangs), not a performance target.
   */
  static final Duration LATENCY_BOUND =
      FaultStack.INTROSPECTION_TIMEOUT.plus(FaultStack.RESPONSE_TIMEOUT).plusSeconds(5);

  private static @Nullable FaultStack shared;

  private SharedFaultStack() {}

  static synchronized FaultStack get() {
    if (shared == null) {
      Path workDir = Launcher.workDir().resolve("faults");
      FaultStack started =
          FaultStack.start(
              new FaultStack.Settings(
                  Launcher.jar("auth-service"),
                  Launcher.jar("gateway"),
                  Launcher.jar("demo-backend"),
                  workDir,
                  List.of(),
                  List.of()));
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      shared = started;
    }
    return shared;
  }
}
