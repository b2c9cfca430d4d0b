package dev.gatehouse.bench.soak;

import dev.gatehouse.bench.Pause;
import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.Session;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A long-lived event stream ({@code GET /api/events}, server-sent events from demo-backend) through
 * alternating gateways: every event must name the stream's own session, and once the session is
 * revoked the gateway must end the stream — an event read later than the revocation bound is a
 * violation. A stream that ends otherwise (a killed gateway) is opened again.
 */
final class StreamWorker implements Runnable {

  private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

  private final FaultClient client;
  private final SoakRecorder recorder;
  private final Revocations revocations;
  private final LiveSessions live;
  private final BooleanSupplier running;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private @Nullable Session session;
  private int gateway;

  StreamWorker(
      FaultClient client,
      SoakRecorder recorder,
      Revocations revocations,
      LiveSessions live,
      int gateway,
      BooleanSupplier running) {
    this.client = client;
    this.recorder = recorder;
    this.revocations = revocations;
    this.live = live;
    this.gateway = gateway;
    this.running = running;
  }

  @Override
  public void run() {
    while (running.getAsBoolean()) {
      Session current = session;
      if (current == null || revocations.isRevoked(current)) {
        String phase = recorder.phase();
        FaultClient.Login login = client.attemptLoginAlice(gateway);
        recorder.answer(phase, "login", login.outcome(), null);
        session = login.session();
        if (login.session() != null) {
          live.add(login.session());
        } else {
          Pause.of(Duration.ofSeconds(1));
        }
        continue;
      }
      stream(current);
      gateway = 1 - gateway;
      Pause.of(Duration.ofMillis(200));
    }
  }

  private void stream(Session current) {
    HttpRequest request =
        HttpRequest.newBuilder(client.gatewayUri(gateway, "/api/events"))
            .header("Cookie", current.cookie())
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    try {
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        response.body().close();
        if (response.statusCode() == 401) {
          live.remove(current);
          session = null;
        }
        Pause.of(Duration.ofMillis(500));
        return;
      }
      recorder.streamsOpened.incrementAndGet();
      try (Stream<String> lines = response.body()) {
        Iterator<String> iterator = lines.iterator();
        while (running.getAsBoolean() && iterator.hasNext()) {
          String line = iterator.next();
          if (line.startsWith("data:")) {
            event(current, line);
          }
        }
      }
      if (revocations.isRevoked(current)) {
        recorder.streamsClosedAfterRevocation.incrementAndGet();
      }
    } catch (IOException | java.io.UncheckedIOException ex) {
      // the gateway went away mid-stream: open it again
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  private void event(Session current, String line) {
    recorder.streamEvents.incrementAndGet();
    Matcher sid = SID.matcher(line);
    recorder.identityChecks.incrementAndGet();
    if (!sid.find() || !sid.group(1).equals(current.sid())) {
      recorder.mismatch("stream of " + current + " carried " + line);
    }
    if (revocations.pastBound(current, Instant.now())) {
      recorder.servedAfterRevocation("stream event for " + current + " after its revocation bound");
    }
  }
}
