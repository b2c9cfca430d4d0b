package dev.gatehouse.demo.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: a server-sent event stream ({@code text/event-stream}) sending a {@link
 * Tick} every second for as long as the client (or the gateway, when the session is revoked) keeps
 * it open. The JWT is checked once, when the stream opens: ending a revoked session's stream is the
 * gateway's job, which is what the chaos soak watches.
 */
@RestController
class EventsController implements DisposableBean {

  /** Often enough to see a closed stream quickly, rarely enough to cost nothing. */
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  /** A stream ends by itself after this long; clients reconnect (SSE's own retry). */
  private static final Duration LIFETIME = Duration.ofMinutes(30);

  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "event-ticker");
            thread.setDaemon(true);
            return thread;
          });

  @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@AuthenticationPrincipal Jwt jwt) {
    SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
    Tick first =
        new Tick(0, Objects.requireNonNull(jwt.getSubject(), "sub"), jwt.getClaimAsString("sid"));
    AtomicLong seq = new AtomicLong();
    AtomicReference<@Nullable ScheduledFuture<?>> schedule = new AtomicReference<>();
    Runnable stop =
        () -> {
          ScheduledFuture<?> running = schedule.get();
          if (running != null) {
            running.cancel(false);
          }
        };
    emitter.onCompletion(stop);
    emitter.onTimeout(stop);
    emitter.onError(error -> stop.run());
    schedule.set(
        ticker.scheduleAtFixedRate(
            () -> send(emitter, new Tick(seq.getAndIncrement(), first.sub(), first.sid()), stop),
            0,
            INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS));
    return emitter;
  }

  private static void send(SseEmitter emitter, Tick tick, Runnable stop) {
    try {
      emitter.send(SseEmitter.event().name("tick").id(Long.toString(tick.seq())).data(tick));
    } catch (IOException | IllegalStateException ex) {
      // the client went away (or the gateway closed the stream): stop ticking for it
      stop.run();
      emitter.completeWithError(ex);
    }
  }

  @Override
  public void destroy() {
    ticker.shutdownNow();
  }
}
