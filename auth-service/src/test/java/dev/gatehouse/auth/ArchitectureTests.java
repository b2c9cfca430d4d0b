package dev.gatehouse.auth;

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
          .importPackages("dev.gatehouse.auth");

  @Test
  void featurePackagesWhenImportedThenFreeOfCycles() {
    slices().matching("dev.gatehouse.auth.(*)..").should().beFreeOfCycles().check(classes);
  }
}
