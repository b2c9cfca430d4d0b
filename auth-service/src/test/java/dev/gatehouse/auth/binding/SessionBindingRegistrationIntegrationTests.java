package dev.gatehouse.auth.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.protocol.SessionBinding;
import dev.gatehouse.testsupport.dbsc.DbscClient;
import dev.gatehouse.testsupport.dbsc.DbscHeaders;
import dev.gatehouse.testsupport.dbsc.DbscInstructions;
import dev.gatehouse.testsupport.dbsc.DbscResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** DBSC registration (draft §8.2–8.3): the offer at login, the proof, the binding, the refusals. */
class SessionBindingRegistrationIntegrationTests extends AbstractBindingIntegrationTests {

  @Test
  void loginWhenBindingEnabledThenRegistrationOffersEs256AndRs256WithAChallenge() {
    Browser browser = loginBrowser();

    DbscHeaders.Registration offer = browser.registration();

    assertThat(offer.algorithms()).containsExactly("ES256", "RS256");
    assertThat(offer.path()).isEqualTo("/session-binding/register");
    assertThat(offer.challenge()).matches("[A-Za-z0-9_-]{43}");
    // Stored hashed only.
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM session_binding_challenges WHERE challenge_hash = ?")
                .param(offer.challenge())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void formLoginWhenBindingEnabledThenTheRedirectCarriesTheOfferForItsNewSession() {
    TestUser user = createUser("user");

    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("username", user.username(), "password", user.password())))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    Browser browser =
        new Browser(
            user,
            new LoggedIn(sessionCookieValue(result), UUID.randomUUID()),
            result.getResponse().getHeader(SessionBinding.REGISTRATION_HEADER));
    assertThat(register(DbscClient.es256(), browser).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ES256", "RS256"})
  void registerWhenValidProofThenSessionBoundAndShortLivedCookieMatchingTheInstructions(
      String algorithm) {
    Browser browser = loginBrowser();
    DbscClient client = algorithm.equals("ES256") ? DbscClient.es256() : DbscClient.rs256();

    DbscResponse response = register(client, browser);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).contains("no-store");
    DbscInstructions instructions = client.instructions();
    assertThat(instructions.sessionIdentifier()).isEqualTo(browser.session().sid().toString());
    assertThat(instructions.refreshUrl()).isEqualTo("/session-binding/refresh");
    assertThat(instructions.continues()).isTrue();
    assertThat(instructions.origin()).isEqualTo("http://localhost");
    assertThat(instructions.includeSite()).isFalse();
    assertThat(instructions.scopeSpecification())
        .contains(Map.of("type", "exclude", "domain", "localhost", "path", "/login/assets/"));
    assertThat(instructions.cookieName()).isEqualTo(BOUND_COOKIE);
    String setCookie =
        response.headers("Set-Cookie").stream()
            .filter(value -> value.startsWith(BOUND_COOKIE + "="))
            .findFirst()
            .orElseThrow();
    // Chromium compares the instructions' attributes with the Set-Cookie it gets; the lifetime
    // (Max-Age and the Expires Spring adds for older clients) is the credential's, not matched.
    assertThat(setCookie).startsWith(BOUND_COOKIE + "=" + client.boundCookie().orElseThrow() + ";");
    // 5 min server-side, the browser drops it 10 s earlier (and then refreshes first).
    assertThat(setCookie).contains("; Max-Age=290;");
    assertThat(
            String.join(
                "; ",
                Stream.of(setCookie.split("; "))
                    .skip(1)
                    .filter(part -> !part.startsWith("Max-Age=") && !part.startsWith("Expires="))
                    .toList()))
        .isEqualTo(instructions.cookieAttributes());
    assertThat(instructions.cookieAttributes()).isEqualTo("Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(
            jdbc.sql("SELECT binding_jkt FROM sessions WHERE sid = ?")
                .param(browser.session().sid())
                .query(String.class)
                .single())
        .isEqualTo(client.thumbprint());
    assertThat(auditReasons(browser.session().sid(), "binding-registered")).hasSize(1);
  }

  @Test
  void registerWhenThroughGatewayJwtThenBound() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();

    DbscResponse response = client.register(throughGateway(browser), browser.registration());

    assertThat(response.status()).isEqualTo(200);
    assertThat(client.boundCookie()).isPresent();
  }

  @Test
  void registerWhenForwardedOriginThenScopeOriginIsThePublicOne() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    DbscClient.Exchange gateway =
        (path, headers) -> {
          Map<String, String> forwarded = new java.util.HashMap<>(headers);
          forwarded.put("X-Forwarded-Proto", "https");
          forwarded.put("X-Forwarded-Host", "app.example.test:8443");
          return post(path, forwarded, browser.session().token(), null);
        };

    client.register(gateway, browser.registration());

    assertThat(client.instructions().origin()).isEqualTo("https://app.example.test:8443");
  }

  @Test
  void accountPageWhenSessionUnboundThenOffersRegistrationAgainAndNotOnceBound() {
    Browser browser = loginBrowser();
    String authorization = bearer(browser.user(), browser.session(), "user");

    DbscResponse unbound =
        response(mvc.get().uri("/account").header("Authorization", authorization).exchange());
    DbscClient client = DbscClient.es256();
    DbscResponse registered =
        client.register(
            direct(browser),
            DbscHeaders.registration(
                unbound.header(SessionBinding.REGISTRATION_HEADER).orElseThrow()));
    DbscResponse bound =
        response(mvc.get().uri("/account").header("Authorization", authorization).exchange());

    assertThat(unbound.status()).isEqualTo(200);
    assertThat(registered.status()).isEqualTo(200);
    assertThat(bound.status()).isEqualTo(200);
    assertThat(bound.header(SessionBinding.REGISTRATION_HEADER)).isEmpty();
  }

  @Test
  void registerWhenNoSessionThen401() {
    Browser browser = loginBrowser();

    DbscResponse response = DbscClient.es256().register(anonymous(), browser.registration());

    assertThat(response.status()).isEqualTo(401);
    assertThat(problemError(response)).isEqualTo("session_required");
  }

  static Stream<Arguments> hostileProofs() {
    return Stream.of(
        proof("alg none", 400, "invalid_proof", (c, ch) -> c.unsigned(DbscClient.claims(ch, null))),
        proof(
            "HS256 keyed with the public JWK",
            400,
            "invalid_proof",
            (c, ch) ->
                c.hs256(
                    c.publicJwk().toJSONString().getBytes(StandardCharsets.UTF_8),
                    DbscClient.claims(ch, null))),
        proof(
            "no jwk",
            400,
            "invalid_proof",
            (c, ch) -> c.sign(c.header(false).build(), DbscClient.claims(ch, null))),
        proof("private key in jwk", 400, "invalid_proof", (c, ch) -> privateJwkProof(c, ch)),
        proof(
            "typ JWT",
            400,
            "invalid_proof",
            (c, ch) ->
                c.sign(
                    c.header(true).type(JOSEObjectType.JWT).build(), DbscClient.claims(ch, null))),
        proof(
            "no jti",
            400,
            "invalid_proof",
            (c, ch) -> c.sign(c.header(true).build(), new JWTClaimsSet.Builder().build())),
        proof("not a JWT", 400, "invalid_proof", (c, ch) -> "not-a-jwt"),
        proof(
            "tampered payload",
            403,
            "wrong_key",
            (c, ch) ->
                DbscClient.withPayload(
                    c.registrationProof(ch, null), DbscClient.claims(ch, "injected"))),
        proof(
            "broken signature",
            403,
            "wrong_key",
            (c, ch) -> DbscClient.withBrokenSignature(c.registrationProof(ch, null))),
        proof(
            "signed by another key than its jwk",
            403,
            "wrong_key",
            (c, ch) ->
                DbscClient.es256()
                    .sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(DbscClient.PROOF_TYPE)
                            .jwk(c.publicJwk())
                            .build(),
                        DbscClient.claims(ch, null))),
        proof(
            "RSA 1024",
            400,
            "invalid_proof",
            (c, ch) -> DbscClient.rs256(1024).registrationProof(ch, null)),
        proof(
            "unknown challenge",
            403,
            "invalid_challenge",
            (c, ch) -> c.registrationProof(DbscClient.randomChallenge(), null)));
  }

  private static String privateJwkProof(DbscClient client, String challenge) {
    // Nimbus's builder refuses a private jwk, so the header is written by hand.
    JWK key = client.privateJwk();
    String header =
        com.nimbusds.jose.util.Base64URL.encode(
                "{\"typ\":\"dbsc+jwt\",\"alg\":\"ES256\",\"jwk\":%s}"
                    .formatted(key.toJSONString())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    String signed = client.registrationProof(challenge, null);
    return header + signed.substring(signed.indexOf('.'));
  }

  private static Arguments proof(
      String name, int status, String error, BiFunction<DbscClient, String, String> proof) {
    return Arguments.of(name, status, error, proof);
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("hostileProofs")
  void registerWhenHostileProofThenRefusedAndSessionStaysUnbound(
      String name, int status, String error, BiFunction<DbscClient, String, String> hostile) {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();

    DbscResponse response =
        direct(browser)
            .post(
                SessionBinding.REGISTRATION_PATH,
                Map.of(
                    SessionBinding.RESPONSE_HEADER,
                    hostile.apply(client, browser.registration().challenge())));

    assertThat(response.status()).as(name).isEqualTo(status);
    assertThat(problemError(response)).isEqualTo(error);
    assertThat(response.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(introspect(browser, null)).bodyJson().doesNotHavePath("$.binding");
    assertThat(auditReasons(browser.session().sid(), "binding-refused")).containsExactly(error);
  }

  @Test
  void registerWhenNoProofHeaderThen400() {
    Browser browser = loginBrowser();

    DbscResponse response = direct(browser).post(SessionBinding.REGISTRATION_PATH, Map.of());

    assertThat(response.status()).isEqualTo(400);
    assertThat(problemError(response)).isEqualTo("missing_proof");
  }

  @Test
  void registerWhenChallengeOfAnotherSessionThenRefused() {
    Browser victim = loginBrowser();
    Browser attacker = loginBrowser();

    DbscResponse response = DbscClient.es256().register(direct(attacker), victim.registration());

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("invalid_challenge");
    // The victim's challenge is still there for the victim.
    assertThat(register(DbscClient.es256(), victim).status()).isEqualTo(200);
  }

  @Test
  void registerWhenChallengeOlderThanChallengeLifetimeThenRefused() {
    Browser browser = loginBrowser();
    clock.advance(Duration.ofMinutes(2));

    DbscResponse response = register(DbscClient.es256(), browser);

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("invalid_challenge");
  }

  @Test
  void registerWhenChallengeReplayedThenRefused() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    String proof = client.registrationProof(browser.registration().challenge(), null);
    Map<String, String> headers = Map.of(SessionBinding.RESPONSE_HEADER, proof);
    assertThat(direct(browser).post(SessionBinding.REGISTRATION_PATH, headers).status())
        .isEqualTo(200);

    DbscResponse replay = direct(browser).post(SessionBinding.REGISTRATION_PATH, headers);

    assertThat(replay.status()).isEqualTo(403);
    assertThat(problemError(replay)).isEqualTo("invalid_challenge");
  }

  @Test
  void registerWhenSameProofSentConcurrentlyThenAcceptedOnce() throws Exception {
    Browser browser = loginBrowser();
    String proof = DbscClient.es256().registrationProof(browser.registration().challenge(), null);
    Callable<Integer> send =
        () ->
            direct(browser)
                .post(
                    SessionBinding.REGISTRATION_PATH, Map.of(SessionBinding.RESPONSE_HEADER, proof))
                .status();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = pool.invokeAll(java.util.Collections.nCopies(8, send));

      List<Integer> statuses = results.stream().map(AbstractBindingIntegrationTests::get).toList();
      assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 403);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void registerWhenSessionAlreadyBoundToAnotherKeyThenRefused() {
    Browser browser = loginBrowser();
    DbscClient first = DbscClient.es256();
    register(first, browser);
    // A fresh challenge of this session, as a refresh hands out.
    DbscResponse challenged =
        anonymous()
            .post(
                SessionBinding.REFRESH_PATH,
                Map.of(SessionBinding.SESSION_ID_HEADER, browser.session().sid().toString()));
    String challenge =
        DbscHeaders.challenge(challenged.header(SessionBinding.CHALLENGE_HEADER).orElseThrow())
            .challenge();

    DbscResponse response =
        direct(browser)
            .post(
                SessionBinding.REGISTRATION_PATH,
                Map.of(
                    SessionBinding.RESPONSE_HEADER,
                    DbscClient.es256().registrationProof(challenge, null)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("already_bound");
    assertThat(
            JsonPath.<String>read(
                body(introspect(browser, first.boundCookie().orElseThrow())), "$.cnf.jkt"))
        .isEqualTo(first.thumbprint());
  }
}
