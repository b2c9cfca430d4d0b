package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutePolicyTests {

  @Test
  void ofWhenNoMetadataThenSessionRequiredWithTheRouteIdAsAudience() {
    RoutePolicy policy = RoutePolicy.of("orders", Map.of());

    assertThat(policy.auth()).as("a forgotten setting fails closed").isEqualTo(AuthMode.REQUIRED);
    assertThat(policy.audience()).isEqualTo("orders");
    assertThat(policy.roles()).isEmpty();
    assertThat(policy.claims()).as("all optional claims").isNull();
  }

  @Test
  void ofWhenNestedYamlMetadataThenEverySettingRead() {
    Map<String, Object> gatehouse = new LinkedHashMap<>();
    gatehouse.put("audience", " orders-api ");
    gatehouse.put("auth", "optional");
    gatehouse.put("roles", "Admin, support");
    gatehouse.put("claims", "sid,roles");

    RoutePolicy policy = RoutePolicy.of("orders", Map.of("gatehouse", gatehouse));

    assertThat(policy.audience()).isEqualTo("orders-api");
    assertThat(policy.auth()).isEqualTo(AuthMode.OPTIONAL);
    assertThat(policy.roles()).containsExactly("admin", "support");
    assertThat(policy.claims()).isEqualTo(Set.of("sid", "roles"));
  }

  @Test
  void ofWhenFlatKeysOrListsThenReadAlike() {
    RoutePolicy flat =
        RoutePolicy.of("admin", Map.of("gatehouse.auth", "none", "gatehouse.roles", "admin"));
    RoutePolicy indexed =
        RoutePolicy.of("admin", Map.of("gatehouse", Map.of("roles", indexed("admin", "ops"))));
    RoutePolicy listed =
        RoutePolicy.of("admin", Map.of("gatehouse", Map.of("roles", List.of("admin", "ops"))));

    assertThat(flat.auth()).isEqualTo(AuthMode.NONE);
    assertThat(flat.roles()).containsExactly("admin");
    assertThat(indexed.roles()).containsExactly("admin", "ops");
    assertThat(listed.roles()).containsExactly("admin", "ops");
  }

  @ParameterizedTest
  @ValueSource(strings = {"requried", "", "maybe", "true"})
  void ofWhenAuthModeUnknownThenRefusedNamingTheRoute(String auth) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutePolicy.of("orders", Map.of("gatehouse", Map.of("auth", auth))))
        .withMessageContaining("route 'orders' has invalid gatehouse metadata");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sub", "email", "sid,password", "exp"})
  void ofWhenClaimsNameAnUnknownOrMandatoryClaimThenRefused(String claims) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutePolicy.of("orders", Map.of("gatehouse", Map.of("claims", claims))))
        .withMessageContaining("route 'orders' has invalid gatehouse metadata")
        .withMessageContaining("gatehouse.claims may only name");
  }

  @Test
  void ofWhenAudienceBlankThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutePolicy.of("orders", Map.of("gatehouse", Map.of("audience", "  "))))
        .withMessageContaining("audience cannot be empty");
  }

  /** A YAML list as Spring binds it into route metadata: a map from index to item, in order. */
  private static Map<String, Object> indexed(String... items) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < items.length; i++) {
      map.put(Integer.toString(i), items[i]);
    }
    return map;
  }

  @ParameterizedTest
  @ValueSource(strings = {"required", " Required "})
  void ofWhenMfaRequiredThenStepUpRoute(String mfa) {
    assertThat(RoutePolicy.of("admin", Map.of("gatehouse", Map.of("mfa", mfa))).mfaRequired())
        .isTrue();
  }

  @Test
  void ofWhenMfaOptionalOrAbsentThenNoStepUp() {
    assertThat(RoutePolicy.of("a", Map.of("gatehouse", Map.of("mfa", "optional"))).mfaRequired())
        .isFalse();
    assertThat(RoutePolicy.of("a", Map.of()).mfaRequired()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "true", "requried", ""})
  void ofWhenMfaValueUnknownThenRefusedNamingTheRoute(String mfa) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutePolicy.of("admin", Map.of("gatehouse", Map.of("mfa", mfa))))
        .withMessageContaining("route 'admin'")
        .withMessageContaining("gatehouse.mfa");
  }

  @ParameterizedTest
  @CsvSource({
    "required, REQUIRED",
    "' Preferred ', PREFERRED",
    "off, OFF",
    "OFF, OFF",
    // YAML 1.1 reads an unquoted off as the boolean false
    "false, OFF"
  })
  void ofWhenBindingSetThenRead(String binding, BindingMode expected) {
    assertThat(RoutePolicy.of("r", Map.of("gatehouse", Map.of("binding", binding))).binding())
        .isEqualTo(expected);
  }

  @Test
  void ofWhenBindingAbsentThenPreferred() {
    assertThat(RoutePolicy.of("r", Map.of()).binding()).isEqualTo(BindingMode.PREFERRED);
    assertThat(RoutePolicy.of("r", Map.of("gatehouse.binding", "required")).binding())
        .as("flat key")
        .isEqualTo(BindingMode.REQUIRED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "true", "optional", "bound", ""})
  void ofWhenBindingValueUnknownThenRefusedNamingTheRoute(String binding) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutePolicy.of("api", Map.of("gatehouse", Map.of("binding", binding))))
        .withMessageContaining("route 'api'")
        .withMessageContaining("gatehouse.binding must be required, preferred or off");
  }
}
