package dev.gatehouse.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.system.RedisSeal;
import dev.gatehouse.testsupport.redis.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis as an attacker who can write to it would use it: two gateway instances on one real Redis,
 * WireMock as auth-service and as the backend (echoing the identity it received). Forged L2 values
 * and forged published keys are written with a plain Redis client; none is ever served, each is
 * counted on {@code gatehouse.redis.integrity.failures}, and nothing answers 5xx.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisIntegrityIntegrationTests {

  static final String SECRET = TwoGatewaysOnOneRedis.L2_KEY_SECRET;
  static final String OTHER_SECRET = "another-secret-the-attacker-chose";
  static final String ENTRY = "gatehouse:introspection:";
  static final String JWKS = "gatehouse:jwks";

  static TwoGatewaysOnOneRedis servers;
  static TestRedis redis;
  static WireMockServer authService;
  static WireMockServer backend;
  static GatewayInstance a;
  static GatewayInstance b;
  static Map<String, Object> shared;

  @BeforeAll
  static void start() {
    servers = new TwoGatewaysOnOneRedis(true);
    redis = servers.redis;
    authService = servers.authService;
    backend = servers.backend;
    stubDefaults();
    shared = servers.sharedProperties("integrity-test-secret");
    servers.startGateways(shared);
    a = servers.a();
    b = servers.b();
  }

  @AfterAll
  static void stop() {
    servers.close();
  }

  @BeforeEach
  void reset() {
    authService.resetAll();
    backend.resetAll();
    stubDefaults();
  }

  // --- L2 values -----------------------------------------------------------------------------

  /** Turns alice's genuine entry (and bob's, an admin's) into what an attacker writes instead. */
  @FunctionalInterface
  interface L2Forgery {
    String forge(String aliceKey, String aliceSealed, String bobSealed);
  }

  static Stream<Arguments> l2Forgeries() {
    return Stream.of(
        Arguments.of(
            "alice's JSON given the admin role, her MAC kept",
            (L2Forgery)
                (key, alice, bob) ->
                    withMac(macOf(alice), writtenAtOf(alice), asAdmin(jsonOf(alice)))),
        Arguments.of(
            "alice's JSON given the admin role, MAC dropped (plain JSON)",
            (L2Forgery) (key, alice, bob) -> asAdmin(jsonOf(alice))),
        Arguments.of(
            "alice's JSON given the admin role, sealed under another secret",
            (L2Forgery)
                (key, alice, bob) ->
                    RedisSeal.forL2Values(OTHER_SECRET)
                        .seal(key, asAdmin(jsonOf(alice)), Instant.now())),
        Arguments.of(
            "bob's genuine entry (an admin, with its MAC) copied under alice's key",
            (L2Forgery) (key, alice, bob) -> bob),
        Arguments.of(
            "alice's own answer as plain JSON (the unsealed format of earlier versions)",
            (L2Forgery) (key, alice, bob) -> jsonOf(alice)),
        Arguments.of(
            "alice's JSON under bob's MAC",
            (L2Forgery) (key, alice, bob) -> withMac(macOf(bob), writtenAtOf(bob), jsonOf(alice))),
        Arguments.of(
            "MAC that is not base64url",
            (L2Forgery) (key, alice, bob) -> withMac("!!", writtenAtOf(alice), jsonOf(alice))),
        Arguments.of(
            "alice's genuine entry saved 2 minutes ago and put back (replay)",
            (L2Forgery)
                (key, alice, bob) ->
                    RedisSeal.forL2Values(SECRET)
                        .seal(key, jsonOf(alice), Instant.now().minusSeconds(120))),
        Arguments.of(
            "a replayed entry re-dated to now, its MAC kept",
            (L2Forgery)
                (key, alice, bob) -> {
                  String old =
                      RedisSeal.forL2Values(SECRET)
                          .seal(key, jsonOf(alice), Instant.now().minusSeconds(120));
                  return withMac(
                      macOf(old), Long.toString(Instant.now().toEpochMilli()), jsonOf(alice));
                }),
        Arguments.of("sealed prefix, nothing else", (L2Forgery) (key, alice, bob) -> "v1."),
        Arguments.of("not JSON at all", (L2Forgery) (key, alice, bob) -> "{\"active\":tr"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("l2Forgeries")
  void l2EntryWhenForgedThenMissIntrospectedAgainAndBackendSeesAliceAsUser(
      String row, L2Forgery forgery, CapturedOutput output) throws Exception {
    String aliceToken = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    servers.introspectionAnswers(aliceToken, alice.introspectionJson());
    String bobToken = TestSessions.newToken();
    TestSession bob = TestSession.admin();
    servers.introspectionAnswers(bobToken, bob.introspectionJson());
    assertThat(echo(a, aliceToken).status()).isEqualTo(200);
    assertThat(echo(a, bobToken).status()).isEqualTo(200);
    String aliceKey = entryOf(alice);
    String aliceSealed = redisValue(aliceKey);
    String bobSealed = redisValue(entryOf(bob));
    assertThat(aliceSealed).as("stored sealed").startsWith("v1.");
    double forgedBefore = count(b, RedisSeal.FAILURES_METER, "kind", "l2");
    double errorsBefore = l2Errors(b);

    template().opsForValue().set(aliceKey, forgery.forge(aliceKey, aliceSealed, bobSealed)).block();
    Echo seen = echo(b, aliceToken);

    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.user()).isEqualTo(alice.userId());
    assertThat(seen.roles()).isEqualTo("user");
    JWTClaimsSet claims = SignedJWT.parse(seen.jwt()).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(alice.userId());
    assertThat(claims.getStringListClaim("roles")).containsExactly("user");
    authService.verify(
        2,
        postRequestedFor(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + aliceToken)));
    assertThat(count(b, RedisSeal.FAILURES_METER, "kind", "l2")).isEqualTo(forgedBefore + 1);
    assertThat(l2Errors(b)).as("a miss, not an error").isEqualTo(errorsBefore);
    RedisSeal.Sealed rewritten = RedisSeal.forL2Values(SECRET).open(aliceKey, redisValue(aliceKey));
    assertThat(rewritten).as("overwritten with a genuine entry").isNotNull();
    assertThat(rewritten.value()).contains(alice.userId()).contains("\"roles\":[\"user\"]");
    String shownKey = ENTRY + aliceKey.substring(ENTRY.length(), ENTRY.length() + 8) + "…";
    assertThat(output.getOut()).contains("L2 entry " + shownKey + " refused");
    assertThat(output.getOut())
        .doesNotContain(aliceToken)
        .doesNotContain(aliceKey.substring(ENTRY.length(), ENTRY.length() + 9));
  }

  @Test
  void l2EntryWhenGenuineThenServedFromRedisWithoutIntrospection() {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    servers.introspectionAnswers(token, alice.introspectionJson());
    double forgedBefore = count(b, RedisSeal.FAILURES_METER, "kind", "l2");

    assertThat(echo(a, token).user()).isEqualTo(alice.userId());
    assertThat(echo(b, token).user()).isEqualTo(alice.userId());

    authService.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token)));
    assertThat(count(b, RedisSeal.FAILURES_METER, "kind", "l2")).isEqualTo(forgedBefore);
  }

  // --- published keys ------------------------------------------------------------------------

  /** A key the attacker holds the private half of, and what it writes to {@code gatehouse:jwks}. */
  record Injection(String field, String value) {}

  @FunctionalInterface
  interface JwksForgery {
    Injection forge(ECKey foreign, long expiresAt);
  }

  static Stream<Arguments> jwksForgeries() {
    return Stream.of(
        Arguments.of(
            "no MAC (the unsealed format of earlier versions)",
            (JwksForgery)
                (key, expiresAt) -> new Injection(key.getKeyID(), entry(key, expiresAt, null))),
        Arguments.of(
            "MAC computed under another secret",
            (JwksForgery)
                (key, expiresAt) ->
                    new Injection(
                        key.getKeyID(),
                        entry(key, expiresAt, mac(OTHER_SECRET, key.getKeyID(), key, expiresAt)))),
        Arguments.of(
            "genuine MAC of an expired entry, expiresAt pushed forward",
            (JwksForgery)
                (key, expiresAt) ->
                    new Injection(
                        key.getKeyID(),
                        entry(
                            key,
                            expiresAt,
                            mac(SECRET, key.getKeyID(), key, Instant.now().toEpochMilli() - 1)))),
        Arguments.of(
            "genuine MAC over another key under the same kid",
            (JwksForgery)
                (key, expiresAt) -> {
                  ECKey sealedOne = newKey(key.getKeyID());
                  return new Injection(
                      key.getKeyID(),
                      entry(key, expiresAt, mac(SECRET, key.getKeyID(), sealedOne, expiresAt)));
                }),
        Arguments.of(
            "genuine MAC, under a field name that is not its kid",
            (JwksForgery)
                (key, expiresAt) -> {
                  String alias = "alias-" + UUID.randomUUID();
                  return new Injection(
                      alias, entry(key, expiresAt, mac(SECRET, alias, key, expiresAt)));
                }),
        Arguments.of(
            "MAC that is not base64url",
            (JwksForgery)
                (key, expiresAt) -> new Injection(key.getKeyID(), entry(key, expiresAt, "%%"))),
        Arguments.of(
            "not JSON at all",
            (JwksForgery) (key, expiresAt) -> new Injection(key.getKeyID(), "{\"jwk\":")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jwksForgeries")
  void jwksWhenForeignKeyInjectedThenNoInstanceListsItCountedAndRemoved(
      String row, JwksForgery forgery) throws Exception {
    String kidOfA = kid(echo(a, aliveSession()).jwt());
    String kidOfB = kid(echo(b, aliveSession()).jwt());
    awaitEachListsTheOther(kidOfA, kidOfB);
    ECKey foreign = newKey("foreign-" + UUID.randomUUID());
    Injection injection = forgery.forge(foreign, Instant.now().plusSeconds(3600).toEpochMilli());
    double before = jwksFailures();

    template().opsForHash().put(JWKS, injection.field(), injection.value()).block();
    try {
      for (GatewayInstance instance : List.of(a, b)) {
        JWKSet served = jwksOf(instance);
        assertThat(served.getKeyByKeyId(foreign.getKeyID())).isNull();
        assertThat(served.getKeyByKeyId(injection.field())).isNull();
        assertThat(served.getKeys())
            .noneMatch(listed -> listed.toPublicJWK().equals(foreign.toPublicJWK()));
        assertThat(served.getKeyByKeyId(kidOfA)).as("A's key still listed").isNotNull();
        assertThat(served.getKeyByKeyId(kidOfB)).as("B's key still listed").isNotNull();
      }
      assertThat(jwksFailures()).isGreaterThan(before);
      await()
          .alias("removed at the next heartbeat")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !template().opsForHash().hasKey(JWKS, injection.field()).block());
    } finally {
      template().opsForHash().remove(JWKS, injection.field()).block();
    }
  }

  /** The harness's forgeries are faithful: the same entry sealed with the real secret is served. */
  @Test
  void jwksWhenForeignKeySealedWithTheSharedSecretThenListedByBoth() throws Exception {
    ECKey foreign = newKey("sealed-" + UUID.randomUUID());
    long expiresAt = Instant.now().plusSeconds(3600).toEpochMilli();
    String value = entry(foreign, expiresAt, mac(SECRET, foreign.getKeyID(), foreign, expiresAt));
    double before = jwksFailures();

    template().opsForHash().put(JWKS, foreign.getKeyID(), value).block();
    try {
      for (GatewayInstance instance : List.of(a, b)) {
        assertThat(jwksOf(instance).getKeyByKeyId(foreign.getKeyID()))
            .isEqualTo(foreign.toPublicJWK());
      }
      assertThat(jwksFailures()).isEqualTo(before);
    } finally {
      template().opsForHash().remove(JWKS, foreign.getKeyID()).block();
    }
  }

  @Test
  void jwksWhenForgedEntryReadRepeatedlyThenWarnedAtMostOncePerInstance(CapturedOutput output)
      throws Exception {
    ECKey foreign = newKey("noisy-" + UUID.randomUUID());
    String value = entry(foreign, Instant.now().plusSeconds(3600).toEpochMilli(), null);
    double before = count(a, RedisSeal.FAILURES_METER, "kind", "jwks");

    template().opsForHash().put(JWKS, foreign.getKeyID(), value).block();
    try {
      for (int i = 0; i < 20; i++) {
        assertThat(jwksOf(a).getKeyByKeyId(foreign.getKeyID())).isNull();
      }
    } finally {
      template().opsForHash().remove(JWKS, foreign.getKeyID()).block();
    }

    assertThat(count(a, RedisSeal.FAILURES_METER, "kind", "jwks")).isGreaterThan(before);
    long warnings =
        Pattern.compile(Pattern.quote("kid=" + foreign.getKeyID() + " in " + JWKS + " refused"))
            .matcher(output.getOut())
            .results()
            .count();
    assertThat(warnings).isBetween(1L, 2L);
  }

  @Test
  void tokenMintedByOneInstanceWhenForgedKeysPresentThenVerifiesWithTheOthersJwks()
      throws Exception {
    ECKey foreign = newKey("foreign-" + UUID.randomUUID());
    template()
        .opsForHash()
        .put(
            JWKS,
            foreign.getKeyID(),
            entry(foreign, Instant.now().plusSeconds(3600).toEpochMilli(), null))
        .block();
    try {
      String jwt = echo(a, aliveSession()).jwt();
      await().atMost(Duration.ofSeconds(15)).until(() -> jwksOf(b).getKeyByKeyId(kid(jwt)) != null);

      ECKey key = (ECKey) jwksOf(b).getKeyByKeyId(kid(jwt));
      assertThat(SignedJWT.parse(jwt).verify(new ECDSAVerifier(key))).isTrue();
    } finally {
      template().opsForHash().remove(JWKS, foreign.getKeyID()).block();
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  record Echo(int status, String user, String roles, String jwt) {}

  private static Echo echo(GatewayInstance instance, String token) {
    var result =
        instance
            .client()
            .get()
            .uri("/api/me")
            .cookie("GATEHOUSE_SESSION", token)
            .exchange()
            .expectBody(String.class)
            .returnResult();
    int status = result.getStatus().value();
    String body = result.getResponseBody();
    if (status != 200 || body == null) {
      return new Echo(status, "", "", "");
    }
    String[] parts = body.split(" ");
    return new Echo(status, parts[0], parts[1], parts[2]);
  }

  /** A fresh session auth-service answers for, to get a token minted by an instance. */
  private static String aliveSession() {
    String token = TestSessions.newToken();
    servers.introspectionAnswers(token, TestSession.alice().introspectionJson());
    return token;
  }

  /** The JWKS as a backend fetches it: one plain GET, which must answer 200. */
  private static JWKSet jwksOf(GatewayInstance instance) throws Exception {
    String body =
        instance
            .client()
            .get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return JWKSet.parse(body);
  }

  private static void awaitEachListsTheOther(String kidOfA, String kidOfB) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                jwksOf(a).getKeyByKeyId(kidOfB) != null && jwksOf(b).getKeyByKeyId(kidOfA) != null);
  }

  private static String kid(String jwt) throws java.text.ParseException {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static ECKey newKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(kid)
          .generate();
    } catch (com.nimbusds.jose.JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * A {@code gatehouse:jwks} entry as a gateway writes it; without a MAC when {@code mac} is null.
   */
  private static String entry(ECKey key, long expiresAt, String mac) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("jwk", key.toPublicJWK().toJSONObject());
    entry.put("expiresAt", expiresAt);
    if (mac != null) {
      entry.put("mac", mac);
    }
    return json().writeValueAsString(entry);
  }

  private static String mac(String secret, String field, ECKey key, long expiresAt) {
    return RedisSeal.forPublishedKeys(secret)
        .mac(
            field,
            json().writeValueAsString(key.toPublicJWK().toJSONObject()),
            Long.toString(expiresAt));
  }

  /** The parts of {@code v1.<mac>.<written-at>.<json>}. */
  private static String[] partsOf(String sealed) {
    return sealed.substring(3).split("\\.", 3);
  }

  private static String macOf(String sealed) {
    return partsOf(sealed)[0];
  }

  private static String writtenAtOf(String sealed) {
    return partsOf(sealed)[1];
  }

  private static String jsonOf(String sealed) {
    return partsOf(sealed)[2];
  }

  private static String withMac(String mac, String writtenAt, String json) {
    return "v1." + mac + "." + writtenAt + "." + json;
  }

  private static String asAdmin(String json) {
    String forged = json.replace("\"roles\":[\"user\"]", "\"roles\":[\"user\",\"admin\"]");
    assertThat(forged).as("the forgery changes the roles").isNotEqualTo(json);
    return forged;
  }

  /** Alice's L2 entry, found through the session index every entry is recorded in. */
  private static String entryOf(TestSession session) {
    List<String> keys =
        template()
            .opsForSet()
            .members("gatehouse:session-keys:" + session.sid())
            .collectList()
            .block(Duration.ofSeconds(5));
    assertThat(keys).hasSize(1);
    return ENTRY + keys.get(0);
  }

  private static String redisValue(String key) {
    return template().opsForValue().get(key).block(Duration.ofSeconds(5));
  }

  private static ReactiveStringRedisTemplate template() {
    return a.bean(ReactiveStringRedisTemplate.class);
  }

  private static JsonMapper json() {
    return a.bean(JsonMapper.class);
  }

  private static double jwksFailures() {
    return count(a, RedisSeal.FAILURES_METER, "kind", "jwks")
        + count(b, RedisSeal.FAILURES_METER, "kind", "jwks");
  }

  private static double l2Errors(GatewayInstance instance) {
    Counter counter =
        instance
            .bean(MeterRegistry.class)
            .find("gatehouse.introspection.cache")
            .tags("level", "l2", "result", "error")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static double count(GatewayInstance instance, String meter, String tag, String value) {
    Counter counter = instance.bean(MeterRegistry.class).find(meter).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void stubDefaults() {
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .atPriority(10)
            .willReturn(okJson("{\"events\":[],\"next\":0}")));
    backend.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(HttpStatus.OK.value())
                    .withBody(
                        "{{request.headers.X-Gatehouse-User}} {{request.headers.X-Gatehouse-Roles}}"
                            + " {{regexExtract request.headers.Authorization '[^ ]+$'}}")));
  }
}
