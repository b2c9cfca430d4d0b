package dev.gatehouse.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@link HeadlessChromium} reports about its Device Bound Session Credentials (DBSC) over
 * the DevTools protocol: {@code Network.enableDeviceBoundSessions} on the page, then every {@code
 * Network.deviceBoundSessionEventOccurred} (registration, challenge, refresh, termination) as a
 * {@link DbscEvent}.
 *
 * <p>A raw DevTools WebSocket of its own to the page target, next to chromedriver's: Selenium's
 * DevTools support only speaks the protocol versions it ships classes for (154–156 with Selenium
 * 4.52), and refuses Debian's Chromium 150 outright, while the two methods and two events used here
 * are the same in all of them.
 */
final class DeviceBoundSessionEvents implements AutoCloseable {

  /**
   * The Chromium switches that make Debian's Chromium do DBSC on a machine without a TPM (see
   * {@code dbsc-chromium-notes.md}): the feature itself, software keys instead of the TPM (without
   * them Chromium silently never registers), no origin-trial token, no refresh quota (a bound
   * cookie of a few seconds is renewed on every page load) and the DevTools events.
   */
  static final List<String> CHROMIUM_SWITCHES =
      List.of(
          "--enable-features=DeviceBoundSessions:RequireOriginTrialTokens/false/RefreshQuota/false,"
              + "DeviceBoundSessionsDevTools,"
              + "EnableBoundSessionCredentialsSoftwareKeysForManualTesting");

  private static final JsonMapper json = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** One DBSC step as Chromium reports it; {@code result} is the step's own outcome field. */
  record DbscEvent(Kind kind, boolean succeeded, String sessionId, String result) {}

  /** The detail member a {@code deviceBoundSessionEventOccurred} carries, and its outcome field. */
  enum Kind {
    CREATION("creationEventDetails", "fetchResult"),
    CHALLENGE("challengeEventDetails", "challengeResult"),
    REFRESH("refreshEventDetails", "refreshResult"),
    TERMINATION("terminationEventDetails", "deletionReason");

    private final String member;
    private final String outcome;

    Kind(String member, String outcome) {
      this.member = member;
      this.outcome = outcome;
    }
  }

  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<DbscEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> sessionListsAdded = new CopyOnWriteArrayList<>();

  private DeviceBoundSessionEvents(WebSocket.Builder builder, URI page) {
    this.socket = builder.buildAsync(page, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Connects to the browser's page and turns DBSC reporting on. */
  static DeviceBoundSessionEvents watch(HeadlessChromium browser) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    DeviceBoundSessionEvents events =
        new DeviceBoundSessionEvents(http.newWebSocketBuilder(), pageTarget(http, browser));
    events.send("Network.enable", Map.of());
    events.send("Network.enableDeviceBoundSessions", Map.of("enable", true));
    return events;
  }

  /** The events so far, in the order Chromium sent them. */
  List<DbscEvent> events() {
    return List.copyOf(events);
  }

  /** The events of one kind so far. */
  List<DbscEvent> events(Kind kind) {
    return events.stream().filter(event -> event.kind() == kind).toList();
  }

  /**
   * The {@code sessions} lists of {@code Network.deviceBoundSessionsAdded} so far, as JSON: proof
   * that the browser's DBSC DevTools domain is on.
   */
  List<String> sessionListsAdded() {
    return List.copyOf(sessionListsAdded);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS);
  }

  private JsonNode send(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    String message = json.writeValueAsString(Map.of("id", id, "method", method, "params", params));
    socket.sendText(message, true).join();
    JsonNode answer = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer;
  }

  private void receive(String message) {
    JsonNode node = json.readTree(message);
    if (node.has("id")) {
      CompletableFuture<JsonNode> reply = replies.remove(node.get("id").asInt());
      if (reply != null) {
        reply.complete(node);
      }
      return;
    }
    String method = node.path("method").asString("");
    JsonNode params = node.path("params");
    if (method.equals("Network.deviceBoundSessionsAdded")) {
      sessionListsAdded.add(params.path("sessions").toString());
    } else if (method.equals("Network.deviceBoundSessionEventOccurred")) {
      for (Kind kind : Kind.values()) {
        if (params.has(kind.member)) {
          events.add(
              new DbscEvent(
                  kind,
                  params.path("succeeded").asBoolean(false),
                  params.path("sessionId").asString(""),
                  params.path(kind.member).path(kind.outcome).asString("")));
        }
      }
    }
  }

  /** The page's DevTools WebSocket, from chromedriver's {@code debuggerAddress} and /json/list. */
  private static URI pageTarget(HttpClient http, HeadlessChromium browser) {
    Object options = browser.driver.getCapabilities().getCapability("goog:chromeOptions");
    if (!(options instanceof Map<?, ?> chromeOptions)
        || !(chromeOptions.get("debuggerAddress") instanceof String address)) {
      throw new IllegalStateException("chromedriver reported no debuggerAddress: " + options);
    }
    try {
      HttpResponse<String> targets =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/json/list"))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : json.readTree(targets.body())) {
        if (target.path("type").asString("").equals("page")) {
          return URI.create(target.path("webSocketDebuggerUrl").asString());
        }
      }
      throw new IllegalStateException("no page target at " + address + ": " + targets.body());
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /** Collects the text frames of one message (DevTools may split large ones) and hands it on. */
  private final class Listener implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        receive(message);
      }
      webSocket.request(1);
      return null;
    }
  }
}
