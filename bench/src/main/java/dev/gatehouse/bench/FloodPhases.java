package dev.gatehouse.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The flood phases (issue 9) after the measured rounds: one hostile client floods the warm gateway
 * with each kind of unknown bearer token while wrk keeps the real users' load on it, then the
 * check-valid flood once more against the cold gateway, where no miss budget applies.
 */
final class FloodPhases {

  private FloodPhases() {}

  static List<FloodRow> run(
      BenchSettings settings,
      BenchStack stack,
      ControlClient control,
      Wrk wrk,
      CookieFile cookies) {
    List<FloodRow> floods = new ArrayList<>();
    try (Flood flood = new Flood(stack.clientSecret)) {
      IntrospectionCounter warmIntrospections =
          new IntrospectionCounter(control, stack.warmGateway.management());
      URI warmUsers = stack.warmGateway.uri("/gh/x");
      for (Flood.Kind kind : Flood.Kind.values()) {
        floods.add(
            floodPhase(
                settings, wrk, cookies, flood, kind.label, kind, warmUsers, warmIntrospections));
      }
      // The same flood where no budget applies: what it costs auth-service without one.
      floods.add(
          floodPhase(
              settings,
              wrk,
              cookies,
              flood,
              "check-valid, cold gateway (no budget, no L1)",
              Flood.Kind.CHECK_VALID,
              stack.coldGateway.uri("/gh/x"),
              new IntrospectionCounter(control, stack.coldGateway.management())));
    }
    return floods;
  }

  /**
   * One client on {@link Flood#ADDRESS} floods a gateway with {@code kind} while the real users
   * keep their wrk load on it from 127.0.0.1; the introspection counter is read around both.
   */
  private static FloodRow floodPhase(
      BenchSettings settings,
      Wrk wrk,
      CookieFile cookies,
      Flood flood,
      String label,
      Flood.Kind kind,
      URI users,
      IntrospectionCounter introspections) {
    Benchmark.progress("flood: " + label + " from " + Flood.ADDRESS + ", real users beside it");
    long before = introspections.read();
    CompletableFuture<WrkResult> usersSide =
        CompletableFuture.supplyAsync(
            () -> wrk.run("flood-users", users, cookies, settings.duration()));
    Flood.Result hostile = flood.run(users, kind, settings.floodConcurrency(), settings.duration());
    WrkResult measured = usersSide.join();
    return new FloodRow(label, hostile, measured, introspections.read() - before);
  }
}
