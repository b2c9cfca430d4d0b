package dev.gatehouse.testsupport.dbsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.testsupport.dbsc.DbscHeaders.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbscClientTests {

  @Test
  void registrationWhenStructuredHeaderThenAlgorithmsPathChallenge() {
    Registration offer =
        DbscHeaders.registration(
            "(ES256 RS256);path=\"/session-binding/register\";challenge=\"c-1\";authorization=\"a\"");

    assertThat(offer.algorithms()).containsExactly("ES256", "RS256");
    assertThat(offer.path()).isEqualTo("/session-binding/register");
    assertThat(offer.challenge()).isEqualTo("c-1");
    assertThat(offer.authorization()).isEqualTo("a");
  }

  @Test
  void registrationWhenNoChallengeThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DbscHeaders.registration("(ES256);path=\"/r\""));
  }

  @Test
  void challengeWhenStringWithIdThenBoth() {
    DbscHeaders.Challenge challenge = DbscHeaders.challenge("\"abc\";id=\"sid-1\"");

    assertThat(challenge.challenge()).isEqualTo("abc");
    assertThat(challenge.id()).isEqualTo("sid-1");
  }

  @Test
  void registrationProofWhenEs256ThenDbscJwtWithPublicJwkVerifying() throws Exception {
    DbscClient client = DbscClient.es256();

    SignedJWT proof = SignedJWT.parse(client.registrationProof("c-1", "auth"));

    assertThat(proof.getHeader().getType().getType()).isEqualTo("dbsc+jwt");
    assertThat(proof.getHeader().getJWK().isPrivate()).isFalse();
    assertThat(proof.getJWTClaimsSet().getJWTID()).isEqualTo("c-1");
    assertThat(proof.getJWTClaimsSet().getStringClaim("authorization")).isEqualTo("auth");
    assertThat(proof.verify(new ECDSAVerifier((ECKey) proof.getHeader().getJWK()))).isTrue();
  }

  @Test
  void refreshProofWhenRs256ThenNoJwkAndVerifiesWithTheKey() throws Exception {
    DbscClient client = DbscClient.rs256();

    SignedJWT proof = SignedJWT.parse(client.refreshProof("c-2"));

    assertThat(proof.getHeader().getJWK()).isNull();
    assertThat(proof.verify(new RSASSAVerifier((RSAKey) client.publicJwk()))).isTrue();
    assertThat(
            SignedJWT.parse(DbscClient.withBrokenSignature(proof.serialize()))
                .verify(new RSASSAVerifier((RSAKey) client.publicJwk())))
        .isFalse();
  }

  @Test
  void refreshWhenChallengedThenSignsTheChallengeAndKeepsTheCookie() {
    DbscClient client = DbscClient.es256();
    List<Map<String, String>> sent = new ArrayList<>();
    String instructions =
        """
        {"session_identifier":"s1","refresh_url":"/refresh",
         "credentials":[{"type":"cookie","name":"B","attributes":"Path=/"}]}
        """;
    DbscClient.Exchange server =
        (path, headers) -> {
          sent.add(headers);
          if (!headers.containsKey("Secure-Session-Response")) {
            return new DbscResponse(
                403, Map.of("Secure-Session-Challenge", List.of("\"c\";id=\"s1\"")), "");
          }
          return new DbscResponse(
              200, Map.of("set-cookie", List.of("B=v" + sent.size() + "; Path=/")), instructions);
        };
    client.register(server, new Registration(List.of("ES256"), "/register", "c0", null));

    DbscResponse response = client.refresh(server);

    assertThat(response.status()).isEqualTo(200);
    assertThat(sent.get(1)).containsEntry("Sec-Secure-Session-Id", "s1");
    assertThat(client.boundCookie()).contains("v3");
  }
}
