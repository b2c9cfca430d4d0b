package dev.gatehouse.testsupport.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TestJwtTests {

  private static final TestSigningKey KEY = TestSigningKey.generate();

  private static final TestJwksServer JWKS = TestJwksServer.start(KEY);

  @AfterAll
  static void stop() {
    JWKS.close();
  }

  @Test
  void signWhenVerifiedAgainstServedJwksThenClaimsMatchGatewayContract() throws Exception {
    String token = TestJwt.builder(KEY).subject("u-1").roles("user", "admin").sign();

    JWTClaimsSet claims = processor().process(token, null);

    assertThat(claims.getIssuer()).isEqualTo(TestJwt.DEFAULT_ISSUER);
    assertThat(claims.getAudience()).containsExactly(TestJwt.DEFAULT_AUDIENCE);
    assertThat(claims.getSubject()).isEqualTo("u-1");
    assertThat(claims.getStringListClaim("roles")).containsExactly("user", "admin");
    assertThat(claims.getClaim("sid")).isNotNull();
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(60_000);
    assertThat(JWKS.requestedPaths()).containsOnly(TestJwksServer.JWKS_PATH);
    assertThat(JWKS.jwkSetRequestCount()).isPositive();
  }

  @Test
  void hostileVariantsWhenVerifiedThenRejected() throws Exception {
    TestJwt builder = TestJwt.builder(KEY);
    List<String> hostile =
        List.of(
            builder.unsecured(),
            builder.signHs256WithPublicKey(),
            builder.signAndStripSignature(),
            builder.signAndTamper(),
            TestJwt.builder(TestSigningKey.generate(KEY.kid())).sign());
    DefaultJWTProcessor<SecurityContext> processor = processor();
    for (String token : hostile) {
      assertThatThrownBy(() -> processor.process(token, null))
          .as(token)
          .isInstanceOfAny(BadJOSEException.class, JOSEException.class, ParseException.class);
    }
  }

  @Test
  void withoutClaimWhenSignedThenClaimAbsent() {
    JWTClaimsSet claims = TestJwt.builder(KEY).withoutClaim("exp").claimsSet();

    assertThat(claims.getExpirationTime()).isNull();
    assertThat(claims.toString()).doesNotContain("\"exp\"");
    assertThat(claims.toString()).contains("\"aud\":\"demo-backend\"");
  }

  private static DefaultJWTProcessor<SecurityContext> processor() throws Exception {
    JWKSource<SecurityContext> source =
        JWKSourceBuilder.create(JWKS.jwkSetUri().toURL()).retrying(false).build();
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
    return processor;
  }
}
