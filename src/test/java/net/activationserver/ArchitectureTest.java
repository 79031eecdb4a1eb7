package net.activationserver;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house's dependency rules (docs/DECISIONS.md, "Components and their order"), checked on the compiled server code:
 * a back-reference fails the build.
 */
class ArchitectureTest {

    private static final String ROOT = "net.activationserver";
    /** The components, ground floor first: each may use those before it, never one after it. */
    static final List<String> ORDER = List.of("server", "api", "audit", "licensing", "metering", "network", "activation", "admin");

    private static JavaClasses server;

    /**
     * The one back-reference left, while issue 18 is under way: the console's "All Networks" facade lists, edits and
     * deregisters licensed appliances (activation's instances) beside those added by hand. It moves to activation's side.
     */
    private static final DescribedPredicate<JavaClass> NETWORKS_FACADE = JavaClass.Predicates.simpleName("Networks")
            .and(JavaClass.Predicates.resideInAPackage(ROOT + ".network.boundary"));
    private static final DescribedPredicate<JavaClass> ACTIVATION = JavaClass.Predicates.resideInAPackage(ROOT + ".activation..");

    @BeforeAll
    static void importServer() {
        server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void theGroundFloorUsesNoComponent() {
        noClasses().that().resideInAPackage(ROOT + ".server..")
                .should().dependOnClassesThat().resideInAnyPackage(ORDER.stream().skip(1).map(c -> ROOT + "." + c + "..").toArray(String[]::new))
                .because("server is what every component stands on; start-up work is an event the components observe")
                .check(server);
    }

    @Test
    void componentsUseOnlyTheComponentsBelowThem() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String component : ORDER) {
            layers = layers.layer(component).definedBy(ROOT + "." + component + "..");
        }
        for (int i = 0; i < ORDER.size() - 1; i++) {
            layers = layers.whereLayer(ORDER.get(i)).mayOnlyBeAccessedByLayers(ORDER.subList(i + 1, ORDER.size()).toArray(String[]::new));
        }
        layers.whereLayer(ORDER.get(ORDER.size() - 1)).mayNotBeAccessedByAnyLayer()
                .ignoreDependency(NETWORKS_FACADE, ACTIVATION)
                .check(server);
    }

    @Test
    void componentsFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().ignoreDependency(NETWORKS_FACADE, ACTIVATION).check(server);
    }

    @Test
    void entitiesUseNoBoundaryAndNoControl() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAnyPackage("..boundary..", "..control..", "..console..")
                .check(server);
    }

    @Test
    void controlsUseNoBoundary() {
        noClasses().that().resideInAPackage("..control..")
                .should().dependOnClassesThat().resideInAnyPackage("..boundary..", "..console..")
                .check(server);
    }
}
