package dev.gatehouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON body of an RFC 7662 §2.2 introspection response, as auth-service writes it and the
 * gateway reads it (and caches it). Inactive is exactly {@code {"active":false}}: no reason, so an
 * unknown, expired or revoked token cannot be told apart (§2.2, §4). Every field but {@code active}
 * is absent when inactive; the reader decides what an active answer missing a field means (the
 * gateway fails closed). Unknown members are ignored, as §2.2 allows the server to add them.
 *
 * @param active whether the token names an active session; absent is read as not active
 * @param sub the user id
 * @param username the login name
 * @param sid the public session id
 * @param roles the user's roles, plain lower-case names
 * @param iat when the session was created, epoch seconds
 * @param exp the session's absolute expiry, epoch seconds: a cached result must not outlive it
 * @param authTime when the user authenticated, epoch seconds ({@code auth_time})
 * @param amr how the user authenticated ({@link Assurance#PASSWORD_ONLY}, {@link
 *     Assurance#PASSWORD_AND_OTP}); absent is read as password only
 * @param acr the assurance class ({@link Assurance#ACR_PASSWORD}, {@link Assurance#ACR_MFA})
 * @param binding the session's device binding (DBSC) as seen with the bound credential that came
 *     with the request: {@link SessionBinding#BOUND} (bound, credential valid until {@code
 *     bound_until}), {@link SessionBinding#PENDING} (bound moments ago, no credential in the
 *     request: counts as not bound until {@code bound_until}), {@link SessionBinding#UNVERIFIED}
 *     (bound, but the credential is missing, unknown or expired); absent: the session is not bound
 * @param cnf the key the session is bound to (RFC 7800 {@code cnf} with a {@code jkt}, RFC 9449
 *     §6.2 style); present only with {@code binding} {@value SessionBinding#BOUND}
 * @param boundUntil when the presented bound credential expires (with {@code binding} {@value
 *     SessionBinding#BOUND}) or the registration grace ends (with {@value SessionBinding#PENDING}),
 *     epoch seconds: a cached answer must not count after that
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntrospectionResponse(
    @JsonProperty("active") @Nullable Boolean active,
    @JsonProperty("sub") @Nullable String sub,
    @JsonProperty("username") @Nullable String username,
    @JsonProperty("sid") @Nullable String sid,
    @JsonProperty("roles") @Nullable List<String> roles,
    @JsonProperty("iat") @Nullable Long iat,
    @JsonProperty("exp") @Nullable Long exp,
    @JsonProperty("auth_time") @Nullable Long authTime,
    @JsonProperty("amr") @Nullable List<String> amr,
    @JsonProperty("acr") @Nullable String acr,
    @JsonProperty("binding") @Nullable String binding,
    @JsonProperty("cnf") @Nullable Confirmation cnf,
    @JsonProperty("bound_until") @Nullable Long boundUntil) {

  /**
   * RFC 7800 §3.1 confirmation: the JWK SHA-256 thumbprint (RFC 7638) of the session's key.
   *
   * @param jkt the base64url thumbprint
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Confirmation(@JsonProperty("jkt") String jkt) {}

  /** {@code {"active":false}}. */
  public static final IntrospectionResponse INACTIVE =
      new IntrospectionResponse(
          false, null, null, null, null, null, null, null, null, null, null, null, null);

  /** Without the binding members: a session that is not device-bound. */
  public IntrospectionResponse(
      @Nullable Boolean active,
      @Nullable String sub,
      @Nullable String username,
      @Nullable String sid,
      @Nullable List<String> roles,
      @Nullable Long iat,
      @Nullable Long exp,
      @Nullable Long authTime,
      @Nullable List<String> amr,
      @Nullable String acr) {
    this(active, sub, username, sid, roles, iat, exp, authTime, amr, acr, null, null, null);
  }

  /** Without {@code amr} and {@code acr}: what auth-service wrote before it recorded them. */
  public IntrospectionResponse(
      @Nullable Boolean active,
      @Nullable String sub,
      @Nullable String username,
      @Nullable String sid,
      @Nullable List<String> roles,
      @Nullable Long iat,
      @Nullable Long exp,
      @Nullable Long authTime) {
    this(active, sub, username, sid, roles, iat, exp, authTime, null, null);
  }

  /** An active answer of a password-only session; times are epoch seconds. */
  public static IntrospectionResponse active(
      String sub,
      String username,
      String sid,
      List<String> roles,
      long iat,
      long exp,
      long authTime) {
    return active(sub, username, sid, roles, iat, exp, authTime, Assurance.PASSWORD_ONLY);
  }

  /** An active answer; times are epoch seconds, {@code acr} follows from {@code amr}. */
  public static IntrospectionResponse active(
      String sub,
      String username,
      String sid,
      List<String> roles,
      long iat,
      long exp,
      long authTime,
      List<String> amr) {
    return new IntrospectionResponse(
        true,
        sub,
        username,
        sid,
        List.copyOf(roles),
        iat,
        exp,
        authTime,
        List.copyOf(amr),
        Assurance.acr(amr));
  }

  /** This answer with the given binding members (see {@link SessionBinding}). */
  public IntrospectionResponse withBinding(
      @Nullable String binding, @Nullable Confirmation cnf, @Nullable Long boundUntil) {
    return new IntrospectionResponse(
        active, sub, username, sid, roles, iat, exp, authTime, amr, acr, binding, cnf, boundUntil);
  }

  /** Whether {@code active} is present and {@code true}. */
  public boolean isActive() {
    return Boolean.TRUE.equals(active);
  }
}
