package dev.gatehouse.auth.binding;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a DBSC proof, the {@code Secure-Session-Response} JWT (RFC 7515/7519): header {@code
 * typ} {@code dbsc+jwt}, {@code alg} one of the configured ones (never {@code none} or HMAC), a
 * public key that fits the algorithm (EC P-256 for ES256, RSA of at least 2048 bits for RS256), a
 * valid signature and a {@code jti}. On registration the key comes from the header's {@code jwk};
 * on refresh it is the session's stored key, and a {@code jwk} in the header must be that key.
 * Whether {@code jti} is a challenge of the session is the caller's check.
 */
final class ProofVerifier {

  static final String TYPE = "dbsc+jwt";

  private static final int MIN_RSA_BITS = 2048;

  private final List<String> algorithms;

  ProofVerifier(List<String> algorithms) {
    this.algorithms = List.copyOf(algorithms);
  }

  /** A registration proof, verified with the key it carries. */
  Proof verifyRegistration(@Nullable String compact) throws ProofException {
    SignedJWT jwt = parse(compact);
    JWK key = jwt.getHeader().getJWK();
    if (key == null) {
      throw ProofException.invalid("no jwk in the registration proof");
    }
    return verify(jwt, key);
  }

  /** A refresh proof, verified with the session's key. */
  Proof verifyRefresh(@Nullable String compact, JWK stored) throws ProofException {
    SignedJWT jwt = parse(compact);
    JWK sent = jwt.getHeader().getJWK();
    if (sent != null && !thumbprint(sent).equals(thumbprint(stored))) {
      throw ProofException.wrongKey("the proof's jwk is not the session's key");
    }
    return verify(jwt, stored);
  }

  private SignedJWT parse(@Nullable String compact) throws ProofException {
    if (compact == null || compact.isBlank()) {
      throw ProofException.missing();
    }
    SignedJWT jwt;
    try {
      // Refuses alg none (no JWS algorithm) and a jwk carrying private key members.
      jwt = SignedJWT.parse(compact.trim());
    } catch (ParseException ex) {
      throw ProofException.invalid("not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (header.getType() == null || !TYPE.equalsIgnoreCase(header.getType().getType())) {
      throw ProofException.invalid("typ is not dbsc+jwt");
    }
    if (!algorithms.contains(header.getAlgorithm().getName())) {
      throw ProofException.invalid("alg not allowed");
    }
    return jwt;
  }

  private Proof verify(SignedJWT jwt, JWK key) throws ProofException {
    if (key.isPrivate()) {
      throw ProofException.invalid("private key in jwk");
    }
    JWSVerifier verifier = verifier(jwt.getHeader().getAlgorithm(), key);
    boolean valid;
    try {
      valid = jwt.verify(verifier);
    } catch (JOSEException ex) {
      valid = false;
    }
    if (!valid) {
      throw ProofException.wrongKey("signature does not verify");
    }
    JWTClaimsSet claims;
    String authorization;
    try {
      claims = jwt.getJWTClaimsSet();
      authorization = claims.getStringClaim("authorization");
    } catch (ParseException ex) {
      throw ProofException.invalid("payload is not a claims set");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw ProofException.invalid("no jti");
    }
    return new Proof(jti, authorization, key.toPublicJWK(), thumbprint(key));
  }

  private static JWSVerifier verifier(JWSAlgorithm algorithm, JWK key) throws ProofException {
    try {
      if (JWSAlgorithm.ES256.equals(algorithm)
          && key instanceof ECKey ec
          && Curve.P_256.equals(ec.getCurve())) {
        return new ECDSAVerifier(ec);
      }
      if (JWSAlgorithm.RS256.equals(algorithm)
          && key instanceof RSAKey rsa
          && rsa.size() >= MIN_RSA_BITS) {
        return new RSASSAVerifier(rsa);
      }
    } catch (JOSEException ex) {
      throw ProofException.invalid("unusable key");
    }
    throw ProofException.invalid(
        "key does not fit alg (EC P-256 for ES256, RSA >= 2048 for RS256)");
  }

  static String thumbprint(JWK key) throws ProofException {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException ex) {
      throw ProofException.invalid("unusable key");
    }
  }

  /**
   * A verified proof.
   *
   * @param jti the challenge it answers
   * @param authorization the {@code authorization} claim, if any
   * @param key the public key that verified it
   * @param jkt the key's RFC 7638 SHA-256 thumbprint
   */
  record Proof(String jti, @Nullable String authorization, JWK key, String jkt) {}

  /**
   * Why a proof was refused: {@code error} is the problem's stable member and the audit reason;
   * {@code detail} is safe to show (never the proof itself).
   */
  static final class ProofException extends Exception {

    private final String error;
    private final boolean wrongKey;

    private ProofException(String error, String detail, boolean wrongKey) {
      super(detail, null, false, false);
      this.error = error;
      this.wrongKey = wrongKey;
    }

    static ProofException missing() {
      return new ProofException("missing_proof", "no Secure-Session-Response header", false);
    }

    static ProofException invalid(String detail) {
      return new ProofException("invalid_proof", detail, false);
    }

    static ProofException wrongKey(String detail) {
      return new ProofException("wrong_key", detail, true);
    }

    String error() {
      return error;
    }

    /** A well-formed proof by a key that is not the one it claims or the session's: 403. */
    boolean wrongKey() {
      return wrongKey;
    }
  }
}
