package dev.gatehouse.gateway.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The JSON body of an RFC 7662 §2.2 introspection response, as sent by auth-service. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record IntrospectionResponse(
    @JsonProperty("active") @Nullable Boolean active,
    @JsonProperty("sub") @Nullable String sub,
    @JsonProperty("username") @Nullable String username,
    @JsonProperty("sid") @Nullable String sid,
    @JsonProperty("roles") @Nullable List<String> roles,
    @JsonProperty("iat") @Nullable Long iat,
    @JsonProperty("exp") @Nullable Long exp,
    @JsonProperty("auth_time") @Nullable Long authTime) {

  /** The same JSON shape, for the shared cache. */
  static IntrospectionResponse of(Introspection introspection) {
    if (introspection instanceof Introspection.Active active) {
      return new IntrospectionResponse(
          true,
          active.userId(),
          active.username(),
          active.sid(),
          active.roles(),
          active.issuedAt().getEpochSecond(),
          active.expiresAt().getEpochSecond(),
          active.authTime().getEpochSecond());
    }
    return new IntrospectionResponse(false, null, null, null, null, null, null, null);
  }

  /**
   * Reads the response. An active answer that lacks a field the gateway needs is a protocol error,
   * not an inactive session: the gateway must fail closed without logging the user out.
   */
  Introspection toIntrospection() {
    if (!Boolean.TRUE.equals(active)) {
      return new Introspection.Inactive();
    }
    if (sub == null || username == null || sid == null || exp == null) {
      throw new IntrospectionUnavailableException(
          "active introspection response lacks sub, username, sid or exp");
    }
    Instant expiresAt = Instant.ofEpochSecond(exp);
    Instant issuedAt = iat != null ? Instant.ofEpochSecond(iat) : expiresAt;
    Instant authenticatedAt = authTime != null ? Instant.ofEpochSecond(authTime) : issuedAt;
    return new Introspection.Active(
        sub,
        username,
        sid,
        roles != null ? roles : List.of(),
        issuedAt,
        expiresAt,
        authenticatedAt);
  }
}
