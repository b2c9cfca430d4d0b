package dev.gatehouse.bench;

import dev.gatehouse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entry point of the benchmark ({@code ./mvnw -q -Pbench -pl bench -am -Dmaven.test.skip=true
 * verify}): the same stub upstream reached (a) directly, (b) through a gateway route without auth,
 * (c) through Gatehouse with a warm cache and (d) with its cache off, then one client flooding the
 * warm gateway with unknown tokens while real users keep working, then revocation propagation;
 * prints one table on standard output (progress goes to standard error).
 */
public final class Benchmark {

  private static final String ALICE = "alice";

  private Benchmark() {}

  public static void main(String[] args) {
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Watchdog.start(settings.deadline());
    long started = System.nanoTime();
    String table;
    try {
      table = run(settings, started);
    } catch (RuntimeException ex) {
      System.err.println("[bench] failed: " + ex.getMessage());
      System.err.println("[bench] service logs: " + settings.workDir());
      System.exit(1);
      return;
    }
    System.out.print(table);
    System.out.flush();
    System.exit(0);
  }

  private static String run(BenchSettings settings, long started) {
    progress("starting auth-service and two gateways (logs in " + settings.workDir() + ")");
    try (BenchStack stack = BenchStack.start(settings);
        LoadGenerator load = new LoadGenerator(settings)) {
      ControlClient control = new ControlClient(ALICE, stack.alicePassword);
      URI warm = stack.warmGateway.base();

      progress("logging in " + settings.sessions() + " sessions of " + ALICE);
      List<SessionCookie> sessions = control.login(warm, settings.sessions());

      progress("JIT warm-up: " + settings.jitWarmup().toSeconds() + " s per gateway");
      for (BenchStack.Endpoint gateway : List.of(stack.warmGateway, stack.coldGateway)) {
        Duration half = settings.jitWarmup().dividedBy(2);
        load.warmUp(Target.anonymous(gateway.uri("/plain/x")), half);
        load.warmUp(Target.withSessions(gateway.uri("/gh/x"), sessions), half);
      }

      ServiceProcess authService = stack.process(stack.authService);
      List<Row> rows = new ArrayList<>();
      rows.add(
          measure(
              load,
              "(a) stub upstream, direct",
              Target.anonymous(URI.create(stack.stub.baseUrl() + "/x")),
              Watch.NOTHING));
      rows.add(
          measure(
              load,
              "(b) gateway, plain route (auth: none)",
              Target.anonymous(stack.warmGateway.uri("/plain/x")),
              new Watch(null, stack.process(stack.warmGateway), authService)));
      rows.add(
          measure(
              load,
              "(c) Gatehouse, warm cache",
              Target.withSessions(stack.warmGateway.uri("/gh/x"), sessions),
              watchGatehouse(stack, stack.warmGateway, control)));
      rows.add(
          measure(
              load,
              "(d) Gatehouse, cold (L1 cache off)",
              Target.withSessions(stack.coldGateway.uri("/gh/x"), sessions),
              watchGatehouse(stack, stack.coldGateway, control)));

      List<FloodRow> floods = new ArrayList<>();
      try (Flood flood = new Flood(stack.clientSecret)) {
        IntrospectionCounter warmIntrospections =
            new IntrospectionCounter(control, stack.warmGateway.management());
        Target warmUsers = Target.withSessions(stack.warmGateway.uri("/gh/x"), sessions);
        for (Flood.Kind kind : Flood.Kind.values()) {
          floods.add(
              floodPhase(settings, load, flood, kind.label, kind, warmUsers, warmIntrospections));
        }
        // The same flood where no budget applies: what it costs auth-service without one.
        floods.add(
            floodPhase(
                settings,
                load,
                flood,
                "check-valid, cold gateway (no budget, no L1)",
                Flood.Kind.CHECK_VALID,
                Target.withSessions(stack.coldGateway.uri("/gh/x"), sessions),
                new IntrospectionCounter(control, stack.coldGateway.management())));
      }

      progress("revocation propagation: " + settings.revocations() + " logouts");
      RevocationResult revocation =
          new RevocationProbe(
                  control, warm, stack.warmGateway.uri("/gh/x"), stack.authService.base())
              .run(settings.revocations());

      long withoutBearer = stack.stub.gatehouseRequestsWithoutBearer();
      if (withoutBearer > 0) {
        throw new IllegalStateException(
            withoutBearer + " requests reached the stub under /gh/ without a bearer token");
      }
      return ResultTable.render(
          settings,
          rows,
          floods,
          revocation,
          NginxPeer.note(),
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * One client on {@link Flood#ADDRESS} floods a gateway with {@code kind} while the real users
   * keep their load on it from 127.0.0.1; the introspection counter is read around both.
   */
  private static FloodRow floodPhase(
      BenchSettings settings,
      LoadGenerator load,
      Flood flood,
      String label,
      Flood.Kind kind,
      Target users,
      IntrospectionCounter introspections) {
    progress("flood: " + label + " from " + Flood.ADDRESS + ", real users beside it");
    long before = introspections.read();
    CompletableFuture<Measurement> usersSide =
        CompletableFuture.supplyAsync(() -> load.measureFor(users, settings.duration()));
    Flood.Result hostile =
        flood.run(users.url(), kind, settings.floodConcurrency(), settings.duration());
    Measurement measured = usersSide.join();
    return new FloodRow(label, hostile, measured, introspections.read() - before);
  }

  private static Watch watchGatehouse(
      BenchStack stack, BenchStack.Endpoint gateway, ControlClient control) {
    return new Watch(
        new IntrospectionCounter(control, gateway.management()),
        stack.process(gateway),
        stack.process(stack.authService));
  }

  /** Warm-up, then the measurement; {@code watch} is read over the measurement only. */
  private static Row measure(LoadGenerator load, String label, Target target, Watch watch) {
    progress(label + ": " + target.url());
    AtomicReference<Watch.Reading> before = new AtomicReference<>();
    Measurement measurement = load.measure(target, () -> before.set(watch.read()));
    Watch.Delta watched = watch.since(before.get());
    if (measurement.ok() == 0) {
      throw new IllegalStateException(label + ": no request succeeded");
    }
    return new Row(label, measurement, watched);
  }

  private static void progress(String message) {
    System.err.println("[bench] " + message);
  }
}
