package dev.gatehouse.protocol;

import java.util.List;

/**
 * The {@code X-Gatehouse-*} identity headers: the gateway sets them on relayed requests, next to
 * the internal JWT in {@code Authorization: Bearer} (RFC 6750), and auth-service's forward-auth
 * answers with them (plus {@link #SID}) for other proxies. They are conveniences for logs and for
 * upstreams that do not verify the JWT; the gateway strips any a client sent. {@code
 * X-Gatehouse-Client} is {@link ClientAddressProof#HEADER}.
 */
public final class GatehouseHeaders {

  /** The user id ({@code sub}). */
  public static final String USER = "X-Gatehouse-User";

  /** The login name. */
  public static final String USERNAME = "X-Gatehouse-Username";

  /** The user's roles, comma-separated. */
  public static final String ROLES = "X-Gatehouse-Roles";

  /** The public session id: in forward-auth answers only; the gateway strips it from clients. */
  public static final String SID = "X-Gatehouse-Sid";

  /** The identity headers the gateway sets on relayed requests, in the order it sets them. */
  public static final List<String> IDENTITY = List.of(USER, USERNAME, ROLES);

  private GatehouseHeaders() {}
}
