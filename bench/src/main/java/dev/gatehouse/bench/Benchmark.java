package dev.gatehouse.bench;

import dev.gatehouse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Entry point of the benchmark ({@code ./mvnw -q -Pbench -pl bench -am -Dmaven.test.skip=true
 * verify}): wrk drives (a) the static upstream directly, (b) a gateway route without auth, (c)
 * Gatehouse with a warm cache, (d) with its L1 cache off, (e) nginx {@code auth_request} asking
 * auth-service on every request and (f) the same with a 5 s {@code proxy_cache}, all in front of
 * the same upstream and interleaved over several rounds; then one client floods the warm gateway
 * with unknown tokens while real users keep working, then revocation propagation. Prints one table
 * on standard output (progress goes to standard error) and writes a CSV and a latency plot under
 * {@code bench/results/}.
 */
public final class Benchmark {

  private static final String ALICE = "alice";

  private Benchmark() {}

  public static void main(String[] args) {
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Watchdog.start(settings.deadline());
    BenchReport report;
    try {
      report = run(settings);
    } catch (RuntimeException ex) {
      System.err.println("[bench] failed: " + ex.getMessage());
      System.err.println("[bench] logs: " + settings.workDir());
      System.exit(1);
      return;
    }
    String table = ResultTable.render(report);
    Path csv = ResultsCsv.write(settings.resultsDir(), report);
    Path plot = LatencyPlot.write(settings.resultsDir(), report);
    System.out.print(table);
    System.out.println("results: " + csv + ", " + plot);
    System.out.flush();
    System.exit(0);
  }

  private static BenchReport run(BenchSettings settings) {
    Instant started = Instant.now();
    long startedNanos = System.nanoTime();
    Path workDir = BenchStack.prepare(settings.workDir());
    Path wrkExecutable = Tools.require("wrk", "wrk", workDir);
    Optional<BenchStack.Nginx> nginx =
        Tools.findOrInstall("nginx", "nginx", workDir)
            .map(
                path ->
                    new BenchStack.Nginx(path, Tools.firstLine(List.of(path.toString(), "-v"))));
    if (nginx.isEmpty()) {
      progress(
          "nginx could not be installed: the Java stub is the upstream, rows (e) and (f) are"
              + " left out");
    }
    Wrk wrk = new Wrk(wrkExecutable, workDir, settings.connections(), settings.threads());
    progress(
        "starting the upstream, auth-service, two gateways and the nginx peers (logs in "
            + workDir
            + ")");
    try (BenchStack stack = BenchStack.start(settings, nginx.orElse(null))) {
      ControlClient control = new ControlClient(ALICE, stack.alicePassword);
      URI warm = stack.warmGateway.base();

      progress("logging in " + settings.sessions() + " sessions of " + ALICE);
      List<SessionCookie> sessions = control.login(warm, settings.sessions());
      try (CookieFile cookies = CookieFile.write(workDir, sessions)) {
        List<BenchTarget> targets = targets(stack, control);
        for (BenchTarget target : targets) {
          int status =
              target.withSessions()
                  ? control.status(target.url(), sessions.get(0))
                  : control.status(target.url());
          if (status != 200) {
            throw new IllegalStateException(
                target.title() + " answered " + status + " to one request, expected 200");
          }
        }
        progress("JIT warm-up: " + settings.jitWarmup().toSeconds() + " s per service path");
        wrk.run("jit-plain", stack.warmGateway.uri("/plain/x"), null, settings.jitWarmup());
        wrk.run("jit-warm", stack.warmGateway.uri("/gh/x"), cookies, settings.jitWarmup());
        wrk.run("jit-cold", stack.coldGateway.uri("/gh/x"), cookies, settings.jitWarmup());
        if (stack.peers() != null) {
          wrk.run("jit-peer", stack.peerPlain.resolve("/x"), cookies, settings.jitWarmup());
        }

        List<TargetResult> results = InterleavedRun.run(settings, wrk, targets, cookies);
        List<TargetResult> paced = InterleavedRun.paced(settings, wrk, targets, cookies);
        List<FloodRow> floods = FloodPhases.run(settings, stack, control, wrk, cookies);

        progress("revocation propagation: " + settings.revocations() + " logouts");
        RevocationResult revocation =
            new RevocationProbe(
                    control, warm, stack.warmGateway.uri("/gh/x"), stack.authService.base())
                .run(settings.revocations());

        BenchEnvironment environment =
            new BenchEnvironment(
                started,
                Runtime.getRuntime().availableProcessors(),
                BenchEnvironment.cpuModel(),
                BenchEnvironment.javaRuntime(),
                BenchEnvironment.operatingSystem(),
                wrk.version(),
                stack.upstream().description(),
                nginx.map(BenchStack.Nginx::version).orElse("nginx not available"));
        return new BenchReport(
            settings,
            environment,
            results,
            paced,
            IssueTargets.check(results, paced, settings.pacedRate()),
            floods,
            revocation,
            Duration.ofNanos(System.nanoTime() - startedNanos));
      }
    }
  }

  private static List<BenchTarget> targets(BenchStack stack, ControlClient control) {
    ServiceProcess authService = stack.process(stack.authService);
    ServiceProcess warm = stack.process(stack.warmGateway);
    ServiceProcess cold = stack.process(stack.coldGateway);
    boolean nginx = stack.upstream() instanceof NginxUpstream;
    List<BenchTarget> targets = new ArrayList<>();
    targets.add(
        new BenchTarget(
            BenchTarget.DIRECT,
            nginx ? "static responder, direct" : "stub upstream, direct",
            URI.create(stack.upstream().baseUrl() + "/x"),
            false,
            Watch.NOTHING));
    targets.add(
        new BenchTarget(
            BenchTarget.PLAIN,
            "gateway, plain route (auth: none)",
            stack.warmGateway.uri("/plain/x"),
            false,
            new Watch(null, warm::cpuTime, authService::cpuTime, null)));
    targets.add(
        new BenchTarget(
            BenchTarget.WARM,
            "Gatehouse, warm cache",
            stack.warmGateway.uri("/gh/x"),
            true,
            new Watch(
                new IntrospectionCounter(control, stack.warmGateway.management()),
                warm::cpuTime,
                authService::cpuTime,
                null)));
    targets.add(
        new BenchTarget(
            BenchTarget.COLD,
            "Gatehouse, cold (L1 cache off)",
            stack.coldGateway.uri("/gh/x"),
            true,
            new Watch(
                new IntrospectionCounter(control, stack.coldGateway.management()),
                cold::cpuTime,
                authService::cpuTime,
                null)));
    NginxServer peers = stack.peers();
    if (peers != null) {
      Supplier<Duration> nginxCpu = peers::cpuTime;
      targets.add(
          new BenchTarget(
              BenchTarget.NGINX,
              "nginx auth_request, no cache",
              stack.peerPlain.resolve("/x"),
              true,
              new Watch(null, null, authService::cpuTime, nginxCpu)));
      targets.add(
          new BenchTarget(
              BenchTarget.NGINX_CACHED,
              "nginx auth_request + proxy_cache " + NginxConfigs.AUTH_CACHE_VALIDITY,
              stack.peerCached.resolve("/x"),
              true,
              new Watch(null, null, authService::cpuTime, nginxCpu)));
    }
    return targets;
  }

  static void progress(String message) {
    System.err.println("[bench] " + message);
  }
}
