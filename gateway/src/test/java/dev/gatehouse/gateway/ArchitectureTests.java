package dev.gatehouse.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package-by-feature structure, checked: features do not depend on each other in cycles. */
class ArchitectureTests {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.gatehouse.gateway");

  @Test
  void featurePackagesWhenImportedThenFreeOfCycles() {
    slices().matching("dev.gatehouse.gateway.(*)..").should().beFreeOfCycles().check(classes);
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
        .check(classes);
  }

  @Test
  void gatewayWhenImportedThenNeverBlocks() {
    noClasses()
        .should()
        .callMethod(reactor.core.publisher.Mono.class, "block")
        .orShould()
        .callMethod(reactor.core.publisher.Flux.class, "blockLast")
        .orShould()
        .callMethod(reactor.core.publisher.Flux.class, "blockFirst")
        .check(classes);
  }
}
