package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.token.InternalTokenMinter;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.util.Assert;

/**
 * What Gatehouse does on one route, read from the route's {@code metadata}:
 *
 * <pre>
 * metadata:
 *   gatehouse:
 *     audience: demo-backend   # aud of the tokens minted for this route (default: the route id)
 *     auth: required           # required | optional | none (default: required)
 *     roles: admin             # any-of, comma-separated or a list (default: none needed)
 *     claims: sid,roles        # optional claims in the token (default: all of them)
 *     mfa: required            # required | optional (default: optional): step-up, below
 *     binding: preferred       # required | preferred | off (default: preferred): DBSC, below
 * </pre>
 *
 * A route without metadata needs a session: a forgotten setting fails closed. A route with {@code
 * mfa: required} also needs a session whose user passed a second factor ({@code otp} in the
 * session's {@code amr}); others are sent to step-up (RFC 9470). {@code binding} says what a
 * device-bound session (DBSC) needs here ({@link BindingMode}, {@link BindingRule}).
 *
 * @param routeId the route id
 * @param audience the {@code aud} claim of tokens minted for this route
 * @param auth whether a session is needed
 * @param roles the caller needs one of these roles, if not empty
 * @param claims the optional claims ({@link InternalTokenMinter#OPTIONAL_CLAIMS}) to put in this
 *     route's tokens, or null for all of them
 * @param mfaRequired whether the session needs a second factor
 * @param binding what a device-bound session needs on this route
 */
record RoutePolicy(
    String routeId,
    String audience,
    AuthMode auth,
    List<String> roles,
    @Nullable Set<String> claims,
    boolean mfaRequired,
    BindingMode binding) {

  private static final String PREFIX = "gatehouse";

  /** A route that needs no second factor. */
  RoutePolicy(
      String routeId,
      String audience,
      AuthMode auth,
      List<String> roles,
      @Nullable Set<String> claims) {
    this(routeId, audience, auth, roles, claims, false);
  }

  /** A route with the default binding mode ({@link BindingMode#PREFERRED}). */
  RoutePolicy(
      String routeId,
      String audience,
      AuthMode auth,
      List<String> roles,
      @Nullable Set<String> claims,
      boolean mfaRequired) {
    this(routeId, audience, auth, roles, claims, mfaRequired, BindingMode.PREFERRED);
  }

  public RoutePolicy {
    Assert.hasText(routeId, "routeId cannot be empty");
    Assert.hasText(audience, "audience cannot be empty");
    Assert.notNull(auth, "auth cannot be null");
    Assert.notNull(binding, "binding cannot be null");
    roles = List.copyOf(roles);
    if (claims != null) {
      claims = Set.copyOf(claims);
      for (String claim : claims) {
        Assert.isTrue(
            InternalTokenMinter.OPTIONAL_CLAIMS.contains(claim),
            "gatehouse.claims may only name "
                + InternalTokenMinter.OPTIONAL_CLAIMS
                + ", not '"
                + claim
                + "'");
      }
    }
  }

  /** Reads the policy of {@code route}; bad metadata is an {@link IllegalArgumentException}. */
  public static RoutePolicy of(Route route) {
    return of(route.getId(), route.getMetadata());
  }

  /** Reads the policy of the route {@code routeId} from its {@code metadata}. */
  public static RoutePolicy of(String routeId, Map<String, Object> metadata) {
    @Nullable Object audience = setting(metadata, "audience");
    @Nullable Object auth = setting(metadata, "auth");
    @Nullable Object roles = setting(metadata, "roles");
    @Nullable Object claims = setting(metadata, "claims");
    @Nullable Object mfa = setting(metadata, "mfa");
    @Nullable Object binding = setting(metadata, "binding");
    try {
      return new RoutePolicy(
          routeId,
          audience != null ? audience.toString().trim() : routeId,
          auth != null ? AuthMode.parse(auth.toString()) : AuthMode.REQUIRED,
          names(roles),
          claims != null ? Set.copyOf(names(claims)) : null,
          mfa != null && mfaRequired(mfa.toString()),
          binding != null ? BindingMode.parse(binding.toString()) : BindingMode.PREFERRED);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          "route '" + routeId + "' has invalid gatehouse metadata: " + ex.getMessage(), ex);
    }
  }

  private static boolean mfaRequired(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "required" -> true;
      case "optional" -> false;
      default ->
          throw new IllegalArgumentException(
              "gatehouse.mfa must be required or optional, not '" + value + "'");
    };
  }

  /** Both the nested YAML form ({@code gatehouse: {auth: ..}}) and flat keys work. */
  private static @Nullable Object setting(Map<String, Object> metadata, String name) {
    if (metadata.get(PREFIX) instanceof Map<?, ?> nested && nested.get(name) != null) {
      return nested.get(name);
    }
    return metadata.get(PREFIX + "." + name);
  }

  private static List<String> names(@Nullable Object value) {
    if (value == null) {
      return List.of();
    }
    Collection<?> items =
        value instanceof Map<?, ?> indexed
            ? indexed.values()
            : value instanceof Collection<?> list
                ? list
                : Arrays.asList(value.toString().split(","));
    return items.stream()
        .map(item -> item.toString().trim().toLowerCase(Locale.ROOT))
        .filter(role -> !role.isEmpty())
        .toList();
  }
}
