package dev.gatehouse.bench.soak;

import dev.gatehouse.bench.Pause;
import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.FaultStack;
import dev.gatehouse.testsupport.faults.Session;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chaos soak: starts the {@link FaultStack} (PostgreSQL, Redis, auth-service, two gateways,
 * demo-backend), runs users, an operator forcing logouts and event streams across both gateways,
 * and meanwhile kills, freezes and restarts auth-service, Redis, PostgreSQL and gateway 0 on a
 * {@link Fault#schedule() schedule}. It ends by printing the requests, a status histogram and
 * latency percentiles per phase, identity mismatches and sessions served after their revocation
 * bound (both must be 0), whether every acknowledged note is still readable, and gateway 1's heap
 * after a GC before and after; it exits with status 1 when a figure that must be 0 is not.
 */
public final class ChaosSoak {

  private static final Pattern HEAP_VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.E+]+)");

  private ChaosSoak() {}

  public static void main(String[] args) throws Exception {
    SoakSettings settings = SoakSettings.fromSystemProperties();
    Instant began = Instant.now();
    System.out.println("starting the fault stack (6 processes) ...");
    try (FaultStack stack =
        FaultStack.start(
            new FaultStack.Settings(
                settings.authServiceJar(),
                settings.gatewayJar(),
                settings.backendJar(),
                settings.workDir(),
                // every soak client comes from 127.0.0.1: the per-address miss budget is for
                // floods from one address, not for a whole user population behind one
                List.of("--gatehouse.introspection.client-miss-rate=0"),
                List.of("--gatehouse.notes.max-per-user=1000000")))) {
      System.exit(run(settings, stack, began) ? 0 : 1);
    }
  }

  private static boolean run(SoakSettings settings, FaultStack stack, Instant began)
      throws Exception {
    FaultClient client = new FaultClient(stack);
    SoakRecorder recorder = new SoakRecorder();
    Revocations revocations = new Revocations(recorder, settings.revocationBound());
    LiveSessions live = new LiveSessions();
    Queue<String> notes = new ConcurrentLinkedQueue<>();
    boolean[] running = {true};
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < settings.users(); i++) {
      threads.add(
          thread(
              "user-" + i,
              new UserWorker(client, recorder, revocations, live, notes, () -> running[0])));
    }
    for (int i = 0; i < settings.streams(); i++) {
      threads.add(
          thread(
              "stream-" + i,
              new StreamWorker(client, recorder, revocations, live, i % 2, () -> running[0])));
    }
    threads.add(
        thread(
            "admin",
            new AdminWorker(
                client, recorder, revocations, live, Duration.ofSeconds(10), () -> running[0])));
    threads.add(thread("revocation-probe", () -> revocations.probe(client, () -> running[0])));

    Pause.of(Duration.ofSeconds(20));
    long heapBefore = heapAfterGc(stack, 1);
    recorder.phase("steady");
    Pause.of(settings.recovery());
    Instant deadline = Instant.now().plus(settings.duration());
    int faults = 0;
    outer:
    while (true) {
      for (Fault fault : Fault.schedule()) {
        if (Instant.now().isAfter(deadline)) {
          break outer;
        }
        recorder.phase(fault.name());
        System.out.printf("%s  %s%n", Instant.now(), fault.name());
        fault.apply(stack, settings.faultHold());
        faults++;
        recorder.phase("after " + fault.name());
        Pause.of(settings.recovery());
      }
    }
    recorder.phase("end");
    stack.heal();
    running[0] = false;
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(40));
    }
    long heapAfter = heapAfterGc(stack, 1);
    NotesCheck notesCheck = NotesCheck.of(client, List.copyOf(notes));
    return SoakReport.print(settings, recorder, faults, began, heapBefore, heapAfter, notesCheck);
  }

  /** Notes acknowledged with 2xx, and how many of them a fresh session can no longer read. */
  record NotesCheck(int acknowledged, int missing) {

    static NotesCheck of(FaultClient client, List<String> acknowledged) {
      Session reader = client.loginAlice(1);
      Set<String> stored = new HashSet<>();
      client
          .jsonBody(1, "/api/notes", reader)
          .ifPresent(list -> list.forEach(note -> stored.add(note.get("text").asString())));
      int missing = 0;
      for (String text : acknowledged) {
        if (!stored.contains(text)) {
          missing++;
        }
      }
      return new NotesCheck(acknowledged.size(), missing);
    }
  }

  private static Thread thread(String name, Runnable work) {
    Thread thread = new Thread(work, "soak-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** {@code jcmd GC.run} on the gateway, then its heap in use from the metrics endpoint. */
  private static long heapAfterGc(FaultStack stack, int gateway)
      throws IOException, InterruptedException {
    long pid = stack.gateways.get(gateway).process().pid();
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor(30, TimeUnit.SECONDS);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        stack.management(
                            gateway, "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher value = HEAP_VALUE.matcher(response.body());
    return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
  }
}
