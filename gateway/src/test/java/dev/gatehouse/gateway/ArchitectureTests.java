package dev.gatehouse.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package-by-feature structure, checked: features do not depend on each other in cycles, and
 * reach each other only through the public types each declares as its API.
 */
class ArchitectureTests {

  private static final String BASE = "dev.gatehouse.gateway.";

  /**
   * Every public top-level type of the gateway, by feature: what other features may use. A type not
   * listed here must be package-private; adding one is a decision, made here.
   */
  private static final Set<String> DECLARED_API =
      Set.of(
          "GatewayApplication",
          "revocation.LongLivedConnections",
          "session.CacheProperties",
          "session.CookieHeader",
          "session.CredentialResolution",
          "session.DeviceBinding",
          "session.Introspection",
          "session.IntrospectionProperties",
          "session.IntrospectionUnavailableException",
          "session.SessionCredential",
          "session.SessionCredentialResolver",
          "session.SessionIntrospector",
          "session.SessionProperties",
          "system.AccessLogWebFilter",
          "system.Denial",
          "system.GatewayErrors",
          "system.RedisSeal",
          "system.SecurityHeadersWebFilter",
          "system.SessionPrincipal",
          "token.InternalTokenMinter",
          "token.TokenProperties",
          "token.TokenTooLargeException");

  /** Imported once for the class: every rule reads the same classes. */
  private static final JavaClasses GATEWAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.gatehouse.gateway");

  @Test
  void featurePackagesWhenImportedThenFreeOfCycles() {
    slices().matching("dev.gatehouse.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"routing", "session", "token", "revocation", "system", "upstream"})
  void featureWhenImportedThenReachedFromOtherFeaturesOnlyThroughPublicTypes(String feature) {
    classes()
        .that()
        .resideInAPackage(BASE + feature)
        .and()
        .doNotHaveModifier(JavaModifier.PUBLIC)
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAPackage(BASE + feature)
        .because("a feature's package-private types are its own")
        .check(GATEWAY);
  }

  @Test
  void publicTypesWhenImportedThenOnlyTheDeclaredApi() {
    Set<String> undeclared = new TreeSet<>();
    for (JavaClass type : GATEWAY) {
      if (type.isTopLevelClass()
          && type.getModifiers().contains(JavaModifier.PUBLIC)
          && !type.getSimpleName().equals("package-info")) {
        String name = type.getName().substring(BASE.length());
        if (!DECLARED_API.contains(name)) {
          undeclared.add(name);
        }
      }
    }
    assertThat(undeclared)
        .as("public types not in the declared API: make them package-private")
        .isEmpty();
  }

  @Test
  void systemPackageWhenImportedThenDependsOnNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("dev.gatehouse.gateway.system..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.gatehouse.gateway.routing..",
            "dev.gatehouse.gateway.session..",
            "dev.gatehouse.gateway.token..",
            "dev.gatehouse.gateway.revocation..")
        .check(GATEWAY);
  }

  /**
   * One call blocks on purpose, on the main thread while the context starts: the key heartbeat
   * waits for the shared directory to confirm the first signing key before the port opens.
   */
  private static final DescribedPredicate<JavaMethodCall> STARTING_ON_THE_MAIN_THREAD =
      DescribedPredicate.describe(
          "made by KeyRotation.publishFirstKey()",
          call ->
              call.getOriginOwner().getName().equals(BASE + "token.KeyRotation")
                  && call.getOrigin().getName().equals("publishFirstKey"));

  @Test
  void gatewayWhenImportedThenNeverBlocks() {
    noClasses()
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "Mono.block() other than " + STARTING_ON_THE_MAIN_THREAD.getDescription(),
                (JavaMethodCall call) ->
                    call.getTargetOwner().isEquivalentTo(reactor.core.publisher.Mono.class)
                        && call.getName().equals("block")
                        && !STARTING_ON_THE_MAIN_THREAD.test(call)))
        .orShould()
        .callMethod(reactor.core.publisher.Flux.class, "blockLast")
        .orShould()
        .callMethod(reactor.core.publisher.Flux.class, "blockFirst")
        .check(GATEWAY);
  }
}
