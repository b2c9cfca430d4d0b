package dev.gatehouse.bench.sessions;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cold path's cost: auth-service's CPU time per RFC 7662 introspection, with PostgreSQL, when
 * every request reaches it (the gateway's L1 off). Starts embedded PostgreSQL and one auth-service
 * per jar given (a candidate and, optionally, a baseline to compare with, each on its own fresh
 * database), seeds real sessions, warms each JVM up and then measures interleaved rounds (A B, B A,
 * ...) of {@code wrk} posting {@code token=<session token>} with the gateway's HTTP Basic client
 * credentials. CPU time comes from {@code /proc/<pid>/stat} over each round, divided by the
 * introspections answered; PostgreSQL's processes are counted apart.
 *
 * <pre>
 * ./mvnw -q -Pbench,introspection-cost -pl bench -am -Dmaven.test.skip=true verify \
 *     -Dgatehouse.introspection-cost.baseline-jar=/path/to/older/auth-service-exec.jar
 * </pre>
 */
public final class IntrospectionCost {

  private static final Duration STARTUP = Duration.ofMinutes(10);

  private IntrospectionCost() {}

  /** One service under test. */
  private record Candidate(String name, ServiceProcess process, URI base, Path script) {}

  public static void main(String[] args) throws Exception {
    Path workDir = Path.of(property("work-dir", "target/introspection-cost")).toAbsolutePath();
    Files.createDirectories(workDir);
    Map<String, Path> jars = new LinkedHashMap<>();
    jars.put("candidate", Path.of(property("auth-service-jar", "auth-service.jar")));
    String baseline = property("baseline-jar", "");
    if (!baseline.isEmpty()) {
      jars.put("baseline", Path.of(baseline));
    }
    int sessions = Integer.parseInt(property("sessions", "10000"));
    int connections = Integer.parseInt(property("concurrency", "16"));
    int pairs = Integer.parseInt(property("pairs", "3"));
    Duration warmup = duration(property("warmup", "30s"));
    Duration round = duration(property("duration", "15s"));
    List<String> extra = List.of(property("auth-args", "").split("\\s+"));
    List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
    List.of(property("auth-jvm-args", "").split("\\s+")).stream()
        .filter(a -> !a.isBlank())
        .forEach(jvm::add);
    String secret = randomSecret();

    List<Candidate> candidates = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> candidates.forEach(c -> c.process().stop()), "cost-stop"));
    try {
      for (Map.Entry<String, Path> jar : jars.entrySet()) {
        candidates.add(start(jar.getKey(), jar.getValue(), workDir, secret, sessions, jvm, extra));
      }
      for (Candidate candidate : candidates) {
        progress("warm-up " + candidate.name() + ": " + warmup.toSeconds() + " s");
        Wrk.run(candidate.base().toString(), candidate.script(), 2, connections, warmup);
      }
      Map<String, List<Round>> rounds = new LinkedHashMap<>();
      candidates.forEach(c -> rounds.put(c.name(), new ArrayList<>()));
      for (int pair = 0; pair < pairs; pair++) {
        List<Candidate> order = new ArrayList<>(candidates);
        if (pair % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Candidate candidate : order) {
          Round measured = measure(candidate, connections, round);
          progress(candidate.name() + " round " + (pair + 1) + ": " + measured);
          rounds.get(candidate.name()).add(measured);
        }
      }
      System.out.print(table(rounds, sessions, connections, round));
    } finally {
      candidates.forEach(c -> c.process().stop());
      candidates.forEach(c -> c.process().awaitStopped());
    }
    System.exit(0);
  }

  private static Candidate start(
      String name,
      Path jar,
      Path workDir,
      String secret,
      int sessions,
      List<String> jvm,
      List<String> extra) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    int port = FreePorts.next();
    String alicePassword = randomSecret();
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--spring.profiles.active=embedded",
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--gatehouse.introspection.client-secret=" + secret,
                "--gatehouse.demo.alice-password=" + alicePassword,
                "--gatehouse.demo.admin-password=" + randomSecret()));
    arguments.addAll(database.springArguments());
    extra.stream().filter(a -> !a.isBlank()).forEach(arguments::add);
    progress("starting " + name + " (" + jar.getFileName() + ") on port " + port);
    ServiceProcess process =
        ServiceProcess.start("auth-service-" + name, jar, workDir, jvm, arguments);
    URI base = URI.create("http://127.0.0.1:" + port);
    process.awaitHealthy(base.resolve("/actuator/health"), STARTUP);
    progress("seeding " + sessions + " sessions for " + name);
    List<String> tokens =
        SeededSessions.insert(
            database.jdbcUrl(),
            database.username(),
            database.password(),
            secret,
            "alice",
            sessions);
    Path tokenFile = SeededSessions.write(tokens, workDir.resolve(name + "-tokens.txt"));
    String basic =
        Base64.getEncoder().encodeToString(("gateway:" + secret).getBytes(StandardCharsets.UTF_8));
    Path script =
        Wrk.introspectionScript(
            tokenFile,
            "/oauth2/introspect",
            Map.of(
                "Authorization", "Basic " + basic,
                "Content-Type", "application/x-www-form-urlencoded",
                "Accept", "application/json"),
            workDir.resolve(name + "-introspect.lua"));
    return new Candidate(name, process, base, script);
  }

  /** One measured round: CPU per call of auth-service and of PostgreSQL. */
  record Round(Wrk.Result wrk, double authMicros, double postgresMicros) {

    @Override
    public String toString() {
      return "%,.0f req/s, p50 %.2f ms, p99 %.2f ms, auth-service %.0f us/call, PostgreSQL %.0f us/call, failed %d"
          .formatted(
              wrk.perSecond(),
              wrk.p50Millis(),
              wrk.p99Millis(),
              authMicros,
              postgresMicros,
              wrk.failed());
    }
  }

  private static Round measure(Candidate candidate, int connections, Duration duration) {
    Duration authBefore = ProcessCpu.of(candidate.process().pid());
    Duration postgresBefore = ProcessCpu.ofAllNamed("postgres");
    Wrk.Result result =
        Wrk.run(candidate.base().toString(), candidate.script(), 2, connections, duration);
    Duration auth = ProcessCpu.of(candidate.process().pid()).minus(authBefore);
    Duration postgres = ProcessCpu.ofAllNamed("postgres").minus(postgresBefore);
    double calls = Math.max(1, result.requests());
    return new Round(result, auth.toNanos() / 1000.0 / calls, postgres.toNanos() / 1000.0 / calls);
  }

  private static String table(
      Map<String, List<Round>> rounds, int sessions, int connections, Duration duration) {
    StringBuilder out = new StringBuilder();
    out.append(
        "Introspection cost: %d cores, %s %s; %d seeded sessions, wrk %d connections, %d s rounds%n"
            .formatted(
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                sessions,
                connections,
                duration.toSeconds()));
    out.append(
        "%-12s %10s %8s %8s %16s %16s %8s%n"
            .formatted(
                "jar",
                "calls/s",
                "p50 ms",
                "p99 ms",
                "auth us/call",
                "postgres us/call",
                "failed"));
    rounds.forEach(
        (name, list) -> {
          for (Round round : list) {
            out.append(row(name, round));
          }
          out.append(
              "%-12s %10.0f %8s %8s %16.0f %16.0f%n"
                  .formatted(
                      name + " median",
                      median(list.stream().mapToDouble(r -> r.wrk().perSecond()).toArray()),
                      "",
                      "",
                      median(list.stream().mapToDouble(Round::authMicros).toArray()),
                      median(list.stream().mapToDouble(Round::postgresMicros).toArray())));
        });
    return out.toString();
  }

  private static String row(String name, Round round) {
    return "%-12s %10.0f %8.2f %8.2f %16.0f %16.0f %8d%n"
        .formatted(
            name,
            round.wrk().perSecond(),
            round.wrk().p50Millis(),
            round.wrk().p99Millis(),
            round.authMicros(),
            round.postgresMicros(),
            round.wrk().failed());
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** A {@code gatehouse.introspection-cost.*} setting. */
  static String property(String name, String fallback) {
    return setting("gatehouse.introspection-cost.", name, fallback);
  }

  /** A system property, or the fallback when unset or blank. */
  static String setting(String prefix, String name, String fallback) {
    String value = System.getProperty(prefix + name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return Duration.parse(text);
  }

  static String randomSecret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static void progress(String message) {
    System.err.println("[bench] " + message);
  }
}
