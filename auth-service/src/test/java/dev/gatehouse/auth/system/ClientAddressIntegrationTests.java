package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.AuthServiceApplication;
import dev.gatehouse.auth.TestClockConfiguration;
import dev.gatehouse.auth.TestJwts;
import dev.gatehouse.protocol.ClientAddressProof;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Item 12 of issue 9: the client address comes only from the gateway's keyed proof ({@value
 * ClientAddressProof#HEADER}), never from {@code X-Forwarded-For}, {@code Forwarded} or {@code
 * X-Real-IP}. Against the real servlet container on a random port (MockMvc would bypass the
 * container, where forwarded headers used to be applied), over raw sockets bound to their own
 * loopback address, so each test is a distinct client "on the same host" as auth-service and the
 * recorded address can be told from the forged one.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {AuthServiceApplication.class, TestClockConfiguration.class},
    properties = {
      "gatehouse.introspection.client-id=" + ClientAddressIntegrationTests.ID,
      "gatehouse.introspection.client-secret=" + ClientAddressIntegrationTests.SECRET,
      "gatehouse.token.issuer=" + TestJwts.ISSUER,
      // Three unsuccessful attempts block an address: enough to see which address was counted.
      "gatehouse.login.throttle.ip-max-failures=3"
    })
class ClientAddressIntegrationTests extends AbstractIntegrationTests {

  static final String ID = "gateway";
  static final String SECRET = "client-address-test-secret";
  static final String FORGED = "198.51.100.77";

  @LocalServerPort int port;

  /** This test's own loopback address (Linux routes all of 127/8 to lo). */
  private String peer;

  private TestUser user;

  @BeforeEach
  void ownPeerAndUser() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    peer =
        "127.%d.%d.%d"
            .formatted(random.nextInt(1, 255), random.nextInt(1, 255), random.nextInt(2, 255));
    user = createUser("user");
  }

  static Stream<Arguments> forwardedHeaders() {
    return Stream.of(
        row("X-Forwarded-For", "X-Forwarded-For: " + FORGED),
        row("X-Forwarded-For with the peer appended", "X-Forwarded-For: " + FORGED + ", 10.0.0.1"),
        row("Forwarded", "Forwarded: for=" + FORGED + ";proto=https"),
        row("X-Real-IP", "X-Real-IP: " + FORGED),
        row(
            "all of them",
            "X-Forwarded-For: " + FORGED,
            "X-Real-IP: " + FORGED,
            "Forwarded: for=" + FORGED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forwardedHeaders")
  void loginWhenForwardedHeadersFromTheSameHostThenRecordedAsThePeer(List<String> headers) {
    Response response = jsonLogin(user.password(), headers);

    assertThat(response.status()).isEqualTo(200);
    assertThat(sessionIp(response)).isEqualTo(peer);
  }

  @Test
  void loginWhenValidProofThenRecordedAsTheVouchedAddress() {
    Response response =
        jsonLogin(user.password(), List.of(proofHeader(gateway(clock.instant()).sign(FORGED))));

    assertThat(response.status()).isEqualTo(200);
    assertThat(sessionIp(response)).isEqualTo(FORGED);
  }

  @Test
  void loginWhenValidIpv6ProofThenRecordedAsTheVouchedAddress() {
    Response response =
        jsonLogin(
            user.password(), List.of(proofHeader(gateway(clock.instant()).sign("2001:db8::7"))));

    assertThat(sessionIp(response)).isEqualTo("2001:db8::7");
  }

  static Stream<Arguments> invalidProofs() {
    return Stream.of(
        proof("signed with another secret", now -> proof("another secret", now).sign(FORGED)),
        proof("61 s old", now -> gateway(now.minusSeconds(61)).sign(FORGED)),
        proof("61 s in the future", now -> gateway(now.plusSeconds(61)).sign(FORGED)),
        proof(
            "address changed after signing",
            now -> gateway(now).sign("198.51.100.1").replace("198.51.100.1", FORGED)),
        proof(
            "time stamp changed after signing",
            now -> {
              String value = gateway(now.minusSeconds(3600)).sign(FORGED);
              long stale = now.minusSeconds(3600).getEpochSecond();
              return value.replace(";" + stale + ";", ";" + now.getEpochSecond() + ";");
            }),
        proof("mac cut short", now -> gateway(now).sign(FORGED).substring(0, 40)),
        proof("plain address", now -> FORGED),
        proof("empty", now -> ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidProofs")
  void loginWhenProofInvalidThenRecordedAsThePeer(Function<Instant, String> proof) {
    Response response =
        jsonLogin(user.password(), List.of(proofHeader(proof.apply(clock.instant()))));

    assertThat(response.status()).isEqualTo(200);
    assertThat(sessionIp(response)).isEqualTo(peer);
  }

  @Test
  void loginWhenFailuresCarryForwardedForThenThePeerIsThrottledNotTheForgedAddress() {
    // Three failures, each claiming another address (and another username, so only the
    // per-address limit can be reached).
    for (int i = 0; i < 3; i++) {
      assertThat(
              login(
                      "nobody-" + UUID.randomUUID(),
                      "wrong",
                      List.of("X-Forwarded-For: 198.51.100." + (100 + i)))
                  .status())
          .isEqualTo(401);
    }

    Response fromPeer = jsonLogin(user.password(), List.of());

    assertThat(fromPeer.status()).isEqualTo(429);
    assertThat(fromPeer.header("retry-after")).isNotBlank();
  }

  @Test
  void loginWhenFailuresCarryValidProofThenTheVouchedAddressIsThrottledNotThePeer() {
    String client = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
    for (int i = 0; i < 3; i++) {
      assertThat(
              login(
                      "nobody-" + UUID.randomUUID(),
                      "wrong",
                      List.of(proofHeader(gateway(clock.instant()).sign(client))))
                  .status())
          .isEqualTo(401);
    }

    assertThat(
            jsonLogin(user.password(), List.of(proofHeader(gateway(clock.instant()).sign(client))))
                .status())
        .as("the vouched address is blocked, from whichever peer")
        .isEqualTo(429);
    assertThat(jsonLogin(user.password(), List.of()).status())
        .as("the gateway's own address is not")
        .isEqualTo(200);
  }

  @Test
  void formLoginWhenForwardedProtoAndHostThenRedirectAndCookieUnchanged() {
    String form =
        form(Map.of("username", user.username(), "password", user.password(), "next", "/notes"));
    Response response =
        send(
            "POST",
            "/login",
            List.of(
                "Content-Type: application/x-www-form-urlencoded",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: evil.example",
                "X-Forwarded-Port: 80",
                "Forwarded: proto=http;host=evil.example"),
            form);

    assertThat(response.status()).isEqualTo(303);
    assertThat(response.header("location")).isEqualTo("/notes");
    assertThat(response.header("set-cookie").split("; ")).contains("Secure", "HttpOnly");
  }

  private Response jsonLogin(String password, List<String> headers) {
    return login(user.username(), password, headers);
  }

  private Response login(String username, String password, List<String> headers) {
    List<String> all = new java.util.ArrayList<>(headers);
    all.add("Content-Type: application/json");
    return send(
        "POST",
        "/login",
        all,
        "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password));
  }

  private String sessionIp(Response response) {
    assertThat(response.status()).isEqualTo(200);
    UUID sid = UUID.fromString(JsonPath.read(response.body(), "$.sid"));
    return jdbc.sql("SELECT ip FROM sessions WHERE sid = ?")
        .param(sid)
        .query(String.class)
        .single();
  }

  private static ClientAddressProof gateway(Instant now) {
    return proof(SECRET, now);
  }

  private static ClientAddressProof proof(String secret, Instant now) {
    return new ClientAddressProof(
        secret, Clock.fixed(now, ZoneOffset.UTC), ClientAddressProof.DEFAULT_MAX_AGE);
  }

  private static String proofHeader(String value) {
    return ClientAddressProof.HEADER + ": " + value;
  }

  private static Arguments row(String name, String... headers) {
    return Arguments.of(Named.of(name, List.of(headers)));
  }

  private static Arguments proof(String name, Function<Instant, String> value) {
    return Arguments.of(Named.of(name, value));
  }

  /** One HTTP/1.1 request over a socket bound to {@link #peer}, exactly as written. */
  private Response send(String method, String path, List<String> headers, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: localhost:").append(port).append("\r\n");
    request.append("Connection: close\r\n");
    request.append("Content-Length: ").append(content.length).append("\r\n");
    headers.forEach(header -> request.append(header).append("\r\n"));
    request.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(peer, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return Response.parse(readAll(socket.getInputStream()));
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toByteArray();
  }

  /** Status, headers (lower-case names) and body of a {@code Connection: close} response. */
  record Response(int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    static Response parse(byte[] raw) {
      String text = new String(raw, StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      Arrays.stream(lines)
          .skip(1)
          .forEach(
              line -> {
                int colon = line.indexOf(':');
                headers.merge(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim(),
                    (first, next) -> first + "\n" + next);
              });
      String body = text.substring(end + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(body);
      }
      return new Response(status, headers, body);
    }

    private static String dechunk(String chunked) {
      StringBuilder body = new StringBuilder();
      int at = 0;
      while (true) {
        int lineEnd = chunked.indexOf("\r\n", at);
        int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
        if (size == 0) {
          return body.toString();
        }
        body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
        at = lineEnd + 2 + size + 2;
      }
    }
  }
}
