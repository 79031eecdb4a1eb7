package net.activationserver;

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
    static final List<String> ORDER = List.of("server", "api", "audit", "licensing", "metering", "network", "activation", "events", "admin");

    private static JavaClasses server;

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
        layers.whereLayer(ORDER.get(ORDER.size() - 1)).mayNotBeAccessedByAnyLayer().check(server);
    }

    @Test
    void componentsFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(server);
    }

    @Test
    void entitiesUseNoBoundaryAndNoControl() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAnyPackage("..boundary..", "..control..", "..console..")
                .check(server);
    }

    /**
     * Every facade says who may call it, at class level ({@code @PermitAll} or {@code @RolesAllowed}; its admin methods
     * narrow it): WildFly refuses every call to an unannotated method of a bean that has any security annotation, Payara
     * lets it through, so only a bean that says it for all its methods behaves the same on both.
     */
    @Test
    void everyFacadeSaysWhoMayCallIt() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that().areAnnotatedWith(jakarta.ejb.Stateless.class)
                .should().beAnnotatedWith(jakarta.annotation.security.PermitAll.class)
                .orShould().beAnnotatedWith(jakarta.annotation.security.RolesAllowed.class)
                .because("the container checks roles on the facades, the same way on every runtime")
                .check(server);
    }

    @Test
    void noClassIsLongerThan350Lines() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            List<String> long_ = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 350)
                    .map(f -> f + " (" + lines(f) + " lines)").toList();
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), long_, "split these: a class does one job");
        }
    }

    private static long lines(java.nio.file.Path file) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file)) {
            return lines.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void controlsUseNoBoundary() {
        noClasses().that().resideInAPackage("..control..")
                .should().dependOnClassesThat().resideInAnyPackage("..boundary..", "..console..")
                .check(server);
    }
}
