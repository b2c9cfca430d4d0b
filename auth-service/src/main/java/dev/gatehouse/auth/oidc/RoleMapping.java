package dev.gatehouse.auth.oidc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A provider's groups to Gatehouse roles through the registration's allow-list: the default roles
 * plus the role of every listed group the user is in. A group that is not listed gives nothing,
 * whatever it is called (a provider's "admin" group is not Gatehouse's admin unless mapped).
 */
final class RoleMapping {

  private RoleMapping() {}

  /** The roles, sorted like {@code UserDirectory}'s. */
  static List<String> roles(OidcProperties.Provider provider, Map<String, Object> claims) {
    TreeSet<String> roles = new TreeSet<>(provider.defaultRoles());
    for (String group : groups(claims.get(provider.rolesClaim()))) {
      String role = provider.roleMapping().get(group);
      if (role != null) {
        roles.add(role);
      }
    }
    return List.copyOf(roles);
  }

  private static List<String> groups(@Nullable Object claim) {
    if (claim instanceof String single) {
      return List.of(single);
    }
    if (claim instanceof Collection<?> many) {
      return many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
